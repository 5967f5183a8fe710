/** Per-request context: the Amazon service the Host header names, and what to write to the call log. */
import type { HostTarget } from './host-routing.ts';

export interface CallInfo {
  operation: string;
  sellerId: string | null;
  throttled: boolean;
  /** The injected fault the call met, if any (faults.ts). */
  fault?: string;
  /** A `*_after_accept` fault drawn for this call: the operation runs, then its answer is held or dropped. */
  afterAccept?: { kind: 'timeout_after_accept' | 'drop_after_accept'; holdMs: number };
}

declare module 'fastify' {
  interface FastifyRequest {
    target: HostTarget;
    callInfo: CallInfo | undefined;
  }
}
