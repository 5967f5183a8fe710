import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { referenceDir } from '../../../amazon/testing/reference.ts';
import { judgeNotified, readMfnPayload, type MfnQuantityPayload } from './mfn-notification.ts';

const schema = JSON.parse(readFileSync(join(referenceDir(), 'sp-api-models', 'schemas', 'notifications', 'ListingsItemMfnQuantityChange.json'), 'utf8')) as { examples: { Payload: unknown }[] };
const official = (() => {
  const ajv = new Ajv({ strict: false });
  addFormats.default(ajv);
  return ajv.compile(schema);
})();
const payload = (over: Partial<MfnQuantityPayload> = {}): MfnQuantityPayload => ({ SellerId: 'A2EUSANDBOX001', FulfillmentChannelCode: 'DEFAULT', Sku: 'MUG', Quantity: 9, ...over });

describe('LISTINGS_ITEM_MFN_QUANTITY_CHANGE', () => {
  it("reads the official schema's example, and refuses what the schema refuses", () => {
    const example = schema.examples[0]!;
    expect(official(example)).toBe(true);
    expect(readMfnPayload(example.Payload)).toMatchObject({ ok: true, payload: { Sku: 'NLS-SHOES-03', Quantity: 99 } });
    for (const bad of [{ ...payload(), Quantity: '9' }, { ...payload(), Quantity: 1.5 }, { SellerId: 'A', FulfillmentChannelCode: 'DEFAULT', Quantity: 1 }]) {
      expect(official({ ...(example as object), Payload: bad })).toBe(false);
      expect(readMfnPayload(bad).ok).toBe(false);
    }
  });

  it('ignores the echo of our own send (or a quantity that is what it should be), asks a re-check for anything else', () => {
    const offer = { sentQty: 9, desiredQty: 7 };
    expect(judgeNotified(payload({ Quantity: 9 }), offer, false)).toBe('echo');
    expect(judgeNotified(payload({ Quantity: 7 }), offer, false)).toBe('echo');
    expect(judgeNotified(payload({ Quantity: 25 }), offer, false)).toBe('recheck');
    // A SKU without an offer row (never sent: perhaps taken for FBA-only) is checked: Amazon shows it merchant-fulfilled.
    expect(judgeNotified(payload(), null, false)).toBe('recheck');
    expect(judgeNotified(payload({ Quantity: 25 }), offer, true)).toBe('excluded');
    expect(judgeNotified(payload({ FulfillmentChannelCode: 'SUPPLY_SOURCE_1' }), offer, false)).toBe('other_channel');
  });
});
