import { describe, expect, it } from 'vitest';
import { canonicalJson, stableHash } from './stable-hash.ts';

describe('stableHash', () => {
  it('ignores key order and omitted keys, not array order or values', () => {
    const a = { orderId: '302-1', lastUpdatedTime: '2026-11-20T10:00:00Z', items: [{ sku: 'A', qty: 1 }, { qty: 2, sku: 'B' }] };
    const b = { items: [{ qty: 1, sku: 'A' }, { sku: 'B', qty: 2 }], lastUpdatedTime: '2026-11-20T10:09:00Z', orderId: '302-1' };
    expect(stableHash(a, ['lastUpdatedTime'])).toBe(stableHash(b, ['lastUpdatedTime']));
    expect(stableHash(a)).not.toBe(stableHash(b));
    expect(stableHash({ ...a, items: [...a.items].reverse() }, ['lastUpdatedTime'])).not.toBe(stableHash(a, ['lastUpdatedTime']));
    expect(canonicalJson({ b: 1, a: { d: [1, 'x'], c: null, e: undefined } })).toBe('{"a":{"c":null,"d":[1,"x"]},"b":1}');
  });
});

describe('canonicalJson', () => {
  it('writes undefined as JSON does: left out of objects, null in arrays and alone', () => {
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson([1, undefined, null])).toBe('[1,null,null]');
    expect(canonicalJson({ a: undefined, b: [undefined] })).toBe('{"b":[null]}');
    expect(canonicalJson({ s: 'é"', n: 1.5, t: true })).toBe('{"n":1.5,"s":"é\\"","t":true}');
  });
});
