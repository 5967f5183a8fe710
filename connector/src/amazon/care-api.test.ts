import { describe, expect, it } from 'vitest';
import { PermanentError, RetryableError } from '../core/errors.ts';
import type { SpApiCallInput, SpApiOperation } from './call.ts';
import { CareApi } from './care-api.ts';

const ORDER = '306-1234567-1234567';
const DE = 'A1PA6795UKMFR9';

function api(answer: (op: SpApiOperation) => unknown) {
  const calls: Array<{ op: SpApiOperation; input: SpApiCallInput }> = [];
  const caller = {
    call: async (op: SpApiOperation, input: SpApiCallInput = {}) => {
      calls.push({ op, input });
      return { statusCode: 200, body: answer(op), text: '' };
    },
  };
  return { calls, care: new CareApi(caller as never) };
}
const refused = (message: string) => () => {
  throw new PermanentError('AMAZON_AUTH_FAILED', 'Amazon: HTTP 403', { status: 403, amazonCode: 'Unauthorized', amazonMessage: message });
};

describe('CareApi', () => {
  it('reads the offered actions by name from the HAL links, one marketplace in the query', async () => {
    const { calls, care } = api(() => ({
      _links: { actions: [{ href: `/solicitations/v1/orders/${ORDER}/solicitations/productReviewAndSellerFeedback?marketplaceIds=${DE}`, name: 'productReviewAndSellerFeedback' }], self: { href: `/solicitations/v1/orders/${ORDER}` } },
      _embedded: { actions: [] },
    }));
    expect(await care.solicitationActions(ORDER, DE)).toEqual(['productReviewAndSellerFeedback']);
    expect(calls[0]).toMatchObject({ op: { name: 'getSolicitationActionsForOrder', idempotent: true }, input: { path: { amazonOrderId: ORDER }, query: { marketplaceIds: [DE] } } });
  });

  it('tells Amazon refusing the request (403 with its own message) from Amazon refusing the credentials', async () => {
    const notAvailable = api(refused('The requested solicitation is not available for this amazonOrderId.'));
    expect(await notAvailable.care.requestReview(ORDER, DE)).toEqual({ sent: false, amazonCode: 'Unauthorized', amazonMessage: 'The requested solicitation is not available for this amazonOrderId.' });
    expect(notAvailable.calls[0]!.op).toMatchObject({ name: 'createProductReviewAndSellerFeedbackSolicitation', idempotent: false });
    const denied = api(refused('Access to requested resource is denied.'));
    await expect(denied.care.requestReview(ORDER, DE)).rejects.toMatchObject({ code: 'AMAZON_AUTH_FAILED' });
    const lost = api(() => {
      throw new RetryableError('AMAZON_UNAVAILABLE', 'reset', { untouched: false });
    });
    await expect(lost.care.requestReview(ORDER, DE)).rejects.toMatchObject({ code: 'AMAZON_UNAVAILABLE' });
  });

  it('checks a message body against the model before any quota is spent', async () => {
    const { calls, care } = api(() => ({}));
    for (const [type, body] of [['confirmDeliveryDetails', { text: '' }], ['confirmDeliveryDetails', { text: 'ok', extra: 1 }], ['digitalAccessKey', { text: 'x'.repeat(401) }], ['warranty', { coverageStartDate: 'soon', coverageEndDate: '2027-01-01T00:00:00Z' }]] as const) {
      await expect(care.sendMessage(type, ORDER, DE, body)).rejects.toMatchObject({ code: 'AMAZON_INVALID_REQUEST' });
    }
    expect(calls).toEqual([]);
    expect(await care.sendMessage('unexpectedProblem', ORDER, DE, { text: 'Leider verspätet.' })).toEqual({ sent: true });
    expect(calls[0]).toMatchObject({ op: { name: 'createUnexpectedProblem', clientOperation: 'messaging.createUnexpectedProblem' }, input: { body: { text: 'Leider verspätet.' } } });
  });
});
