/**
 * Requests Fastify refuses before any route runs, answered in our error shape with our codes (its defaults answer
 * `{ error, code: 'FST_ERR_BAD_URL', ... }` or Node's "Client Error"): a path that is not valid percent-encoding,
 * a path parameter longer than the router allows, a malformed HTTP request (bad Content-Length, header overflow).
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Socket } from 'node:net';
import { sendError } from '../errors/error-handler.ts';

/** Fastify's `frameworkErrors` option: routing failures. */
export function frameworkErrors(error: Error & { code?: string }, _req: FastifyRequest, reply: FastifyReply) {
  const message =
    error.code === 'FST_ERR_MAX_PARAM_LENGTH'
      ? 'a path parameter is too long'
      : error.code === 'FST_ERR_BAD_URL'
        ? 'the path is not valid percent-encoded text'
        : 'the request is malformed';
  return sendError(reply, 'BAD_REQUEST', message);
}

/** Fastify's `clientErrorHandler` option: a request Node's HTTP parser cannot read; answered, then closed. */
export function clientErrorHandler(error: Error & { code?: string }, socket: Socket) {
  if (error.code === 'ECONNRESET' || socket.destroyed) return socket.destroy();
  const body = JSON.stringify({ code: 'BAD_REQUEST', message: 'the HTTP request is malformed' });
  if (!socket.writable) return socket.destroy();
  socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}
