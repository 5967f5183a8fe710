/**
 * The usage plans are written twice on purpose: the connector's own (its quota gate's defaults) and the Amazon
 * sandbox's (what it enforces with real 429s). Both come from the same documented tables; this keeps them equal for
 * every operation both know, so a plan corrected on one side only is caught here rather than by a throttling test.
 */
import { describe, expect, it } from 'vitest';
import { USAGE_PLANS } from '../connector/src/amazon/usage-plans.ts';
import { DOCUMENTED_USAGE_PLANS } from '../sandbox/amazon/src/rate/usage-plans.ts';

describe('usage plans, connector and Amazon sandbox', () => {
  it('give every operation both know the same rate and burst', () => {
    const connector: Record<string, { rate: number; burst: number }> = USAGE_PLANS;
    const shared = Object.keys(connector).filter((op) => op in DOCUMENTED_USAGE_PLANS);
    expect(shared.length).toBeGreaterThan(20);
    const differ = shared.filter((op) => connector[op]!.rate !== DOCUMENTED_USAGE_PLANS[op]!.rate || connector[op]!.burst !== DOCUMENTED_USAGE_PLANS[op]!.burst)
      .map((op) => ({ op, connector: connector[op], sandbox: DOCUMENTED_USAGE_PLANS[op] }));
    expect(differ).toEqual([]);
  });
});
