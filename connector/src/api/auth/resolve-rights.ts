/**
 * Who may resolve which conflict (access level `resolve`). The integrator role and the admin token resolve any;
 * the accountant role resolves money conflicts only: those whose code the error catalogue marks `money` (amounts,
 * taxes, currencies, invoices: TOTAL_MISMATCH, TAX_MISMATCH, TAX_UNMAPPED, INVOICE_TOTAL_MISMATCH, ...; each flow
 * marks its own codes where it declares them). An unknown SKU, a shipment or a cancellation needs an integrator.
 * A bulk resolve by an accountant must name its codes, all of them money codes.
 */
import type { FastifyRequest } from 'fastify';
import { allows, forbidden } from './roles.ts';

/** The checks of the conflict routes over the catalogue's money codes. */
export function resolveRights(moneyCodes: ReadonlySet<string>) {
  const accountant = (req: FastifyRequest) => req.principal?.roles.includes('accountant') === true;
  return {
    /** Whether the caller may resolve any conflict (no need to look at the conflict). */
    resolvesAll: (req: FastifyRequest): boolean => allows(req.principal, 'write'),
    /** Throws FORBIDDEN_ROLE unless the caller may resolve a conflict with `code`. */
    assertOne(req: FastifyRequest, code: string): void {
      if (allows(req.principal, 'write') || (accountant(req) && moneyCodes.has(code))) return;
      throw forbidden(req.principal, `resolve a ${code} conflict (an accountant resolves money conflicts only)`);
    },
    /** Throws FORBIDDEN_ROLE unless the caller may resolve every conflict a bulk filter with `codes` selects. */
    assertMany(req: FastifyRequest, codes: readonly string[] | undefined): void {
      if (allows(req.principal, 'write')) return;
      if (accountant(req) && codes !== undefined && codes.every((c) => moneyCodes.has(c))) return;
      throw forbidden(req.principal, 'resolve these conflicts (an accountant names money conflict codes only in `codes`)');
    },
  };
}
