// Classification by Odoo's exception name, including names the recordings do not show.
import { describe, expect, it } from 'vitest';
import { fromOdooException } from './odoo-errors.ts';

describe('fromOdooException', () => {
  it.each([
    ['odoo.exceptions.ValidationError', 'Missing required value', 422, 'permanent', 'ERP_VALIDATION'],
    ['odoo.exceptions.UserError', 'Order has no lines', 422, 'permanent', 'ERP_USER_ERROR'],
    ['odoo.exceptions.MissingError', 'Record does not exist or has been deleted.', 422, 'permanent', 'ERP_USER_ERROR'],
    ['odoo.exceptions.UserError', "Object no.such.model doesn't exist", 200, 'permanent', 'ERP_UNKNOWN_MODEL'],
    ['werkzeug.exceptions.NotFound', "the model 'x' does not exist", 404, 'permanent', 'ERP_UNKNOWN_MODEL'],
    ['builtins.ValueError', "Invalid field 'x' in 'res.partner'", 500, 'permanent', 'ERP_UNKNOWN_FIELD'],
    ['builtins.ValueError', 'Wrong value for sale.order.state', 500, 'permanent', 'ERP_VALIDATION'],
    ['builtins.TypeError', "create() got an unexpected keyword argument 'foo'", 500, 'permanent', 'ERP_PROTOCOL'],
    ['odoo.exceptions.AccessError', 'Private methods cannot be called remotely', 403, 'permanent', 'ERP_ACCESS_DENIED'],
    ['odoo.exceptions.AccessDenied', 'Access Denied', 200, 'permanent', 'ERP_AUTH_FAILED'],
    ['werkzeug.exceptions.Unauthorized', 'Invalid apikey', 401, 'permanent', 'ERP_AUTH_FAILED'],
    ['psycopg2.errors.UniqueViolation', 'duplicate key value violates unique constraint', 500, 'permanent', 'ERP_VALIDATION'],
    ['psycopg2.OperationalError', 'FATAL: database "nope" does not exist', 200, 'permanent', 'CONFIG_INVALID'],
    ['psycopg2.errors.SerializationFailure', 'could not serialize access due to concurrent update', 500, 'retryable', 'ERP_UNAVAILABLE'],
    ['odoo.exceptions.ConcurrencyError', 'Concurrent update', 409, 'retryable', 'ERP_UNAVAILABLE'],
    ['psycopg2.OperationalError', 'server closed the connection unexpectedly', 500, 'retryable', 'ERP_UNAVAILABLE'],
  ])('%s (%s) -> %s %s', (name, message, status, kind, code) => {
    const err = fromOdooException({ name, message }, status);
    expect([err.kind, err.code]).toEqual([kind, code]);
    expect(err.details).toEqual({ exceptionName: name, odooMessage: message, httpStatus: status });
  });

  it('keeps a readable first line in the message and caps very long Odoo messages', () => {
    const err = fromOdooException({ name: 'odoo.exceptions.UserError', message: `First line\n${'x'.repeat(5000)}` }, 422);
    expect(err.message).toBe('UserError: First line');
    expect(String(err.details.odooMessage).length).toBeLessThanOrEqual(2001);
  });
});
