/**
 * Which roles each access level admits (../access.ts). The admin token carries the role `admin`; a panel session
 * carries the role its ERP user or local account has: integrator (everything the panel does), accountant (reads,
 * and resolves money conflicts: the handler narrows `resolve`), viewer (reads only). `admin` routes are the admin
 * token's alone: what must stay with whoever runs the connector (the notification channel's AWS keys).
 */
import type { FastifyRequest, onRequestHookHandler } from 'fastify';
import { PermanentError } from '../../core/errors.ts';
import type { Access, Principal } from '../access.ts';

export type Level = Exclude<Access, 'public'>;

export const LEVEL_ROLES: Readonly<Record<Level, readonly string[]>> = {
  read: ['admin', 'integrator', 'accountant', 'viewer'],
  write: ['admin', 'integrator'],
  resolve: ['admin', 'integrator', 'accountant'],
  admin: ['admin'],
};

/** Whether `principal` may call a route of `level`. */
export const allows = (principal: Principal | undefined, level: Level): boolean =>
  principal !== undefined && principal.roles.some((r) => LEVEL_ROLES[level].includes(r));

export function forbidden(principal: Principal | undefined, what: string): PermanentError {
  return new PermanentError('FORBIDDEN_ROLE', `${principal?.roles.join(', ') || 'no role'}: may not ${what}`, { roles: principal?.roles ?? [] });
}

/** The hook after authentication: a known caller whose roles do not reach `level` gets 403 FORBIDDEN_ROLE. */
export function requireLevel(level: Level): onRequestHookHandler {
  return async (req: FastifyRequest) => {
    if (!allows(req.principal, level)) throw forbidden(req.principal, `${req.method} ${req.routeOptions.url} (needs ${LEVEL_ROLES[level].join(' or ')})`);
  };
}
