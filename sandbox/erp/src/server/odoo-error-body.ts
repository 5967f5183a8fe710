/** Error bodies as Odoo serialises exceptions (`name`, `message`, `arguments`, `context`, `debug`). */
import { UnknownModel } from '../orm/call.ts';
import { OdooError } from '../orm/errors.ts';
import type { Json } from '../orm/types.ts';

export interface ErrorBody {
  status: number;
  body: { name: string; message: string; arguments: Json[]; context: Record<string, Json>; debug: string };
}

function body(name: string, message: string, args: Json[]): ErrorBody['body'] {
  return { name, message, arguments: args, context: {}, debug: `Traceback (most recent call last):\n  (ERP sandbox)\n${name}: ${message}\n` };
}

/** Maps any failure of a call to Odoo's error (status for JSON-2, body for both transports). */
export function toErrorBody(e: unknown, transport: 'json2' | 'jsonrpc'): ErrorBody {
  if (e instanceof UnknownModel) {
    if (transport === 'jsonrpc') {
      const msg = `Object ${e.model} doesn't exist`;
      return { status: 200, body: body('odoo.exceptions.UserError', msg, [msg]) };
    }
    return { status: 404, body: body('werkzeug.exceptions.NotFound', e.message, [e.message, 404]) };
  }
  if (e instanceof OdooError) return { status: e.status, body: body(e.odooName, e.message, e.args) };
  const pg = e as { code?: string; message?: string; constraint?: string; table?: string };
  if (pg.code === '23503' || pg.code === '23502' || pg.code === '23505') {
    const msg = 'The operation cannot be completed: another model requires the record being deleted. If possible, archive it instead.\n\n' +
      `Model: ${pg.table ?? '?'}, Constraint: ${pg.constraint ?? pg.code}`;
    return { status: 422, body: body('odoo.exceptions.ValidationError', msg, [msg]) };
  }
  if (pg.code === '22P02' || pg.code === '22003' || pg.code === '42804') {
    const msg = `Invalid value: ${pg.message ?? ''}`;
    return { status: 500, body: body('builtins.ValueError', msg, [msg]) };
  }
  const msg = (e as Error)?.message ?? String(e);
  return { status: 500, body: body('builtins.Exception', msg, [msg]) };
}
