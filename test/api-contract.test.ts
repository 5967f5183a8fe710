/**
 * The document tells the truth: every operation of openapi/openapi.json (enumerated from the document) is called
 * on a real stack with requests that succeed and requests that fail (no token, bad input, missing record, closed
 * conflict, duplicate name, wrong media type, body too large), and each real answer's status, content type and
 * body must be what the document says for that operation. An undocumented status fails.
 */
import SwaggerParser from '@apidevtools/swagger-parser';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApiFixture, type ApiFixture } from './support/api-fixture.ts';
import { createAnswerValidator, loadDocument, type OpenApiDoc } from './support/openapi-validator.ts';
import type { RequestOptions } from './support/api.ts';

interface Case {
  why: string;
  path: string;
  body?: unknown;
  opts?: RequestOptions;
  status: number;
}

const noToken = { token: null };
/** The fixture backend's ERP webhook secret (read before the cases are built). */
let webhookSecret = '';
/** A mapping row of the fixture backend (created before the cases are built). */
let ruleId = 0;
let doomedRuleId = 0;
const mappingRow = { target: 'sale.order', erpField: 'note', source: { kind: 'constant', value: 'contract' }, transforms: [], onlyCreate: false, enabled: true, position: 0 };
const json = (rawBody: string): RequestOptions => ({ rawBody });

