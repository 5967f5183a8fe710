import { describe, expect, it } from 'vitest';
import { odooSecond, parseOdooDatetime, shiftSecond, toOdooDatetime } from './odoo-time.ts';

describe("Odoo's datetimes", () => {
  it('writes cursors as Odoo accepts them: UTC to the second, never Z or +00:00', () => {
    expect(toOdooDatetime(new Date('2026-12-01T10:53:12.987Z'))).toBe('2026-12-01 10:53:12');
  });
  it('reads answers and webhook values (microseconds) to the second, truncating', () => {
    expect(odooSecond('2026-12-01 10:53:13.412978')).toBe('2026-12-01 10:53:13');
    expect(odooSecond('2026-12-01T10:53:12')).toBe('2026-12-01 10:53:12');
    expect(parseOdooDatetime('2026-12-01 10:53:12')?.toISOString()).toBe('2026-12-01T10:53:12.000Z');
    for (const bad of [false, '2026-12-01', '2026-12-01T10:53:12Z', 1234]) expect(odooSecond(bad)).toBeNull();
  });
  it('moves a second across a day', () => {
    expect(shiftSecond('2026-12-01 00:00:05', -10)).toBe('2026-11-30 23:59:55');
  });
});
