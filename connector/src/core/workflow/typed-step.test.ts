import { describe, expect, it } from 'vitest';
import { ConflictError } from '../errors.ts';
import { pipeline, type TypedStep } from './index.ts';

interface Rec {
  readonly key: string;
  readonly sku: string;
}

const priced: TypedStep<Rec, { price: number }> = {
  name: 'price',
  noCompensation: 'pure',
  async invoke(records, ctx) {
    for (const r of records) {
      if (r.sku === 'BAD') ctx.fail(r, new ConflictError('SKU_UNMAPPED', 'no price'));
      else ctx.done(r, { price: r.sku.length });
    }
  },
};

const created: string[] = [];
const saved: TypedStep<Rec & { price: number }, { id: number }> = {
  name: 'save',
  async invoke(records, ctx) {
    records.forEach((r, i) => ctx.done(r, { id: 100 + i + r.price }));
  },
  async compensate(records) {
    for (const r of records) created.push(`undo ${r.key} ${r.id}`);
  },
};

describe('typed pipeline', () => {
  it('grows each record by the outputs of its steps and keeps failures with their start type', async () => {
    const result = await pipeline<Rec>().then(priced).then(saved).run([{ key: 'a', sku: 'AB' }, { key: 'b', sku: 'BAD' }]);
    expect(result.counts).toMatchObject({ ok: 1, conflict: 1 });
    const [ok, bad] = result.outcomes;
    expect(ok).toMatchObject({ status: 'ok', record: { key: 'a', price: 2, id: 102 } });
    expect(bad).toMatchObject({ status: 'conflict', failedStep: 'price', error: { code: 'SKU_UNMAPPED' } });
    expect(result.steps.map((s) => `${s.recordKey}:${s.step}:${s.status}`)).toEqual(['a:price:ok', 'b:price:conflict', 'a:save:ok']);
  });

  it('fails as INTERNAL a record a step neither finished nor failed, and compensates its earlier steps', async () => {
    const forgetful: TypedStep<Rec & { id: number }, { done: true }> = { name: 'forgetful', noCompensation: 'test', invoke: async () => {} };
    const result = await pipeline<Rec>().then(priced).then(saved).then(forgetful).run([{ key: 'c', sku: 'X' }]);
    expect(result.outcomes[0]).toMatchObject({ status: 'failed', failedStep: 'forgetful', error: { code: 'INTERNAL' } });
    expect(created).toEqual(['undo c 101']);
  });

});

// Checked at compile time, not at run time: `npm run check`'s typecheck fails the day chaining a step before what it
// needs stops being a type error (the directive itself then errors as unused).
// @ts-expect-error `saved` needs `price`, which only `priced` gives.
export const _misordered = () => pipeline<Rec>().then(saved);
