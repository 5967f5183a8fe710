/**
 * Who may call a route. Every route declares `config: { access }`; the server refuses to start with a route that
 * declares none (default deny), and authentication is attached to the matched route, never to URL text.
 *
 * - `public`: probes and documentation (/health, /metrics, /docs); carries no business data.
 * - `read`: any authenticated caller (the panel's viewer, accountant and integrator roles, the admin token).
 * - `write`: changes configuration or data: the integrator role or the admin token.
 * - `resolve`: resolves conflicts: the integrator role or the admin token, and the accountant role for money
 *   conflicts (the route's handler checks the conflict).
 * - `admin`: the admin token alone (what stays with whoever runs the connector: the notification channel's AWS keys).
 *
 * The roles of each level are in auth/roles.ts; the admin token carries `admin`, a panel session its user's role.
 */
import type { FastifyRequest } from 'fastify';

export type Access = 'public' | 'read' | 'write' | 'resolve' | 'admin';

/** The authenticated caller of a request, set by the authentication of its route. */
export interface Principal {
  /** Shown in the audit log: `admin-token`, or a panel user's name (from the ERP's token or the local account). */
  name: string;
  roles: string[];
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal?: Principal;
  }
}

/** The name the audit log records for a request's caller. */
export function actorOf(req: FastifyRequest): string {
  return req.principal?.name ?? 'anonymous';
}
