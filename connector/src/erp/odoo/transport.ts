/**
 * What the Odoo client needs from a transport: run one method of one model. A call is described once, by name,
 * and each transport encodes it its own way (JSON-2: every argument by name; JSON-RPC: ids and the `positional`
 * arguments in order, the rest as keyword arguments), so both send what a real Odoo expects.
 */
import { classify, PermanentError } from '../../core/errors.ts';
import type { ErpCallHook, ErpContext } from '../erp-port.ts';

export interface OdooCall {
  model: string;
  method: string;
  /** The records the method runs on; null for a model-level method (create, search, fields_get). */
  ids: readonly number[] | null;
  /** The method's arguments by name, as JSON-2 sends them. */
  named: Readonly<Record<string, unknown>>;
  /** Names in `named` that JSON-RPC must send positionally after the ids, in this order (create, write). */
  positional?: readonly string[];
  context?: ErpContext | undefined;
}

export type TransportKind = 'json2' | 'jsonrpc';

export interface OdooTransport {
  readonly kind: TransportKind;
  /** Runs the call; resolves to Odoo's result (null when the method returned nothing). */
  execute(call: OdooCall): Promise<unknown>;
}

/** Methods that change nothing: safe to resend when a kept-alive connection turns out dead. */
const READ_ONLY = new Set(['read', 'search', 'search_read', 'search_count', 'fields_get', 'context_get', 'name_search', 'read_group', 'default_get']);

/** Whether resending `method` can never write twice. */
export function isReadOnly(method: string): boolean {
  return READ_ONLY.has(method);
}

const NAME = /^[A-Za-z_][A-Za-z0-9_.]*$/;

/** Model and method names end up in URLs: refuse anything that is not a plain dotted name. */
export function assertNames(model: string, method: string): void {
  if (!NAME.test(model) || !NAME.test(method)) {
    throw new PermanentError('ERP_PROTOCOL', 'Invalid ERP model or method name', { model, method });
  }
}

/** Runs `fn` and reports its duration and outcome to the hook (a hook that throws never breaks the call). */
export async function observed<T>(
  hook: ErpCallHook | undefined,
  transport: TransportKind,
  model: string,
  method: string,
  fn: () => Promise<T>,
): Promise<T> {
  if (!hook) return fn();
  const started = performance.now();
  const report = (errorCode?: ReturnType<typeof classify>['code']): void => {
    try {
      hook({ model, method, transport, durationMs: performance.now() - started, ...(errorCode ? { errorCode } : {}) });
    } catch {
      // metrics must never fail a sync
    }
  };
  try {
    const value = await fn();
    report();
    return value;
  } catch (e) {
    report(classify(e).code);
    throw e;
  }
}
