/**
 * An order the ERP refused for good (a validation error, a user error, a field it does not know): a conflict a
 * person can see and retry, never a silent `failed` state. Odoo's text may quote the refused value (a name, an
 * address line), so the reason kept masks every quoted or bracketed value and is bounded.
 */
import type { SyncError } from '../../../core/errors.ts';
import { replaceUnsafeText } from '../../../core/storable-text.ts';

/** Odoo's reason without the values it quotes ('x', "x", [x], «x»), whitespace collapsed, at most 300 characters. */
export function maskedErpReason(error: SyncError): string {
  const raw = typeof error.details.odooMessage === 'string' ? error.details.odooMessage : error.message;
  return replaceUnsafeText(raw)
    .replace(/\[[^\]]*\]|"[^"]*"|'[^']*'|«[^»]*»|“[^”]*”/g, '…')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 300);
}

/** The conflict of an order the ERP refused: its code, a message saying what to do, Odoo's masked reason. */
export function erpRefusalConflict(error: SyncError): { code: SyncError['code']; message: string; details: Record<string, unknown> } {
  const reason = maskedErpReason(error);
  return {
    code: error.code,
    message: error.code.startsWith('ERP_')
      ? `The ERP refused the order (${error.code}): ${reason}. Correct the data or the ERP's rule, then retry`
      : `The order cannot be imported (${error.code}): ${reason}. Correct the cause, then retry`,
    details: { erpReason: reason, exceptionName: error.details.exceptionName ?? null },
  };
}
