/** The steps every SP-API operation takes first: the access token, the region of the host, the usage plan. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { formatRate } from '../rate/usage-plans.ts';
import type { SandboxState } from '../state.ts';
import { TOKEN_DETAILS } from './access-tokens.ts';
import { quotaExceeded, unauthorized } from './amazon-errors.ts';

/** The seller calling, or undefined after an error answer was sent (403 or 429). */
export function guardSpApiCall(state: SandboxState, req: FastifyRequest, reply: FastifyReply, operation: string):
  string | undefined {
  req.callInfo = { operation, sellerId: null, throttled: false };
  const check = state.tokens.check(req.headers['x-amz-access-token']);
  if (!check.ok) {
    unauthorized(reply, check.details);
    return undefined;
  }
  req.callInfo.sellerId = check.sellerId;
  const seller = state.sellers.get(check.sellerId);
  // Amazon's sandbox examples span every region, so only production hosts check the seller's region.
  const sandbox = req.target.kind === 'sp-api' && req.target.sandbox;
  const region = req.target.kind === 'lwa' || req.target.kind === 'sqs' || sandbox ? undefined : req.target.region;
  if (!seller || (region !== undefined && seller.region !== region)) {
    // A token of a seller registered in another region: Amazon's endpoint of this region does not know it.
    unauthorized(reply, TOKEN_DETAILS.invalid);
    return undefined;
  }
  if (sandbox) return seller.sellerId; // Amazon's sandbox: no usage plan
  return admitCall(state, req, reply, operation, seller.sellerId) ? seller.sellerId : undefined;
}

/**
 * Injected faults, then the usage plan of `caller` (a seller, or an application for grantless operations); sets
 * x-amzn-RateLimit-Limit. False when an answer (fault, 429) was already sent.
 */
export function admitCall(state: SandboxState, req: FastifyRequest, reply: FastifyReply, operation: string,
  caller: string): boolean {
  const fault = state.faults.apply(operation, caller, req, reply);
  if (fault && !req.callInfo!.afterAccept) {
    req.callInfo!.throttled = fault === '429';
    req.callInfo!.fault = fault;
    // A dropped or held call never reaches onResponse: it is logged here, as what the client saw (no status).
    if (fault === 'drop' || fault === 'timeout') {
      state.calls.record({ at: new Date(state.now()).toISOString(), operation, sellerId: caller, status: 0, throttled: false, fault });
    }
    return false;
  }
  const take = state.buckets.take(caller, operation);
  if (!take.allowed) {
    // The model declares no x-amzn-RateLimit-Limit on a 429 (Amazon "may or may not" send one): none here; an
    // injected 429 fault can carry one (faults.ts).
    req.callInfo!.throttled = true;
    delete req.callInfo!.afterAccept; // nothing was accepted: the client sees the 429
    quotaExceeded(reply);
    return false;
  }
  // As the model declares it: on every answer of a call the usage plan admitted (200, and the 400 / 404 the
  // operation may still give), the rate a client should obey: the scaled one when timeScale or an override
  // changes it, the documented one otherwise.
  reply.header('x-amzn-RateLimit-Limit', formatRate(take.effectiveRate));
  return true;
}

/**
 * A grantless operation (Notifications destinations, subscriptions by id): a token of LWA's client_credentials
 * grant with `scope`; returns the application (LWA client id), or undefined after an error answer.
 * A seller's token is refused as Amazon refuses it: 403 Unauthorized "Access to requested resource is denied.".
 */
export function guardGrantlessCall(state: SandboxState, req: FastifyRequest, reply: FastifyReply, operation: string,
  scope: string): string | undefined {
  req.callInfo = { operation, sellerId: null, throttled: false };
  const check = state.tokens.checkGrantless(req.headers['x-amz-access-token'], scope);
  if (!check.ok) {
    unauthorized(reply, check.details);
    return undefined;
  }
  // Buckets are per caller: here the application, which is who a grantless call acts for.
  return admitCall(state, req, reply, operation, check.clientId) ? check.clientId : undefined;
}