/** The requests for each operation of the document, `{id}` and `{orderId}` filled with the fixture's real ids. */
function casesFor(f: ApiFixture): Record<string, Case[]> {
  const { backend: b, order: o, conflict: c, run: r, spare, doomed } = f.ids;
  const created = (name: string) => ({
    name,
    amazon: { region: 'eu', sellerId: 'CONTRACT1', marketplaceIds: ['A1PA6795UKMFR9'], lwaClientId: 'id', lwaClientSecret: 'secret', refreshToken: 'Atzr|x' },
    erp: { url: 'http://127.0.0.1:9', database: 'db', apiKey: 'key' },
  });
  // An SQS queue for an SP-API application, named (the fixture's backends may use more than one application).
  const channel = (over: Record<string, unknown> = {}) => ({
    applicationId: 'amzn1.application-oa2-client.x',
    queueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/contract-notifications',
    queueArn: 'arn:aws:sqs:eu-west-1:123456789012:contract-notifications',
    awsRegion: 'eu-west-1',
    accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
    secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
    ...over,
  });
  const auth401 = (path: string, body?: unknown): Case => ({ why: 'no token', path, body, opts: noToken, status: 401 });
  return {
    'GET /health': [{ why: 'up', path: '/health', opts: noToken, status: 200 }],
    'GET /metrics': [{ why: 'exposition', path: '/metrics', opts: noToken, status: 200 }],
    'GET /api/backends': [{ why: 'list', path: '/api/backends', status: 200 }, auth401('/api/backends')],
    'POST /api/backends': [
      { why: 'create', path: '/api/backends', body: created('contract-new'), status: 201 },
      { why: 'name taken', path: '/api/backends', body: created('contract-new'), status: 409 },
      { why: 'bad body', path: '/api/backends', body: { name: 'x' }, status: 400 },
      { why: 'bad JSON', path: '/api/backends', opts: json('{'), status: 400 },
      { why: 'text body', path: '/api/backends', opts: { rawBody: 'x', headers: { 'content-type': 'text/plain' } }, status: 415 },
      { why: 'too large', path: '/api/backends', opts: json(JSON.stringify({ name: 'x'.repeat(1_100_000) })), status: 413 },
      auth401('/api/backends', created('contract-other')),
    ],
    'GET /api/backends/{id}': [
      { why: 'one', path: `/api/backends/${b}`, status: 200 },
      { why: 'missing', path: '/api/backends/999', status: 404 },
      { why: 'bad id', path: '/api/backends/1.5', status: 400 },
      auth401(`/api/backends/${b}`),
    ],
    'PATCH /api/backends/{id}': [
      { why: 'settings', path: `/api/backends/${b}`, body: { settings: { orders: { batchSize: 50 } } }, status: 200 },
      { why: 'missing', path: '/api/backends/999', body: { settings: { orders: { batchSize: 50 } } }, status: 404 },
      { why: 'bad setting', path: `/api/backends/${b}`, body: { settings: { orders: { batchSize: 0 } } }, status: 400 },
      { why: 'unknown setting', path: `/api/backends/${b}`, body: { settings: { orders: { colour: 'red' } } }, status: 400 },
      { why: 'text body', path: `/api/backends/${b}`, opts: { rawBody: 'x', headers: { 'content-type': 'text/plain' } }, status: 415 },
      auth401(`/api/backends/${b}`, { settings: {} }),
    ],
    'PATCH /api/backends/{id}/connection': [
      { why: 'changed', path: `/api/backends/${spare}/connection`, body: { amazon: { sellerId: 'CONTRACT2' }, erp: { password: 'not-echoed' } }, status: 200 },
      { why: 'missing', path: '/api/backends/999/connection', body: { amazon: { sellerId: 'X' } }, status: 404 },
      { why: 'empty', path: `/api/backends/${spare}/connection`, body: {}, status: 400 },
      { why: 'no ERP credential left', path: `/api/backends/${spare}/connection`, body: { erp: { apiKey: null, login: null } }, status: 400 },
      auth401(`/api/backends/${spare}/connection`, { amazon: { sellerId: 'X' } }),
    ],
    'DELETE /api/backends/{id}': [
      { why: 'deleted', path: `/api/backends/${doomed}`, status: 204 },
      { why: 'deleted already', path: `/api/backends/${doomed}`, status: 404 },
      { why: 'bad id', path: '/api/backends/2147483648', status: 400 },
      auth401(`/api/backends/${spare}`),
    ],
    'PUT /api/backends/{id}/credentials/amazon': [
      { why: 'replaced', path: `/api/backends/${b}/credentials/amazon`, body: { lwaClientId: 'amzn1.application-oa2-client.x', lwaClientSecret: 's', refreshToken: 'Atzr|new' }, status: 200 },
      { why: 'missing', path: '/api/backends/999/credentials/amazon', body: { lwaClientId: 'c', lwaClientSecret: 's', refreshToken: 'r' }, status: 404 },
      { why: 'bad body', path: `/api/backends/${b}/credentials/amazon`, body: { lwaClientId: 'c' }, status: 400 },
      auth401(`/api/backends/${b}/credentials/amazon`, { lwaClientId: 'c', lwaClientSecret: 's', refreshToken: 'r' }),
    ],
    'POST /api/backends/{id}/disable': [
      { why: 'disabled', path: `/api/backends/${spare}/disable`, status: 200 },
      { why: 'missing', path: `/api/backends/${doomed}/disable`, status: 404 },
      { why: 'bad id', path: '/api/backends/+1/disable', status: 400 },
      auth401(`/api/backends/${spare}/disable`),
    ],
    'POST /api/backends/{id}/enable': [
      { why: 'enabled', path: `/api/backends/${spare}/enable`, status: 200 },
      { why: 'missing', path: '/api/backends/999/enable', status: 404 },
      { why: 'bad id', path: '/api/backends/true/enable', status: 400 },
      auth401(`/api/backends/${spare}/enable`),
    ],
    'GET /api/audit-log': [
      { why: 'page', path: `/api/audit-log?backendId=${b}&limit=2`, status: 200 },
      { why: 'bad cursor', path: '/api/audit-log?cursor=x', status: 400 },
      { why: 'bad backend', path: '/api/audit-log?backendId=0', status: 400 },
      auth401('/api/audit-log'),
    ],
    'POST /api/backends/{id}/setup': [
      { why: 'set-up', path: `/api/backends/${b}/setup`, status: 200 },
      { why: 'set-up, no consent given', path: `/api/backends/${b}/setup`, body: { createMissing: false }, status: 200 },
      { why: 'bad option', path: `/api/backends/${b}/setup`, body: { createMissing: 'yes' }, status: 400 },
      { why: 'missing', path: '/api/backends/999/setup', status: 404 },
      { why: 'bad id', path: '/api/backends/x/setup', status: 400 },
      auth401(`/api/backends/${b}/setup`),
    ],
    'GET /api/backends/{id}/erp-changes': [
      { why: 'cursors', path: `/api/backends/${b}/erp-changes`, status: 200 },
      { why: 'missing', path: '/api/backends/999/erp-changes', status: 404 },
      { why: 'bad id', path: '/api/backends/x/erp-changes', status: 400 },
      auth401(`/api/backends/${b}/erp-changes`),
    ],
    'POST /api/backends/{id}/erp-webhook/rotate': [
      { why: 'rotated', path: `/api/backends/${b}/erp-webhook/rotate`, status: 200 },
      { why: 'missing', path: '/api/backends/999/erp-webhook/rotate', status: 404 },
      { why: 'bad id', path: '/api/backends/0.5/erp-webhook/rotate', status: 400 },
      auth401(`/api/backends/${b}/erp-webhook/rotate`),
    ],
    'POST /inbound/erp/{backendId}/{secret}': [
      { why: 'accepted', path: `/inbound/erp/${b}/${webhookSecret}`, body: { _model: 'stock.picking', _id: 1, id: 1, state: 'done' }, opts: noToken, status: 204 },
      { why: 'wrong secret', path: `/inbound/erp/${b}/not-the-secret`, body: { _model: 'stock.picking', _id: 1 }, opts: noToken, status: 404 },
      { why: 'bad id', path: `/inbound/erp/x/${webhookSecret}`, body: {}, opts: noToken, status: 400 },
      { why: 'text body', path: `/inbound/erp/${b}/${webhookSecret}`, opts: { token: null, rawBody: 'x', headers: { 'content-type': 'text/plain' } }, status: 415 },
    ],
    'POST /api/backends/{id}/sweep': [
      { why: 'queued', path: `/api/backends/${b}/sweep`, status: 202 },
      { why: 'missing', path: '/api/backends/999/sweep', status: 404 },
      { why: 'bad id', path: '/api/backends/0/sweep', status: 400 },
      auth401(`/api/backends/${b}/sweep`),
    ],
    'GET /api/backends/{id}/orders': [
      { why: 'page', path: `/api/backends/${b}/orders?limit=2`, status: 200 },
      { why: 'search', path: `/api/backends/${b}/orders?q=${o}`, status: 200 },
      { why: 'short search', path: `/api/backends/${b}/orders?q=12`, status: 400 },
      { why: 'missing backend', path: '/api/backends/999/orders', status: 404 },
      { why: 'bad cursor', path: `/api/backends/${b}/orders?cursor=MjAyMHwx`, status: 400 },
      auth401(`/api/backends/${b}/orders`),
    ],
    'GET /api/amazon-notifications': [{ why: 'channels', path: '/api/amazon-notifications', status: 200 }, auth401('/api/amazon-notifications')],
    'PUT /api/amazon-notifications': [
      { why: 'stored', path: '/api/amazon-notifications', body: channel(), status: 200 },
      { why: 'stored again', path: '/api/amazon-notifications', body: channel(), status: 200 },
      { why: 'region not the queue ARN\'s', path: '/api/amazon-notifications', body: channel({ awsRegion: 'us-east-1' }), status: 400 },
      { why: 'no queue', path: '/api/amazon-notifications', body: { ...channel(), queueUrl: undefined }, status: 400 },
      { why: 'text body', path: '/api/amazon-notifications', opts: { rawBody: 'x', headers: { 'content-type': 'text/plain' } }, status: 415 },
      { why: 'too large', path: '/api/amazon-notifications', opts: json(JSON.stringify({ ...channel(), queueUrl: 'x'.repeat(1_100_000) })), status: 413 },
      auth401('/api/amazon-notifications', channel()),
    ],
    'GET /api/backends/{id}/feeds': [
      { why: 'list', path: `/api/backends/${b}/feeds?limit=5`, status: 200 },
      { why: 'one type', path: `/api/backends/${b}/feeds?feedType=POST_ORDER_ACKNOWLEDGEMENT_DATA`, status: 200 },
      { why: 'missing backend', path: '/api/backends/999/feeds', status: 404 },
      { why: 'bad type', path: `/api/backends/${b}/feeds?feedType=not-a-type`, status: 400 },
      auth401(`/api/backends/${b}/feeds`),
    ],
    'GET /api/backends/{id}/reports': [
      { why: 'list', path: `/api/backends/${b}/reports?limit=5`, status: 200 },
      { why: 'one type', path: `/api/backends/${b}/reports?reportType=GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE&cursor=10`, status: 200 },
      { why: 'missing backend', path: '/api/backends/999/reports', status: 404 },
      { why: 'bad cursor', path: `/api/backends/${b}/reports?cursor=abc`, status: 400 },
      { why: 'bad type', path: `/api/backends/${b}/reports?reportType=not-a-type`, status: 400 },
      auth401(`/api/backends/${b}/reports`),
    ],
    'GET /api/backends/{id}/fba-returns/claim-candidates': [
      { why: 'list', path: `/api/backends/${b}/fba-returns/claim-candidates`, status: 200 },
      { why: 'missing backend', path: '/api/backends/999/fba-returns/claim-candidates', status: 404 },
      { why: 'bad id', path: '/api/backends/abc/fba-returns/claim-candidates', status: 400 },
      auth401(`/api/backends/${b}/fba-returns/claim-candidates`),
    ],
    'GET /api/backends/{id}/care/activities': [
      { why: 'list', path: `/api/backends/${b}/care/activities`, status: 200 },
      { why: 'filtered', path: `/api/backends/${b}/care/activities?state=open&reason=ship_late&limit=5`, status: 200 },
      { why: 'missing backend', path: '/api/backends/999/care/activities', status: 404 },
      { why: 'bad reason', path: `/api/backends/${b}/care/activities?reason=unhappy`, status: 400 },
      auth401(`/api/backends/${b}/care/activities`),
    ],
    'POST /api/backends/{id}/labels/batches': [
      { why: 'queued', path: `/api/backends/${b}/labels/batches`, body: { pickingIds: [999999] }, status: 202 },
      { why: 'empty batch', path: `/api/backends/${b}/labels/batches`, body: { pickingIds: [] }, status: 400 },
      { why: 'missing backend', path: '/api/backends/999/labels/batches', body: { pickingIds: [1] }, status: 404 },
      auth401(`/api/backends/${b}/labels/batches`, { pickingIds: [1] }),
    ],
    'GET /api/backends/{id}/labels/batches/{batchId}': [
      { why: 'missing batch', path: `/api/backends/${b}/labels/batches/no-such-batch`, status: 404 },
      { why: 'missing backend', path: '/api/backends/999/labels/batches/x', status: 404 },
      auth401(`/api/backends/${b}/labels/batches/x`),
    ],
    'POST /api/backends/{id}/labels/{pickingId}/void': [
      { why: 'no label', path: `/api/backends/${b}/labels/999999/void`, status: 404 },
      { why: 'missing backend', path: '/api/backends/999/labels/1/void', status: 404 },
      { why: 'bad id', path: `/api/backends/${b}/labels/x/void`, status: 400 },
      auth401(`/api/backends/${b}/labels/1/void`),
    ],
    'GET /api/backends/{id}/review-requests': [
      { why: 'list', path: `/api/backends/${b}/review-requests?limit=5`, status: 200 },
      { why: 'one state', path: `/api/backends/${b}/review-requests?state=sent`, status: 200 },
      { why: 'missing backend', path: '/api/backends/999/review-requests', status: 404 },
      { why: 'bad state', path: `/api/backends/${b}/review-requests?state=lost`, status: 400 },
      auth401(`/api/backends/${b}/review-requests`),
    ],
    // The fixture's backend has buyer-messages switched off (the default): 409 BUYER_MESSAGES_OFF.
    'GET /api/backends/{id}/orders/{amazonOrderId}/messages/allowed': [
      { why: 'switched off', path: `/api/backends/${b}/orders/${o}/messages/allowed`, status: 409 },
      { why: 'missing backend', path: `/api/backends/999/orders/${o}/messages/allowed`, status: 404 },
      { why: 'bad order id', path: `/api/backends/${b}/orders/a%20b/messages/allowed`, status: 400 },
      auth401(`/api/backends/${b}/orders/${o}/messages/allowed`),
    ],
    'GET /api/backends/{id}/orders/{amazonOrderId}/messages': [
      { why: 'switched off', path: `/api/backends/${b}/orders/${o}/messages`, status: 409 },
      { why: 'missing backend', path: `/api/backends/999/orders/${o}/messages`, status: 404 },
      auth401(`/api/backends/${b}/orders/${o}/messages`),
    ],
    'POST /api/backends/{id}/orders/{amazonOrderId}/messages': [
      { why: 'switched off', path: `/api/backends/${b}/orders/${o}/messages`, body: { type: 'unexpectedProblem', text: 'late' }, status: 409 },
      { why: 'unknown type', path: `/api/backends/${b}/orders/${o}/messages`, body: { type: 'negativeFeedbackRemoval' }, status: 400 },
      { why: 'missing backend', path: `/api/backends/999/orders/${o}/messages`, body: { type: 'unexpectedProblem', text: 'late' }, status: 404 },
      auth401(`/api/backends/${b}/orders/${o}/messages`, { type: 'unexpectedProblem', text: 'late' }),
    ],
    'GET /api/backends/{id}/account-health/history': [
      { why: 'history', path: `/api/backends/${b}/account-health/history?days=30`, status: 200 },
      { why: 'missing backend', path: '/api/backends/999/account-health/history', status: 404 },
      { why: 'bad days', path: `/api/backends/${b}/account-health/history?days=0`, status: 400 },
      auth401(`/api/backends/${b}/account-health/history`),
    ],
    'GET /api/backends/{id}/account-health/indicators': [
      { why: 'indicators', path: `/api/backends/${b}/account-health/indicators`, status: 200 },
      { why: 'missing backend', path: '/api/backends/999/account-health/indicators', status: 404 },
      { why: 'bad id', path: '/api/backends/abc/account-health/indicators', status: 400 },
      auth401(`/api/backends/${b}/account-health/indicators`),
    ],
    'GET /api/backends/{id}/account-health/alerts': [
      { why: 'alerts', path: `/api/backends/${b}/account-health/alerts?limit=5`, status: 200 },
      { why: 'missing backend', path: '/api/backends/999/account-health/alerts', status: 404 },
      { why: 'bad limit', path: `/api/backends/${b}/account-health/alerts?limit=0`, status: 400 },
      auth401(`/api/backends/${b}/account-health/alerts`),
    ],
    'GET /api/backends/{id}/settlements': [
      { why: 'list', path: `/api/backends/${b}/settlements?limit=5`, status: 200 },
      { why: 'missing backend', path: '/api/backends/999/settlements', status: 404 },
      { why: 'bad cursor', path: `/api/backends/${b}/settlements?cursor=abc`, status: 400 },
      auth401(`/api/backends/${b}/settlements`),
    ],
    'GET /api/backends/{id}/settlements/payouts': [
      { why: 'list', path: `/api/backends/${b}/settlements/payouts?limit=5`, status: 200 },
      { why: 'missing backend', path: '/api/backends/999/settlements/payouts', status: 404 },
      { why: 'bad cursor', path: `/api/backends/${b}/settlements/payouts?cursor=abc`, status: 400 },
      auth401(`/api/backends/${b}/settlements/payouts`),
    ],
    'GET /api/backends/{id}/settlements/{settlementId}/lines': [
      { why: 'missing settlement', path: `/api/backends/${b}/settlements/123/lines`, status: 404 },
      { why: 'missing backend', path: '/api/backends/999/settlements/123/lines', status: 404 },
      { why: 'bad id', path: `/api/backends/${b}/settlements/abc/lines`, status: 400 },
      auth401(`/api/backends/${b}/settlements/123/lines`),
    ],
    'GET /api/backends/{id}/settlements/{settlementId}/reconciliation': [
      { why: 'missing settlement', path: `/api/backends/${b}/settlements/123/reconciliation`, status: 404 },
      { why: 'missing backend', path: '/api/backends/999/settlements/123/reconciliation', status: 404 },
      { why: 'bad format', path: `/api/backends/${b}/settlements/123/reconciliation?format=xml`, status: 400 },
      auth401(`/api/backends/${b}/settlements/123/reconciliation`),
    ],
    'GET /api/backends/{id}/settlements/variances': [
      { why: 'list', path: `/api/backends/${b}/settlements/variances?reason=UNEXPLAINED`, status: 200 },
      { why: 'missing backend', path: '/api/backends/999/settlements/variances', status: 404 },
      { why: 'bad reason', path: `/api/backends/${b}/settlements/variances?reason=LOST`, status: 400 },
      auth401(`/api/backends/${b}/settlements/variances`),
    ],
    'GET /api/backends/{id}/settlements/orders/{amazonOrderId}/money-trail': [
      { why: 'unknown order', path: `/api/backends/${b}/settlements/orders/999-0000000-0000000/money-trail`, status: 404 },
      { why: 'missing backend', path: '/api/backends/999/settlements/orders/999-0000000-0000000/money-trail', status: 404 },
      { why: 'bad id', path: `/api/backends/${b}/settlements/orders/a%20b/money-trail`, status: 400 },
      auth401(`/api/backends/${b}/settlements/orders/999-0000000-0000000/money-trail`),
    ],
    'POST /api/backends/{id}/settlements/variances/{varianceKey}/accept': [
      { why: 'no such variance', path: `/api/backends/${b}/settlements/variances/order:none:AMOUNT_DIFFERS/accept`, body: { note: 'x' }, status: 404 },
      { why: 'no note', path: `/api/backends/${b}/settlements/variances/order:none:AMOUNT_DIFFERS/accept`, body: {}, status: 400 },
      { why: 'missing backend', path: '/api/backends/999/settlements/variances/order:none:AMOUNT_DIFFERS/accept', body: { note: 'x' }, status: 404 },
      auth401(`/api/backends/${b}/settlements/variances/order:none:AMOUNT_DIFFERS/accept`, { note: 'x' }),
    ],
    'POST /api/backends/{id}/settlements/{settlementId}/post': [
      { why: 'missing settlement', path: `/api/backends/${b}/settlements/123/post`, status: 404 },
      { why: 'missing backend', path: '/api/backends/999/settlements/123/post', status: 404 },
      { why: 'bad id', path: `/api/backends/${b}/settlements/abc/post`, status: 400 },
      auth401(`/api/backends/${b}/settlements/123/post`),
    ],
    'GET /api/backends/{id}/settlements/{settlementId}/posting': [
      { why: 'missing settlement', path: `/api/backends/${b}/settlements/123/posting`, status: 404 },
      { why: 'missing backend', path: '/api/backends/999/settlements/123/posting', status: 404 },
      { why: 'bad id', path: `/api/backends/${b}/settlements/abc/posting`, status: 400 },
      auth401(`/api/backends/${b}/settlements/123/posting`),
    ],
    'GET /api/backends/{id}/invoices': [
      { why: 'list', path: `/api/backends/${b}/invoices?limit=5`, status: 200 },
      { why: 'one order', path: `/api/backends/${b}/invoices?orderId=${o}&state=invoiced`, status: 200 },
      { why: 'missing backend', path: '/api/backends/999/invoices', status: 404 },
      { why: 'bad state', path: `/api/backends/${b}/invoices?state=lost`, status: 400 },
      auth401(`/api/backends/${b}/invoices`),
    ],
    'GET /api/backends/{id}/fba-stock': [
      { why: 'list', path: `/api/backends/${b}/fba-stock?limit=5`, status: 200 },
      { why: 'one pool', path: `/api/backends/${b}/fba-stock?pool=US&sku=X`, status: 200 },
      { why: 'missing backend', path: '/api/backends/999/fba-stock', status: 404 },
      { why: 'bad pool', path: `/api/backends/${b}/fba-stock?pool=us`, status: 400 },
      auth401(`/api/backends/${b}/fba-stock`),
    ],
    'GET /api/backends/{id}/fba-stock/drift': [
      { why: 'list', path: `/api/backends/${b}/fba-stock/drift?state=open`, status: 200 },
      { why: 'missing backend', path: '/api/backends/999/fba-stock/drift', status: 404 },
      { why: 'bad state', path: `/api/backends/${b}/fba-stock/drift?state=lost`, status: 400 },
      auth401(`/api/backends/${b}/fba-stock/drift`),
    ],
    'POST /api/backends/{id}/fba-stock/drift/{driftId}/apply': [
      { why: 'missing row', path: `/api/backends/${b}/fba-stock/drift/999999/apply`, status: 404 },
      { why: 'missing backend', path: '/api/backends/999/fba-stock/drift/1/apply', status: 404 },
      { why: 'bad id', path: `/api/backends/${b}/fba-stock/drift/x/apply`, status: 400 },
      auth401(`/api/backends/${b}/fba-stock/drift/1/apply`),
    ],
    'POST /api/backends/{id}/fba-stock/pools/{pool}/apply': [
      { why: 'nothing open', path: `/api/backends/${b}/fba-stock/pools/US/apply`, status: 200 },
      { why: 'missing backend', path: '/api/backends/999/fba-stock/pools/US/apply', status: 404 },
      { why: 'bad pool', path: `/api/backends/${b}/fba-stock/pools/u1/apply`, status: 400 },
      auth401(`/api/backends/${b}/fba-stock/pools/US/apply`),
    ],
    'POST /api/backends/{id}/fba-stock/pools/{pool}/snapshot': [
      { why: 'queued', path: `/api/backends/${b}/fba-stock/pools/US/snapshot`, status: 202 },
      { why: 'not a pool of it', path: `/api/backends/${b}/fba-stock/pools/JP/snapshot`, status: 409 },
      { why: 'missing backend', path: '/api/backends/999/fba-stock/pools/US/snapshot', status: 404 },
      auth401(`/api/backends/${b}/fba-stock/pools/US/snapshot`),
    ],
    'GET /api/backends/{id}/merchant-stock/offers': [
      { why: 'list', path: `/api/backends/${b}/merchant-stock/offers?limit=5`, status: 200 },
      { why: 'filtered', path: `/api/backends/${b}/merchant-stock/offers?q=MUG&state=pending`, status: 200 },
      { why: 'missing backend', path: '/api/backends/999/merchant-stock/offers', status: 404 },
      { why: 'bad state', path: `/api/backends/${b}/merchant-stock/offers?state=lost`, status: 400 },
      { why: 'forged cursor', path: `/api/backends/${b}/merchant-stock/offers?cursor=%2B%2B`, status: 400 },
      auth401(`/api/backends/${b}/merchant-stock/offers`),
    ],
    'POST /api/backends/{id}/merchant-stock/resync': [
      { why: 'queued', path: `/api/backends/${b}/merchant-stock/resync`, status: 202 },
      { why: 'missing backend', path: '/api/backends/999/merchant-stock/resync', status: 404 },
      auth401(`/api/backends/${b}/merchant-stock/resync`),
    ],
    'GET /api/backends/{id}/overview': [
      { why: 'one', path: `/api/backends/${b}/overview`, status: 200 },
      { why: 'missing backend', path: '/api/backends/999/overview', status: 404 },
      auth401(`/api/backends/${b}/overview`),
    ],
    'GET /api/backends/{id}/orders/{orderId}/history': [
      { why: 'one', path: `/api/backends/${b}/orders/${o}/history`, status: 200 },
      { why: 'missing backend', path: `/api/backends/999/orders/${o}/history`, status: 404 },
      auth401(`/api/backends/${b}/orders/${o}/history`),
    ],
    'GET /api/backends/{id}/orders/{orderId}': [
      { why: 'one', path: `/api/backends/${b}/orders/${o}`, status: 200 },
      { why: 'missing', path: `/api/backends/${b}/orders/999-0000000-0000000`, status: 404 },
      { why: 'bad id', path: `/api/backends/${b}/orders/a%20b`, status: 400 },
      auth401(`/api/backends/${b}/orders/${o}`),
    ],
    'POST /api/backends/{id}/orders/{orderId}/resync': [
      { why: 'queued', path: `/api/backends/${b}/orders/${o}/resync`, status: 202 },
      { why: 'missing backend', path: `/api/backends/999/orders/${o}/resync`, status: 404 },
      { why: 'bad id', path: `/api/backends/${b}/orders/%00/resync`, status: 400 },
      auth401(`/api/backends/${b}/orders/${o}/resync`),
    ],
    'GET /api/backends/{id}/skus': [
      { why: 'list', path: `/api/backends/${b}/skus?limit=5`, status: 200 },
      { why: 'unmatched, searched', path: `/api/backends/${b}/skus?filter=unmatched&q=MUG`, status: 200 },
      { why: 'missing backend', path: '/api/backends/999/skus', status: 404 },
      { why: 'forged cursor', path: `/api/backends/${b}/skus?cursor=abc`, status: 400 },
      auth401(`/api/backends/${b}/skus`),
    ],
    'GET /api/backends/{id}/skus.csv': [
      { why: 'csv', path: `/api/backends/${b}/skus.csv`, status: 200 },
      { why: 'missing backend', path: '/api/backends/999/skus.csv', status: 404 },
      auth401(`/api/backends/${b}/skus.csv`),
    ],
    'POST /api/backends/{id}/skus/import': [
      { why: 'rows', path: `/api/backends/${b}/skus/import`, opts: { rawBody: 'sku,product_id\nCONTRACT-SKU,1\nCONTRACT-BAD,999999\n', headers: { 'content-type': 'text/csv' } }, status: 200 },
      { why: 'bad header', path: `/api/backends/${b}/skus/import`, opts: { rawBody: 'a,b\n1,2\n', headers: { 'content-type': 'text/csv' } }, status: 400 },
      { why: 'missing backend', path: '/api/backends/999/skus/import', opts: { rawBody: 'sku,product_id\n', headers: { 'content-type': 'text/csv' } }, status: 404 },
      { why: 'text body', path: `/api/backends/${b}/skus/import`, opts: { rawBody: 'x', headers: { 'content-type': 'text/plain' } }, status: 415 },
      auth401(`/api/backends/${b}/skus/import`),
    ],
    'POST /api/backends/{id}/skus/auto-match': [
      { why: 'match', path: `/api/backends/${b}/skus/auto-match`, status: 200 },
      { why: 'missing backend', path: '/api/backends/999/skus/auto-match', status: 404 },
      auth401(`/api/backends/${b}/skus/auto-match`),
    ],
    'PUT /api/backends/{id}/skus/{sku}': [
      { why: 'mapped', path: `/api/backends/${b}/skus/CONTRACT-HAND`, body: { productId: 1 }, status: 200 },
      { why: 'no such product', path: `/api/backends/${b}/skus/CONTRACT-HAND`, body: { productId: 999999 }, status: 422 },
      { why: 'missing backend', path: '/api/backends/999/skus/X', body: { productId: 1 }, status: 404 },
      { why: 'bad body', path: `/api/backends/${b}/skus/X`, body: { productId: 'one' }, status: 400 },
      auth401(`/api/backends/${b}/skus/X`, { productId: 1 }),
    ],
    'DELETE /api/backends/{id}/skus/{sku}': [
      { why: 'bad sku', path: `/api/backends/${b}/skus/%20X`, status: 400 },
      { why: 'not mapped', path: `/api/backends/${b}/skus/NEVER-MAPPED`, status: 404 },
      auth401(`/api/backends/${b}/skus/X`),
    ],
    'GET /api/backends/{id}/erp-products': [
      { why: 'search', path: `/api/backends/${b}/erp-products?q=MUG`, status: 200 },
      { why: 'missing backend', path: '/api/backends/999/erp-products', status: 404 },
      { why: 'limit too high', path: `/api/backends/${b}/erp-products?limit=21`, status: 400 },
      auth401(`/api/backends/${b}/erp-products`),
    ],
    'GET /api/backends/{id}/marketplace-settings': [
      { why: 'settings', path: `/api/backends/${b}/marketplace-settings`, status: 200 },
      { why: 'missing backend', path: '/api/backends/999/marketplace-settings', status: 404 },
      auth401(`/api/backends/${b}/marketplace-settings`),
    ],
    'PUT /api/backends/{id}/marketplace-settings/marketplaces/{marketplaceId}': [
      { why: 'unknown team', path: `/api/backends/${b}/marketplace-settings/marketplaces/ATVPDKIKX0DER`, body: { warehouseId: 1, pricelistId: 1, teamId: 99999, currencyCode: 'EUR' }, status: 422 },
      { why: 'not its marketplace', path: `/api/backends/${b}/marketplace-settings/marketplaces/A1PA6795UKMFR9`, body: { warehouseId: 1, pricelistId: 1, teamId: 1, currencyCode: 'EUR' }, status: 400 },
      { why: 'missing backend', path: '/api/backends/999/marketplace-settings/marketplaces/A1PA6795UKMFR9', body: { warehouseId: 1, pricelistId: 1, teamId: 1, currencyCode: 'EUR' }, status: 404 },
      auth401(`/api/backends/${b}/marketplace-settings/marketplaces/A1PA6795UKMFR9`, {}),
    ],
    'PUT /api/backends/{id}/marketplace-settings/taxes': [
      { why: 'unknown tax', path: `/api/backends/${b}/marketplace-settings/taxes`, body: { regime: 'oss', country: 'FR', rate: '20', taxId: 99999, priceIncluded: true }, status: 422 },
      { why: 'bad regime', path: `/api/backends/${b}/marketplace-settings/taxes`, body: { regime: 'moon', country: 'FR', rate: '20', taxId: 1, priceIncluded: true }, status: 400 },
      { why: 'missing backend', path: '/api/backends/999/marketplace-settings/taxes', body: { regime: 'oss', country: 'FR', rate: '20', taxId: 1, priceIncluded: true }, status: 404 },
      auth401(`/api/backends/${b}/marketplace-settings/taxes`, {}),
    ],
    'DELETE /api/backends/{id}/marketplace-settings/taxes': [
      { why: 'removed (or absent)', path: `/api/backends/${b}/marketplace-settings/taxes?regime=oss&country=MT&rate=18`, status: 200 },
      { why: 'bad country', path: `/api/backends/${b}/marketplace-settings/taxes?regime=oss&country=mt&rate=18`, status: 400 },
      auth401(`/api/backends/${b}/marketplace-settings/taxes?regime=oss&country=MT&rate=18`),
    ],
    'PUT /api/backends/{id}/marketplace-settings/fiscal-positions': [
      { why: 'none', path: `/api/backends/${b}/marketplace-settings/fiscal-positions`, body: { regime: 'export', country: 'CH', fiscalPositionId: null }, status: 200 },
      { why: 'unknown position', path: `/api/backends/${b}/marketplace-settings/fiscal-positions`, body: { regime: 'export', country: 'CH', fiscalPositionId: 99999 }, status: 422 },
      { why: 'missing backend', path: '/api/backends/999/marketplace-settings/fiscal-positions', body: { regime: 'export', country: 'CH', fiscalPositionId: null }, status: 404 },
      auth401(`/api/backends/${b}/marketplace-settings/fiscal-positions`, {}),
    ],
    'DELETE /api/backends/{id}/marketplace-settings/fiscal-positions': [
      { why: 'removed (or absent)', path: `/api/backends/${b}/marketplace-settings/fiscal-positions?regime=oss&country=MT&marketplaceId=ATVPDKIKX0DER`, status: 200 },
      { why: 'no marketplace', path: `/api/backends/${b}/marketplace-settings/fiscal-positions?regime=oss&country=MT`, status: 400 },
      auth401(`/api/backends/${b}/marketplace-settings/fiscal-positions?regime=oss&country=MT&marketplaceId=ATVPDKIKX0DER`),
    ],
    'PUT /api/backends/{id}/marketplace-settings/carriers': [
      { why: 'no delivery module', path: `/api/backends/${b}/marketplace-settings/carriers`, body: { serviceLevel: 'STANDARD', carrierId: 1 }, status: 422 },
      { why: 'not its marketplace', path: `/api/backends/${b}/marketplace-settings/carriers`, body: { serviceLevel: 'STANDARD', marketplaceId: 'A1VC38T7YXB528', carrierId: 1 }, status: 400 },
      { why: 'bad level', path: `/api/backends/${b}/marketplace-settings/carriers`, body: { serviceLevel: 'WARP', carrierId: 1 }, status: 400 },
      { why: 'missing backend', path: '/api/backends/999/marketplace-settings/carriers', body: { serviceLevel: 'STANDARD', carrierId: 1 }, status: 404 },
      auth401(`/api/backends/${b}/marketplace-settings/carriers`, {}),
    ],
    'DELETE /api/backends/{id}/marketplace-settings/carriers': [
      { why: 'removed (or absent)', path: `/api/backends/${b}/marketplace-settings/carriers?serviceLevel=STANDARD`, status: 200 },
      { why: 'bad level', path: `/api/backends/${b}/marketplace-settings/carriers?serviceLevel=fast`, status: 400 },
      auth401(`/api/backends/${b}/marketplace-settings/carriers?serviceLevel=STANDARD`),
    ],
    'GET /api/backends/{id}/erp-choices/{kind}': [
      { why: 'warehouses', path: `/api/backends/${b}/erp-choices/warehouses`, status: 200 },
      { why: 'taxes', path: `/api/backends/${b}/erp-choices/taxes`, status: 200 },
      { why: 'unknown kind', path: `/api/backends/${b}/erp-choices/planets`, status: 400 },
      { why: 'missing backend', path: '/api/backends/999/erp-choices/teams', status: 404 },
      auth401(`/api/backends/${b}/erp-choices/teams`),
    ],
    'POST /api/backends/{id}/reorder-advice/push': [
      { why: 'off: reorder not enabled with pushOrderpoints', path: `/api/backends/${b}/reorder-advice/push`, status: 409 },
      { why: 'missing backend', path: '/api/backends/999/reorder-advice/push', status: 404 },
      auth401(`/api/backends/${b}/reorder-advice/push`),
    ],
    'GET /api/backends/{id}/reorder-advice': [
      { why: 'the advice', path: `/api/backends/${b}/reorder-advice?weeks=8`, status: 200 },
      { why: 'missing backend', path: '/api/backends/999/reorder-advice', status: 404 },
      { why: 'bad window', path: `/api/backends/${b}/reorder-advice?weeks=1`, status: 400 },
      auth401(`/api/backends/${b}/reorder-advice`),
    ],
    'GET /api/backends/{id}/shipments/at-risk': [
      { why: 'list', path: `/api/backends/${b}/shipments/at-risk?limit=5`, status: 200 },
      { why: 'missing backend', path: '/api/backends/999/shipments/at-risk', status: 404 },
      { why: 'bad limit', path: `/api/backends/${b}/shipments/at-risk?limit=0`, status: 400 },
      auth401(`/api/backends/${b}/shipments/at-risk`),
    ],
    'GET /api/conflicts': [
      { why: 'open', path: '/api/conflicts?status=open&limit=5', status: 200 },
      { why: 'bad status', path: '/api/conflicts?status=lost', status: 400 },
      { why: 'filtered, newest first', path: '/api/conflicts?status=open&flow=orders&code=SKU_UNMAPPED&sort=newest&limit=5', status: 200 },
      { why: 'unknown flow', path: '/api/conflicts?flow=nosuch', status: 400 },
      auth401('/api/conflicts'),
    ],
    'GET /api/conflicts/facets': [
      { why: 'open', path: '/api/conflicts/facets', status: 200 },
      { why: 'of a backend, money', path: `/api/conflicts/facets?backendId=${b}&money=true`, status: 200 },
      { why: 'bad code', path: '/api/conflicts/facets?code=lower', status: 400 },
      auth401('/api/conflicts/facets'),
    ],
    'GET /api/conflicts/{id}': [
      { why: 'one', path: `/api/conflicts/${c}`, status: 200 },
      { why: 'missing', path: '/api/conflicts/999999', status: 404 },
      { why: 'bad id', path: '/api/conflicts/true', status: 400 },
      auth401(`/api/conflicts/${c}`),
    ],
    'POST /api/conflicts/{id}/resolve': [
      { why: 'dismiss', path: `/api/conflicts/${c}/resolve`, body: { action: 'dismiss', note: 'contract' }, status: 200 },
      { why: 'closed already', path: `/api/conflicts/${c}/resolve`, body: { action: 'retry' }, status: 409 },
      { why: 'missing', path: '/api/conflicts/999999/resolve', body: { action: 'dismiss' }, status: 404 },
      { why: 'bad action', path: `/api/conflicts/${c}/resolve`, body: { action: 'ignore' }, status: 400 },
      { why: 'proto key', path: `/api/conflicts/${c}/resolve`, opts: json('{"__proto__":{},"action":"dismiss"}'), status: 400 },
      { why: 'text body', path: `/api/conflicts/${c}/resolve`, opts: { rawBody: 'x', headers: { 'content-type': 'text/plain' } }, status: 415 },
      auth401(`/api/conflicts/${c}/resolve`, { action: 'dismiss' }),
    ],
    'POST /api/conflicts/resolve': [
      { why: 'dry run', path: '/api/conflicts/resolve', body: { action: 'retry', backendId: b, codes: ['SKU_UNMAPPED'], dryRun: true }, status: 200 },
      { why: 'dismiss none', path: '/api/conflicts/resolve', body: { action: 'dismiss', backendId: b, amazonKey: 'none-such' }, status: 200 },
      { why: 'missing backend', path: '/api/conflicts/resolve', body: { action: 'dismiss', backendId: 999 }, status: 404 },
      { why: 'no backend', path: '/api/conflicts/resolve', body: { action: 'retry' }, status: 400 },
      { why: 'bad code', path: '/api/conflicts/resolve', body: { action: 'retry', backendId: b, codes: ['a b'] }, status: 400 },
      auth401('/api/conflicts/resolve', { action: 'dismiss', backendId: b }),
    ],
    // The fixture's API has no embed secret and no local login: their refusals are what it can show here (the
    // sessions themselves: connector/src/api/auth/*.test.ts and test/panel-auth.test.ts).
    'GET /api/session/config': [{ why: 'config', path: '/api/session/config', opts: noToken, status: 200 }],
    'POST /api/session/exchange': [
      { why: 'no embed secret', path: '/api/session/exchange', body: { token: 'a.b.c' }, opts: noToken, status: 403 },
      { why: 'no token', path: '/api/session/exchange', body: {}, opts: noToken, status: 400 },
      { why: 'text body', path: '/api/session/exchange', opts: { token: null, rawBody: 'x', headers: { 'content-type': 'text/plain' } }, status: 415 },
    ],
    'POST /api/session/login': [
      { why: 'local login off', path: '/api/session/login', body: { login: 'anna', password: 'secret-secret' }, opts: noToken, status: 403 },
      { why: 'no password', path: '/api/session/login', body: { login: 'anna' }, opts: noToken, status: 400 },
    ],
    'POST /api/session/refresh': [
      { why: 'the admin token has no session', path: '/api/session/refresh', status: 401 },
      auth401('/api/session/refresh'),
    ],
    'GET /api/session': [{ why: 'who am I', path: '/api/session', status: 200 }, auth401('/api/session')],
    'GET /api/mapping-flows': [{ why: 'flows', path: '/api/mapping-flows', status: 200 }, auth401('/api/mapping-flows')],
    'GET /api/backends/{id}/mappings/{flow}': [
      { why: 'rows', path: `/api/backends/${b}/mappings/orders`, status: 200 },
      { why: 'unknown flow', path: `/api/backends/${b}/mappings/nothing`, status: 404 },
      { why: 'missing backend', path: '/api/backends/999/mappings/orders', status: 404 },
      auth401(`/api/backends/${b}/mappings/orders`),
    ],
    'POST /api/backends/{id}/mappings/{flow}': [
      { why: 'created', path: `/api/backends/${b}/mappings/orders`, body: { ...mappingRow, position: 1 }, status: 201 },
      { why: 'invalid row', path: `/api/backends/${b}/mappings/orders`, body: { ...mappingRow, erpField: 'Bad' }, status: 400 },
      { why: 'missing backend', path: '/api/backends/999/mappings/orders', body: mappingRow, status: 404 },
      auth401(`/api/backends/${b}/mappings/orders`, mappingRow),
    ],
    'PUT /api/backends/{id}/mappings/{flow}/{ruleId}': [
      { why: 'replaced', get path() { return `/api/backends/${b}/mappings/orders/${ruleId}`; }, body: { ...mappingRow, enabled: false }, status: 200 },
      { why: 'invalid row', get path() { return `/api/backends/${b}/mappings/orders/${ruleId}`; }, body: { ...mappingRow, transforms: ['shout'] }, status: 400 },
      { why: 'missing row', path: `/api/backends/${b}/mappings/orders/999999`, body: mappingRow, status: 404 },
      auth401(`/api/backends/${b}/mappings/orders/1`, mappingRow),
    ],
    'DELETE /api/backends/{id}/mappings/{flow}/{ruleId}': [
      { why: 'deleted', get path() { return `/api/backends/${b}/mappings/orders/${doomedRuleId}`; }, status: 204 },
      { why: 'missing row', path: `/api/backends/${b}/mappings/orders/999999`, status: 404 },
      { why: 'bad id', path: `/api/backends/${b}/mappings/orders/x`, status: 400 },
      auth401(`/api/backends/${b}/mappings/orders/1`),
    ],
    'GET /api/backends/{id}/mappings/{flow}/targets/{target}/fields': [
      { why: 'fields', path: `/api/backends/${b}/mappings/orders/targets/sale.order/fields`, status: 200 },
      { why: 'unknown target', path: `/api/backends/${b}/mappings/orders/targets/stock.move/fields`, status: 404 },
      { why: 'bad target', path: `/api/backends/${b}/mappings/orders/targets/Sale%20Order/fields`, status: 400 },
      auth401(`/api/backends/${b}/mappings/orders/targets/sale.order/fields`),
    ],
    'POST /api/backends/{id}/mappings/{flow}/preview': [
      { why: 'preview', path: `/api/backends/${b}/mappings/orders/preview`, body: { rules: [mappingRow], amazonOrderId: o }, status: 200 },
      { why: 'no such order', path: `/api/backends/${b}/mappings/orders/preview`, body: { rules: [], amazonOrderId: 'none-such' }, status: 404 },
      { why: 'bad body', path: `/api/backends/${b}/mappings/orders/preview`, body: { rules: 'x' }, status: 400 },
      auth401(`/api/backends/${b}/mappings/orders/preview`, { rules: [] }),
    ],
    'GET /api/backends/{id}/lookups': [
      { why: 'tables', path: `/api/backends/${b}/lookups`, status: 200 },
      { why: 'missing backend', path: '/api/backends/999/lookups', status: 404 },
      auth401(`/api/backends/${b}/lookups`),
    ],
    'GET /api/backends/{id}/lookups/{table}': [
      { why: 'entries', path: `/api/backends/${b}/lookups/contract_table?limit=1`, status: 200 },
      { why: 'bad table', path: `/api/backends/${b}/lookups/Bad-Table`, status: 400 },
      { why: 'missing backend', path: '/api/backends/999/lookups/contract_table', status: 404 },
      auth401(`/api/backends/${b}/lookups/contract_table`),
    ],
    'PUT /api/backends/{id}/lookups/{table}': [
      { why: 'put', path: `/api/backends/${b}/lookups/contract_table`, body: { entries: [{ key: 'a', value: 1 }, { key: 'b', value: 'two' }] }, status: 200 },
      { why: 'no entries', path: `/api/backends/${b}/lookups/contract_table`, body: { entries: [] }, status: 400 },
      { why: 'missing backend', path: '/api/backends/999/lookups/contract_table', body: { entries: [{ key: 'a', value: 1 }] }, status: 404 },
      auth401(`/api/backends/${b}/lookups/contract_table`, { entries: [{ key: 'a', value: 1 }] }),
    ],
    'DELETE /api/backends/{id}/lookups/{table}/{key}': [
      { why: 'deleted', path: `/api/backends/${b}/lookups/contract_table/a`, status: 204 },
      { why: 'missing key', path: `/api/backends/${b}/lookups/contract_table/zzz`, status: 404 },
      auth401(`/api/backends/${b}/lookups/contract_table/b`),
    ],
    'POST /api/backends/{id}/setup/fixes/{fixId}': [
      { why: 'applied', path: `/api/backends/${b}/setup/fixes/create-accounting`, status: 200 },
      { why: 'unknown fix', path: `/api/backends/${b}/setup/fixes/no-such-fix`, status: 404 },
      { why: 'bad fix id', path: `/api/backends/${b}/setup/fixes/Bad!`, status: 400 },
      auth401(`/api/backends/${b}/setup/fixes/create-accounting`),
    ],
    'POST /api/backends/{id}/test-connection': [
      { why: 'tested', path: `/api/backends/${b}/test-connection`, status: 200 },
      { why: 'missing', path: '/api/backends/999/test-connection', status: 404 },
      auth401(`/api/backends/${b}/test-connection`),
    ],
    'POST /api/connections/test': [
      { why: 'a form not saved', path: '/api/connections/test', body: { amazon: created('x').amazon, erp: created('x').erp }, status: 200 },
      { why: 'bad body', path: '/api/connections/test', body: { amazon: {} }, status: 400 },
      auth401('/api/connections/test', {}),
    ],
    'POST /api/backends/{id}/amazon-authorization': [
      { why: 'not configured here', path: `/api/backends/${b}/amazon-authorization`, status: 409 },
      { why: 'missing', path: '/api/backends/999/amazon-authorization', status: 404 },
      auth401(`/api/backends/${b}/amazon-authorization`),
    ],
    'POST /api/backends/{id}/amazon-authorization/{stateRef}/complete': [
      { why: 'unknown state', path: `/api/backends/${b}/amazon-authorization/no-such-ref/complete`, status: 400 },
      { why: 'missing', path: '/api/backends/999/amazon-authorization/no-such-ref/complete', status: 404 },
      auth401(`/api/backends/${b}/amazon-authorization/no-such-ref/complete`),
    ],
    'GET /amazon/oauth/callback': [
      { why: 'forged state', path: '/amazon/oauth/callback?spapi_oauth_code=x&state=forged&selling_partner_id=A1', opts: noToken, status: 400 },
      { why: 'no code', path: '/amazon/oauth/callback', opts: noToken, status: 400 },
      { why: 'bad seller id', path: '/amazon/oauth/callback?selling_partner_id=a%20b', opts: noToken, status: 400 },
    ],
    'GET /api/sync-runs': [
      { why: 'page', path: `/api/sync-runs?backendId=${b}&limit=2`, status: 200 },
      { why: 'bad cursor', path: '/api/sync-runs?cursor=x', status: 400 },
      auth401('/api/sync-runs'),
    ],
    'GET /api/sync-runs/{id}': [
      { why: 'one', path: `/api/sync-runs/${r}`, status: 200 },
      { why: 'missing', path: '/api/sync-runs/999999', status: 404 },
      { why: 'bad id', path: '/api/sync-runs/-1', status: 400 },
      auth401(`/api/sync-runs/${r}`),
    ],
  };
}

