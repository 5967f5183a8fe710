/**
 * The document store behind the Feeds API's pre-signed URLs (feeds/document-url.ts): `PUT` uploads a feed
 * document's bytes (any content type, kept as sent), `GET` downloads a document (an upload or a processing report).
 * Served on every non-Amazon host (the URLs name an S3 host; a loopback agent brings it here, and 127.0.0.1:port
 * works too). Errors are S3's XML (`AccessDenied`, `SignatureDoesNotMatch`, `NoSuchKey`). Not an SP-API operation:
 * no usage plan, not in the call log, as S3 is not.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { DOCUMENT_PATH } from '../feeds/document-url.ts';
import { esc } from '../feeds/mini-xml.ts';
import type { SandboxState } from '../state.ts';

function s3Error(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  return reply.code(status).type('application/xml').send(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${esc(message)}</Message></Error>`);
}

export function registerFeedDocumentRoutes(app: FastifyInstance, state: SandboxState): void {
  app.register(async (store) => {
    // The bytes as sent, whatever their type (XML, tab-separated text, PDF, JSON): no parsing.
    store.removeAllContentTypeParsers();
    store.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    store.addHook('onRequest', async (req, reply) => {
      if (req.target.kind !== 'direct') return reply.code(404).send({ message: 'Not Found' });
    });

    store.put<{ Params: { id: string } }>(`${DOCUMENT_PATH}:id`, async (req, reply) => {
      const q = req.query as Record<string, string | undefined>;
      const denied = state.documentUrls.check('PUT', req.params.id, q, state.now());
      if (denied) return s3Error(reply, 403, denied.code, denied.message);
      const doc = state.feeds.documents.get(req.params.id);
      // A report is Amazon's: its URL is a GET one, so a PUT on it never carries a valid signature; belt and braces.
      if (!doc || doc.report) {
        return s3Error(reply, 404, 'NoSuchKey', 'The specified key does not exist.');
      }
      const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      doc.bytes = bytes;
      doc.uploadedContentType = req.headers['content-type'] ?? 'binary/octet-stream';
      doc.uploadedMs = state.now();
      return reply.code(200).header('ETag', `"${createHash('md5').update(bytes).digest('hex')}"`).send();
    });

    store.get<{ Params: { id: string } }>(`${DOCUMENT_PATH}:id`, async (req, reply) => {
      const q = req.query as Record<string, string | undefined>;
      const denied = state.documentUrls.check('GET', req.params.id, q, state.now(), ['response-content-encoding']);
      if (denied) return s3Error(reply, 403, denied.code, denied.message);
      const doc = state.feeds.documents.get(req.params.id);
      if (!doc?.bytes) return s3Error(reply, 404, 'NoSuchKey', 'The specified key does not exist.');
      reply.header('Content-Type', doc.uploadedContentType ?? doc.contentType);
      // enableContentEncodingUrlHeader: the URL asks S3 to say gzip, so HTTP clients decompress by themselves.
      reply.header('Content-Encoding', q['response-content-encoding'] === 'gzip' ? 'gzip' : 'identity');
      return reply.code(200).send(doc.bytes);
    });
  });
}
