import { describe, expect, it } from 'vitest';
import { findMarketplace, loadCatalogue } from '../catalogue.ts';
import { DEEMED_SUPPLIER, vatAccounting, type SaleFacts } from './tax-modes.ts';

const cat = loadCatalogue();
const mp = (id: string) => findMarketplace(cat, id)!;
const UK = mp('A1F83G8C2ARO7P');
const DE = mp('A1PA6795UKMFR9');
const FR = mp('A13V1IB3VIYZZH');
const base = { reverseCharge: false, consignment: 5_000 };
const sale = (f: Partial<SaleFacts> & Pick<SaleFacts, 'mp' | 'establishedIn' | 'shipFrom' | 'shipTo'>) => vatAccounting({ ...base, ...f });
const ukDeemed = { collector: DEEMED_SUPPLIER.GB };
const euDeemed = (scheme: 'UOSS' | 'IOSS') => ({ collector: DEEMED_SUPPLIER.EU, scheme });

describe('who accounts for the VAT', () => {
  it('UK: Amazon for imports of up to GBP 135 and for any goods a non-UK seller sells from UK stock', () => {
    expect(sale({ mp: UK, establishedIn: 'DE', shipFrom: 'DE', shipTo: 'GB', consignment: 13_500 })).toEqual(ukDeemed);
    expect(sale({ mp: UK, establishedIn: 'DE', shipFrom: 'DE', shipTo: 'GB', consignment: 13_501 })).toEqual({});
    expect(sale({ mp: UK, establishedIn: 'CN', shipFrom: 'GB', shipTo: 'GB', consignment: 90_000 })).toEqual(ukDeemed);
    expect(sale({ mp: UK, establishedIn: 'GB', shipFrom: 'GB', shipTo: 'GB' })).toEqual({});
    expect(sale({ mp: UK, establishedIn: 'GB', shipFrom: 'CN', shipTo: 'GB' })).toEqual(ukDeemed);
  });

  it('EU: Amazon for a non-EU seller’s goods in EU stock (OSS) and for imports of up to EUR 150 (IOSS)', () => {
    expect(sale({ mp: DE, establishedIn: 'CN', shipFrom: 'DE', shipTo: 'DE' })).toEqual(euDeemed('UOSS'));
    expect(sale({ mp: DE, establishedIn: 'GB', shipFrom: 'PL', shipTo: 'FR' })).toEqual(euDeemed('UOSS'));
    expect(sale({ mp: DE, establishedIn: 'CN', shipFrom: 'CN', shipTo: 'DE', consignment: 15_000 })).toEqual(euDeemed('IOSS'));
    expect(sale({ mp: DE, establishedIn: 'CN', shipFrom: 'CN', shipTo: 'DE', consignment: 15_001 })).toEqual({});
  });

  it('EU seller: its own VAT, domestic or under OSS at the destination when shipped to another member state', () => {
    expect(sale({ mp: DE, establishedIn: 'DE', shipFrom: 'DE', shipTo: 'DE' })).toEqual({});
    expect(sale({ mp: FR, establishedIn: 'DE', shipFrom: 'DE', shipTo: 'FR' })).toEqual({ scheme: 'UOSS' });
    expect(sale({ mp: FR, establishedIn: 'DE', shipFrom: 'DE', shipTo: 'IT', reverseCharge: true })).toEqual({});
  });

  it('without establishedIn the seller owes every VAT (the sandbox before issue 8); US/CA: the facilitator', () => {
    expect(sale({ mp: UK, establishedIn: undefined, shipFrom: 'DE', shipTo: 'GB' })).toEqual({});
    expect(sale({ mp: mp('ATVPDKIKX0DER'), establishedIn: undefined, shipFrom: 'US', shipTo: 'US' }))
      .toEqual({ collector: 'Amazon Services, Inc.' });
  });
});
