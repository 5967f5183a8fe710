/**
 * Admin routes (inside `/_sandbox`) for settlements: a seller's settlements and event groups as the world made them,
 * its open period (the next settlement id per currency) and the discrepancies waiting
 * (`GET /settlements/:sellerId`); close the current period now instead of at its 14-day end
 * (`POST /settlements/:sellerId/close`: the demo and tests need not wait); inject a discrepancy into the next or a
 * named settlement (`POST /settlements/:sellerId/discrepancies`, reports/settlement-discrepancy.ts).
 */
import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { eventGroupIdOf } from '../finances/event-groups.ts';
import { minorDigits, toMinor } from '../generator/money.ts';
import { DISCREPANCY_KINDS } from '../reports/settlement-discrepancy.ts';
import { settlementIdOf, type Settlement } from '../reports/settlement-reports.ts';
import type { SandboxState } from '../state.ts';
import { AdminError } from './admin-ops.ts';
import { checked } from './checked-body.ts';

const DiscrepancyBody = Type.Object({
  kind: Type.Union(DISCREPANCY_KINDS.map((k) => Type.Literal(k))),
  settlementId: Type.Optional(Type.String({ pattern: '^[0-9]{1,20}$' })),
  currency: Type.Optional(Type.String({ pattern: '^[A-Z]{3}$' })),
  // A decimal in the settlement's currency: the fee's change (negative: more charged) or the extra reserve held.
  amount: Type.Optional(Type.String({ pattern: '^-?\\d+(\\.\\d+)?$' })),
  description: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
}, { additionalProperties: false });

/** The period ends now, or that many minutes back (what was posted since goes into the next period). */
const CloseBody = Type.Object({ endedMinutesAgo: Type.Optional(Type.Number({ minimum: 0, maximum: 1440 })) }, { additionalProperties: false });

const view = (s: Settlement) => ({ settlementId: s.settlementId, currency: s.currency, marketplaceId: s.marketplaceId,
  start: new Date(s.startMs).toISOString(), end: new Date(s.endMs).toISOString(), deposit: new Date(s.depositMs).toISOString(),
  totalMinor: s.totalMinor, linesMinor: s.linesMinor, eventGroupId: eventGroupIdOf(s.sellerId, s.currency, s.index), discrepancies: s.discrepancies });

function seller(state: SandboxState, sellerId: string): void {
  if (!state.sellers.has(sellerId)) throw new AdminError(404, 'UNKNOWN_SELLER', `unknown seller ${sellerId}`);
}

export function registerSettlementsAdminRoutes(admin: FastifyInstance, state: SandboxState): void {
  const maker = () => state.reportProcessor.settlements;
  admin.get<{ Params: { sellerId: string } }>('/settlements/:sellerId', async (req) => {
    seller(state, req.params.sellerId);
    maker().makeDue();
    const p = maker().openPeriod(req.params.sellerId);
    const currencies = maker().openBalances(req.params.sellerId).map((b) => b.currency);
    return { sellerId: req.params.sellerId, settlements: maker().made.filter((s) => s.sellerId === req.params.sellerId).map(view),
      openPeriod: { start: new Date(p.startMs).toISOString(), end: new Date(p.startMs + maker().periodMs()).toISOString(),
        next: currencies.map((currency) => ({ currency, settlementId: settlementIdOf(req.params.sellerId, currency, p.index) })) },
      pendingDiscrepancies: maker().discrepancies.pending.filter((d) => d.sellerId === req.params.sellerId) };
  });
  admin.post<{ Params: { sellerId: string } }>('/settlements/:sellerId/close', async (req) => {
    seller(state, req.params.sellerId);
    const body = checked(CloseBody, req.body ?? {});
    const made = maker().closeNow(req.params.sellerId, body.endedMinutesAgo === undefined ? undefined : state.now() - body.endedMinutesAgo * 60_000);
    // Their reports are DONE at once and announced (REPORT_PROCESSING_FINISHED), as at a period's end.
    return { settlements: made.map(view) };
  });
  admin.post<{ Params: { sellerId: string } }>('/settlements/:sellerId/discrepancies', async (req, reply) => {
    seller(state, req.params.sellerId);
    const body = checked(DiscrepancyBody, req.body ?? {});
    if (body.kind === 'line-dropped' && body.amount !== undefined) throw new AdminError(400, 'BAD_REQUEST', 'a dropped line takes no amount (name it by description)');
    let amountMinor: number | undefined;
    if (body.amount !== undefined) {
      try {
        amountMinor = toMinor(body.amount, minorDigits(body.currency ?? 'EUR'));
      } catch {
        throw new AdminError(400, 'INVALID_AMOUNT', `amount ${body.amount} is not a decimal in ${body.currency ?? 'EUR'}`);
      }
    }
    const d = maker().discrepancies.add({ sellerId: req.params.sellerId, kind: body.kind, ...(body.settlementId ? { settlementId: body.settlementId } : {}),
      ...(body.currency ? { currency: body.currency } : {}), ...(amountMinor !== undefined ? { amountMinor } : {}), ...(body.description ? { description: body.description } : {}) });
    return reply.code(201).send({ discrepancy: d });
  });
}
