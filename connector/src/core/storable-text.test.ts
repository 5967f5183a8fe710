import { describe, expect, it } from 'vitest';
import { escapeStored, escapeText, hasUnsafeText, replaceUnsafeText, unescapeStored, unescapeText, unsafeTextPaths } from './storable-text.ts';

const NASTY = ['a\u0000b', '\uD800', 'x\uDC00', '\uDBFF\uDBFF', 'the marker \uFDD0 itself', '\uFDD00000 looks escaped', 'pair 😀 ok', 'ä€', ''];

describe('storable text', () => {
  it('escapes exactly what PostgreSQL refuses (and the marker), and restores every string exactly', () => {
    for (const s of NASTY) {
      const stored = escapeText(s);
      expect(hasUnsafeText(stored), JSON.stringify(s)).toBe(false);
      expect(stored.includes('\u0000')).toBe(false);
      expect(unescapeText(stored), JSON.stringify(s)).toBe(s);
    }
    // Ordinary text, surrogate pairs included, is stored as it came.
    expect(escapeText('Zoë 😀 Straße')).toBe('Zoë 😀 Straße');
    expect(escapeText('a\u0000b')).toBe('a\uFDD00000b');
    expect(escapeText('\uD800')).toBe('\uFDD0D800');
  });

  it('walks JSON values, keys included, and round-trips them', () => {
    const doc = { title: 'A\u0000', list: ['\uD83D', { 'k\u0000ey': 'v' }], n: 1, ok: true, none: null };
    const stored = escapeStored(doc);
    expect(JSON.stringify(stored)).not.toMatch(/\\u0000|\\ud8/i);
    expect(unescapeStored(stored)).toEqual(doc);
  });

  it('tells where unsafe text is, and replaces it for people and the ERP', () => {
    expect(unsafeTextPaths({ a: { b: ['ok', 'x\u0000'] }, c: '\uDC00', d: 'fine 😀' })).toEqual(['a.b[1]', 'c']);
    expect(replaceUnsafeText('A\u0000B\uD800C😀')).toBe('A\uFFFDB\uFFFDC😀');
  });
});
