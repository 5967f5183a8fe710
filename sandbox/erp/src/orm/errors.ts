/**
 * Odoo's exceptions as the external API shows them: the Python class name (`data.name` over JSON-RPC, `name` over
 * JSON-2), the message, and the HTTP status JSON-2 answers with. Clients classify errors by that name.
 */
import type { Json } from './types.ts';

export class OdooError extends Error {
  readonly odooName: string;
  readonly status: number;
  readonly args: Json[];
  constructor(odooName: string, message: string, status: number, args?: Json[]) {
    super(message);
    this.odooName = odooName;
    this.status = status;
    this.args = args ?? [message];
  }
}

/** A business rule refused the call (422). */
export function userError(message: string): OdooError {
  return new OdooError('odoo.exceptions.UserError', message, 422);
}

/** A constraint failed (422). */
export function validationError(message: string): OdooError {
  return new OdooError('odoo.exceptions.ValidationError', message, 422);
}

/** A programming error on the caller's side, such as an unknown field (500, like Odoo). */
export function valueError(message: string): OdooError {
  return new OdooError('builtins.ValueError', message, 500);
}

/** Access refused (403). */
export function accessError(message: string): OdooError {
  return new OdooError('odoo.exceptions.AccessError', message, 403);
}

/** Odoo's text for a missing required value, word for word (clients show it to users). */
export function missingRequired(modelDesc: string, model: string, label: string, field: string): OdooError {
  return validationError(
    `The operation cannot be completed: Missing required value for the field '${label}' (${field}).\n` +
      `Model: '${modelDesc}' (${model})\n` +
      '- create/update: a mandatory field is not set\n' +
      '- delete: another model requires the record being deleted, you can archive it instead\n',
  );
}

/** The unknown-field error Odoo raises from create/write/read/domains. */
export function invalidField(model: string, field: string): OdooError {
  return valueError(`Invalid field '${field}' in '${model}'`);
}
