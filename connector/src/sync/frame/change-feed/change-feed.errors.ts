/** The change feed's codes: the webhook route's refusal and the set-up's missing ERP module. */
import { defineErrorCodes } from '../../../core/errors.ts';

export const changeFeedErrorCodes = defineErrorCodes({
  WEBHOOK_REFUSED: { status: 404, description: 'no ERP webhook at this address (unknown backend, wrong or expired secret): nothing was queued' },
  MODULE_MISSING: { status: 422, description: "an ERP module a switched-on flow needs is not installed (install it in Odoo's Apps menu, or consent: erpSetup.installModules); the flows that need it wait" },
});

export type ChangeFeedErrorCode = keyof typeof changeFeedErrorCodes;

declare module '../../../core/errors.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging: the codes are the keys
  interface FlowErrorCodes extends Record<ChangeFeedErrorCode, true> {}
}

export const changeFeedErrorList = Object.entries(changeFeedErrorCodes).map(([code, e]) => ({ code, ...e }));
