import { describe, expect, it } from 'vitest';
import { buildCarrierTable, carrierMapKey, normaliseServiceLevel, parseCarrierKey } from './carrier-table.ts';

const DE = 'A1PA6795UKMFR9';
const FR = 'A13V1IB3VIYZZH';

describe('carrier table', () => {
  const t = buildCarrierTable([
    { serviceLevel: 'NEXT_DAY', marketplaceId: DE, carrierId: 1 },
    { serviceLevel: 'NEXT_DAY', carrierId: 2 },
    { serviceLevel: '*', marketplaceId: DE, carrierId: 3 },
    { serviceLevel: '*', carrierId: 4 },
    { serviceLevel: 'EXPEDITED', marketplaceId: FR, carrierId: 5 },
  ]);

  it('takes the most specific row: level and marketplace, level, * and marketplace, *', () => {
    expect(t.find('NEXT_DAY', DE)?.carrierId).toBe(1);
    expect(t.find('NEXT_DAY', FR)?.carrierId).toBe(2);
    expect(t.find('STANDARD', DE)?.carrierId).toBe(3);
    expect(t.find('STANDARD', FR)?.carrierId).toBe(4);
    expect(t.find('EXPEDITED', FR)?.carrierId).toBe(5);
    expect(t.find('EXPEDITED', DE)?.carrierId).toBe(3);
    expect(t.find(undefined, DE)?.carrierId).toBe(3);
    expect(t.find('NEXT_DAY', undefined)?.carrierId).toBe(2);
  });

  it("reads v0's spelling of a level as the same level", () => {
    expect(normaliseServiceLevel('NextDay')).toBe('NEXT_DAY');
    expect(normaliseServiceLevel('FreeEconomy')).toBe('FREE_ECONOMY');
    expect(normaliseServiceLevel(' Standard ')).toBe('STANDARD');
    expect(normaliseServiceLevel('SECOND_DAY')).toBe('SECOND_DAY');
    expect(normaliseServiceLevel('')).toBeUndefined();
    expect(t.find('NextDay', DE)?.carrierId).toBe(1);
  });

  it('gives no carrier when no row matches', () => {
    const only = buildCarrierTable([{ serviceLevel: 'NEXT_DAY', marketplaceId: DE, carrierId: 1 }]);
    expect(only.find('STANDARD', DE)).toBeUndefined();
    expect(only.find('NEXT_DAY', FR)).toBeUndefined();
    expect(buildCarrierTable([]).find('STANDARD', DE)).toBeUndefined();
  });

  it('writes and reads its keys, refusing keys of another shape', () => {
    expect(carrierMapKey('STANDARD', DE)).toBe(`STANDARD|${DE}`);
    expect(carrierMapKey('*', null)).toBe('*');
    expect(parseCarrierKey(`STANDARD|${DE}`)).toEqual({ serviceLevel: 'STANDARD', marketplaceId: DE });
    expect(parseCarrierKey('*')).toEqual({ serviceLevel: '*' });
    expect(parseCarrierKey('Std DE Dom_1')).toBeUndefined();
    expect(parseCarrierKey('STANDARD|de')).toBeUndefined();
    expect(parseCarrierKey(`STANDARD|${DE}|x`)).toBeUndefined();
  });
});
