import { describe, expect, it } from 'vitest';
import { composeBackendSettings } from '../../core/backend/settings/index.ts';
import { reorderSettings, termsFor } from './reorder.settings.ts';

const model = composeBackendSettings([reorderSettings]);
const thrown = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return e as { code: string; message: string };
  }
  throw new Error('expected a throw');
};

describe('reorder settings', () => {
  it('defaults: off, advice only, 14 days lead time, 30 days cover, no MOQ, single units, 4-week half-life', () => {
    const s = model.defaults();
    expect(s.reorder).toEqual({ enabled: false, leadTimeDays: 14, targetCoverDays: 30, moq: 0, casePack: 1, halfLifeWeeks: 4, pushOrderpoints: false, warehouses: [], products: {} });
    expect(termsFor(s, 'ANY-SKU')).toEqual({ leadTimeDays: 14, targetCoverDays: 30, moq: 0, casePack: 1, halfLifeWeeks: 4 });
  });

  it('takes a SKU\'s own terms over the backend\'s', () => {
    const s = model.apply(model.defaults(), { reorder: { moq: 24, products: { 'MUG-1': { casePack: 12, leadTimeDays: 60 } } } });
    expect(termsFor(s, 'MUG-1')).toEqual({ leadTimeDays: 60, targetCoverDays: 30, moq: 24, casePack: 12, halfLifeWeeks: 4 });
    expect(termsFor(s, 'TEA-2')).toMatchObject({ leadTimeDays: 14, moq: 24, casePack: 1 });
  });

  it('refuses unknown keys and values out of bounds, naming the key', () => {
    expect(thrown(() => model.apply(model.defaults(), { reorder: { leadTime: 3 } })).code).toBe('SETTINGS_UNKNOWN_KEY');
    expect(thrown(() => model.apply(model.defaults(), { reorder: { casePack: 0 } }))).toMatchObject({ code: 'SETTINGS_INVALID', message: expect.stringContaining('casePack') });
    expect(thrown(() => model.apply(model.defaults(), { reorder: { halfLifeWeeks: 0.1 } })).code).toBe('SETTINGS_INVALID');
    expect(thrown(() => model.apply(model.defaults(), { reorder: { products: { 'MUG-1': { casePack: 2, colour: 'red' } } } })).code).toMatch(/^SETTINGS_/);
    expect(thrown(() => model.apply(model.defaults(), { reorder: { products: { 'MUG-1': { moq: -1 } } } })).code).toBe('SETTINGS_INVALID');
  });
});
