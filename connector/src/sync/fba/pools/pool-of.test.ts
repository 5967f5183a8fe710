import { describe, expect, it } from 'vitest';
import { defaultPoolOf, poolOf, poolsOf, poolWarehouse } from './pool-of.ts';

const DE = 'A1PA6795UKMFR9';
const FR = 'A13V1IB3VIYZZH';
const IT = 'APJ6JRA9NG5V4';
const UK = 'A1F83G8C2ARO7P';
const US = 'ATVPDKIKX0DER';
const CA = 'A2EUQ1WTGCTBG2';
const MX = 'A1AM78C64UM0Y8';
const JP = 'A1VC38T7YXB528';
const AU = 'A39IBJ37TRP1C6';
const IN = 'A21TJRUUN4KGV';
const TR = 'A33AVAJ2PDY3EV';

describe('FBA pool of a marketplace', () => {
  it('pools the EU marketplaces (Pan-EU), keeps the UK apart and NA separate', () => {
    expect([DE, FR, IT].map(defaultPoolOf)).toEqual(['EU', 'EU', 'EU']);
    expect(defaultPoolOf(UK)).toBe('UK');
    expect([US, CA, MX].map(defaultPoolOf)).toEqual(['US', 'CA', 'MX']);
  });

  it('gives every other marketplace its own pool, and none to an unknown id', () => {
    expect([JP, AU, IN, TR].map(defaultPoolOf)).toEqual(['JP', 'AU', 'IN', 'TR']);
    expect(defaultPoolOf('NOTAMARKETPLACE')).toBeUndefined();
  });

  it('takes the backend override first (a seller outside Pan-EU)', () => {
    expect(poolOf({ [DE]: 'DE' }, DE)).toBe('DE');
    expect(poolOf({ [DE]: 'DE' }, FR)).toBe('EU');
    expect(poolOf({ XYZ: 'EU' }, 'XYZ')).toBe('EU');
  });

  it('groups a seller marketplaces by pool and lists the unknown ones', () => {
    const { pools, unknown } = poolsOf({}, [DE, UK, FR, US, 'NOPE']);
    expect([...pools]).toEqual([['EU', [DE, FR]], ['UK', [UK]], ['US', [US]]]);
    expect(unknown).toEqual(['NOPE']);
  });

  it('names the warehouse with a code Odoo accepts (5 characters, unique per pool)', () => {
    expect(poolWarehouse('EU')).toEqual({ name: 'Amazon FBA EU', code: 'FBAEU' });
    expect(poolWarehouse('UK').code).toHaveLength(5);
  });
});
