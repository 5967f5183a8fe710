import { describe, expect, it } from 'vitest';
import { idCursor, timeIdCursor } from './cursors.ts';

const refused = (fn: () => unknown) => expect(fn).toThrow(expect.objectContaining({ code: 'CURSOR_INVALID' }));

describe('page cursors', () => {
  it('read back exactly what they gave out', () => {
    expect(idCursor.decode(idCursor.encode(42))).toBe(42);
    const at = new Date('2026-11-30T10:11:12.345Z');
    expect(timeIdCursor.decode(timeIdCursor.encode(at, '9007199254740993'))).toEqual({ at: at.toISOString(), id: '9007199254740993' });
    expect(idCursor.decode(undefined)).toBeUndefined();
    expect(timeIdCursor.decode(undefined)).toBeUndefined();
  });

  it('refuse anything else with CURSOR_INVALID', () => {
    for (const c of ['', '0', '-1', '1.5', ' 1', '9007199254740992', '9223372036854775808', 'abc']) refused(() => idCursor.decode(c));
    const enc = (t: string) => Buffer.from(t).toString('base64url');
    for (const c of [
      'MjAyMHwx', // "2020|1"
      enc('2026-02-30T00:00:00.000Z|1'),
      enc('2026-01-01T00:00:00Z|1'),
      enc('2026-01-01T00:00:00.000Z|0'),
      enc('2026-01-01T00:00:00.000Z|9223372036854775808'),
      enc('2026-01-01T00:00:00.000Z|1|2'),
      `${enc('2026-01-01T00:00:00.000Z|1')}=`,
      '!!!',
      '',
    ]) {
      refused(() => timeIdCursor.decode(c));
    }
  });
});
