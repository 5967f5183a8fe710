/**
 * Finances v0 `listFinancialEventsByOrderId` (financesV0.json), read for one thing only: which event list an
 * order's refund-like events are in. Finances 2024-06-19 shows refunds, chargebacks and A-to-z guarantee claims
 * alike (type Refund); v0 keeps them in `RefundEventList`, `ChargebackEventList` and `GuaranteeClaimEventList`,
 * each item with the `OrderAdjustmentItemId` the 2024-06-19 item carries as ORDER_ADJUSTMENT_ITEM_ID. Amazon
 * removes the v0 events on 2027-08-27 (`listFinancialEventGroups` stays: `eventGroups`, financial-event-groups.ts,
 * the payouts the settlements flow matches). Protocol only.
 */
import { Type } from 'typebox';
import { Compile } from 'typebox/compile';
import { PermanentError } from '../core/errors.ts';
import type { CallOptions, SpApiCaller, SpApiOperation } from './call.ts';
import { listFinancialEventGroups, type FinancialEventGroup } from './financial-event-groups.ts';

export const LIST_FINANCIAL_EVENTS_BY_ORDER: SpApiOperation = {
  name: 'listFinancialEventsByOrderId',
  clientOperation: 'finances.listFinancialEventsByOrderId',
  version: 'v0',
  idempotent: true,
};

/** The v0 lists of refund-like events. */
export const ADJUSTMENT_LISTS = ['RefundEventList', 'ChargebackEventList', 'GuaranteeClaimEventList'] as const;
export type AdjustmentList = (typeof ADJUSTMENT_LISTS)[number];

export interface AdjustmentEvent {
  list: AdjustmentList;
  postedDate: string | null;
  /** Each adjusted item's OrderAdjustmentItemId (items without one left out). */
  adjustmentItemIds: string[];
}

const ShipmentEvent = Type.Object({
  PostedDate: Type.Optional(Type.String()),
  ShipmentItemAdjustmentList: Type.Optional(Type.Array(Type.Object({ OrderAdjustmentItemId: Type.Optional(Type.String()) }))),
});
const Envelope = Compile(Type.Object({
  payload: Type.Object({
    NextToken: Type.Optional(Type.String()),
    FinancialEvents: Type.Optional(Type.Object({
      RefundEventList: Type.Optional(Type.Array(ShipmentEvent)),
      ChargebackEventList: Type.Optional(Type.Array(ShipmentEvent)),
      GuaranteeClaimEventList: Type.Optional(Type.Array(ShipmentEvent)),
    })),
  }),
}));

/** At most this many pages for one order (an order has a handful of events; a loop of tokens is a fault). */
const MAX_PAGES = 20;

export class FinancialEventsV0Api {
  readonly #caller: Pick<SpApiCaller, 'call'>;

  constructor(caller: Pick<SpApiCaller, 'call'>) {
    this.#caller = caller;
  }

  /** The financial event groups (payouts) that opened in the window, every page; amounts in minor units. */
  eventGroups(window: { startedAfter: Date; startedBefore?: Date }, options: CallOptions = {}): Promise<FinancialEventGroup[]> {
    return listFinancialEventGroups(this.#caller, window, options);
  }

  /** The refund, chargeback and guarantee-claim events of one order, every page. */
  async adjustmentsOfOrder(orderId: string, options: CallOptions = {}): Promise<AdjustmentEvent[]> {
    const out: AdjustmentEvent[] = [];
    let token: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const res = await this.#caller.call(LIST_FINANCIAL_EVENTS_BY_ORDER, { path: { orderId }, query: { MaxResultsPerPage: 100, ...(token ? { NextToken: token } : {}) } }, options);
      if (!Envelope.Check(res.body)) {
        const problems = [...Envelope.Errors(res.body)].slice(0, 10).map((e) => `${e.instancePath || '/'}: ${e.message}`);
        throw new PermanentError('AMAZON_BAD_PAYLOAD', 'listFinancialEventsByOrderId: unexpected answer shape', { operation: 'listFinancialEventsByOrderId', requestId: res.requestId, problems });
      }
      const events = res.body.payload.FinancialEvents ?? {};
      for (const list of ADJUSTMENT_LISTS) {
        for (const e of events[list] ?? []) {
          out.push({ list, postedDate: e.PostedDate ?? null, adjustmentItemIds: (e.ShipmentItemAdjustmentList ?? []).flatMap((i) => (i.OrderAdjustmentItemId ? [i.OrderAdjustmentItemId] : [])) });
        }
      }
      token = res.body.payload.NextToken || undefined;
      if (!token) return out;
    }
    throw new PermanentError('AMAZON_BAD_PAYLOAD', `listFinancialEventsByOrderId: more than ${MAX_PAGES} pages for one order`, { operation: 'listFinancialEventsByOrderId' });
  }
}
