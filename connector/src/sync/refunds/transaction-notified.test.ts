import { describe, expect, it } from 'vitest';
import { notifiedSweepKey, orderIdOf, postedOf, postedWindowOf, sweepAtOf, windowReadAt } from './transaction-notified.ts';

const NOW = Date.parse('2026-12-03T10:00:00.000Z');
const update = (TransactionType: string, PostedDate: string) => ({ TransactionUpdateNotification: { TransactionType, PostedDate, RelatedIdentifiers: [] } });

describe('sweepAtOf (TRANSACTION_UPDATE -> when the sweep runs)', () => {
  it('a refund posted just now: once Amazon lists it (three minutes and a margin after its posting, at its slot\'s end)', () => {
    expect(sweepAtOf(update('Refund', '2026-12-03T10:00:00.000Z'), NOW)?.toISOString()).toBe('2026-12-03T10:03:10.000Z');
    expect(sweepAtOf(update('Refund', '2026-12-03T10:00:04.000Z'), NOW)?.toISOString()).toBe('2026-12-03T10:03:10.000Z');
  });
  it('refunds notified in one slot share one sweep; a steady stream makes one sweep per slot, none pushed later', () => {
    const at = (posted: string) => sweepAtOf(update('Refund', posted), NOW)!;
    expect(notifiedSweepKey(1, at('2026-12-03T10:00:01.000Z'))).toBe(notifiedSweepKey(1, at('2026-12-03T10:00:04.900Z')));
    expect(notifiedSweepKey(1, at('2026-12-03T10:00:06.000Z'))).not.toBe(notifiedSweepKey(1, at('2026-12-03T10:00:04.000Z')));
    expect(notifiedSweepKey(2, at('2026-12-03T10:00:01.000Z'))).not.toBe(notifiedSweepKey(1, at('2026-12-03T10:00:01.000Z')));
  });
  it('a refund posted long ago: now', () => {
    expect(sweepAtOf(update('Refund', '2026-12-03T09:00:00.000Z'), NOW)?.getTime()).toBe(NOW);
  });
  it('a sale or a release: no sweep', () => {
    expect(sweepAtOf(update('Shipment', '2026-12-03T09:00:00.000Z'), NOW)).toBeNull();
  });
  it('a payload it cannot read: swept for, after the lag', () => {
    expect(sweepAtOf({ Other: 1 }, NOW)?.toISOString()).toBe('2026-12-03T10:03:10.000Z');
  });
  it('the order a notification names: read alone; none or several: the sweep', () => {
    const named = (ids: Array<[string, string]>) => ({ TransactionUpdateNotification: { TransactionType: 'Refund', RelatedIdentifiers: ids.map(([n, v]) => ({ RelatedIdentifierName: n, RelatedIdentifierValue: v })) } });
    expect(orderIdOf(named([['OrderId', '302-1234567-1234567'], ['RefundId', 'R1']]))).toBe('302-1234567-1234567');
    expect(orderIdOf(named([['RefundId', 'R1']]))).toBeNull();
    expect(orderIdOf(named([['OrderId', 'A'], ['OrderId', 'B']]))).toBeNull();
    expect(orderIdOf({ Other: 1 })).toBeNull();
  });
});

describe('the notified window read (a refund with its posted date)', () => {
  it('reads ten seconds of posted dates and half a minute each side; one window per slot, whichever refund of it was notified', () => {
    const w = postedWindowOf(Date.parse('2026-12-03T09:50:04.000Z'));
    expect([w.from.toISOString(), w.to.toISOString()]).toEqual(['2026-12-03T09:49:30.000Z', '2026-12-03T09:50:40.000Z']);
    expect(postedWindowOf(Date.parse('2026-12-03T09:50:09.999Z')).slot).toBe(w.slot);
    expect(postedWindowOf(Date.parse('2026-12-03T09:50:10.000Z')).slot).toBe(w.slot + 1);
    // Listable once Amazon lists the slot's last second (three minutes back, and a margin).
    expect(new Date(w.listableAt).toISOString()).toBe('2026-12-03T09:53:15.000Z');
  });
  it('runs when the window is listable; a listable one at once while the bucket holds a token, else when it will (0.475/s)', () => {
    expect(windowReadAt(NOW + 60_000, NOW, 10).getTime()).toBe(NOW + 60_000);
    expect(windowReadAt(NOW - 1, NOW, 10).getTime()).toBe(NOW);
    expect(windowReadAt(NOW - 1, NOW, 1).getTime()).toBe(NOW);
    expect(windowReadAt(NOW - 1, NOW, 0.5).getTime()).toBe(NOW + 1053);
    expect(windowReadAt(NOW - 1, NOW, -1).getTime()).toBe(NOW + 4211);
  });
  it('only a refund with a readable posted date is read by its window', () => {
    expect(postedOf(update('Refund', '2026-12-03T09:00:00.000Z'))).toBe(Date.parse('2026-12-03T09:00:00.000Z'));
    expect(postedOf(update('Refund', 'yesterday'))).toBeNull();
    expect(postedOf(update('Shipment', '2026-12-03T09:00:00.000Z'))).toBeNull();
    expect(postedOf({ Other: 1 })).toBeNull();
  });
});