describe('the OpenAPI document matches the server', () => {
  let f: ApiFixture;
  let doc: OpenApiDoc;
  beforeAll(async () => {
    f = await startApiFixture(inject('pgAdminUrl'), 'api_contract');
    webhookSecret = await f.stack.env.core.changeFeed.secrets.current(f.ids.backend);
    ruleId = (await f.stack.env.core.mappingRules.create(f.ids.backend, 'orders', mappingRow)).id;
    doomedRuleId = (await f.stack.env.core.mappingRules.create(f.ids.backend, 'orders', mappingRow)).id;
    await f.stack.env.core.lookups.put(f.ids.backend, 'contract_table', [{ key: 'a', value: 1 }]);
    doc = loadDocument();
  });
  afterAll(() => f?.close());

  it('is a valid OpenAPI document (swagger-parser) with named component schemas, served as committed at /docs/json', async () => {
    await expect(SwaggerParser.validate(structuredClone(doc) as never)).resolves.toBeTruthy();
    expect(Object.keys(doc.components.schemas).filter((n) => /^def-\d+$/.test(n))).toEqual([]);
    expect(JSON.parse((await f.api.raw('GET', '/docs/json')).text)).toEqual(doc);
  });

  it('every real answer of every operation (success and error) is documented: status, content type, body', async () => {
    const cases = casesFor(f);
    const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`));
    // Each operation of the document is exercised, and nothing else.
    expect(Object.keys(cases).sort()).toEqual(operations.sort());
    const validate = createAnswerValidator(doc);
    const failures: string[] = [];
    let answers = 0;
    for (const op of operations) {
      const [method, path] = op.split(' ') as [string, string];
      for (const c of cases[op]!) {
        const res = await f.api.send(method, c.path, c.body, c.opts);
        answers++;
        const problems = res.status === c.status ? validate(method, path, res) : [`expected ${c.status}, got ${res.status}: ${res.text.slice(0, 200)}`];
        for (const p of problems) failures.push(`${op} (${c.why}): ${p}`);
      }
    }
    expect(failures).toEqual([]);
    expect(answers).toBeGreaterThanOrEqual(operations.length * 3);
  });
});
