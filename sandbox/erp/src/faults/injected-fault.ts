/**
 * How an injected fault reaches the client: the proxy's error page (nginx's, the usual proxy in front of Odoo),
 * Odoo's own server error, or a socket destroyed without an answer. Used by run-call.ts (when) and the transports
 * (how to answer).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { OdooError } from '../orm/errors.ts';
import type { ErpFaultKind } from './fault-rules.ts';

/** Thrown by runCall for a fault the transport answers itself (a proxy page or a dropped socket). */
export class InjectedFault extends Error {
  readonly kind: ErpFaultKind;
  constructor(kind: ErpFaultKind) {
    super(`injected fault: ${kind}`);
    this.kind = kind;
  }
}

const PROXY_TITLES: Record<string, string> = {
  '500': '500 Internal Server Error',
  '502': '502 Bad Gateway',
  '503': '503 Service Temporarily Unavailable',
};

/** The error of an `odoo_error` fault: what Odoo answers when its database connection fails mid-call. */
export function odooServerError(): OdooError {
  return new OdooError('psycopg2.OperationalError',
    'server closed the connection unexpectedly\n\tThis probably means the server terminated abnormally\n\tbefore or while processing the request.', 500);
}

/** Answers an InjectedFault; the same on JSON-2 and JSON-RPC (a proxy knows no transport). */
export function answerInjectedFault(req: FastifyRequest, reply: FastifyReply, fault: InjectedFault): FastifyReply {
  const title = PROXY_TITLES[fault.kind];
  if (title) {
    const page = `<html>\r\n<head><title>${title}</title></head>\r\n<body>\r\n<center><h1>${title}</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n`;
    return reply.code(Number(fault.kind)).type('text/html').send(page);
  }
  // drop, drop_after_commit: no answer at all
  reply.hijack();
  req.raw.socket.destroy();
  return reply;
}
