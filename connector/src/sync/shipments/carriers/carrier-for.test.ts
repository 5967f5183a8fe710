import { describe, expect, it } from 'vitest';
import { carrierFor, carrierKey } from './index.ts';

describe('ERP carrier -> Amazon carrier', () => {
  it('finds common carriers whatever the case, accents, spacing or glue, and keeps the service as shipping method', () => {
    expect(carrierFor('UPS Standard')).toEqual({ carrierCode: 'UPS', carrierName: 'UPS', shippingMethod: 'Standard' });
    expect(carrierFor('ups')).toEqual({ carrierCode: 'UPS', carrierName: 'UPS' });
    expect(carrierFor('  Royal-Mail  Tracked 24 ')).toEqual({ carrierCode: 'Royal Mail', carrierName: 'Royal Mail', shippingMethod: 'Tracked 24' });
    expect(carrierFor('RoyalMail')).toMatchObject({ carrierCode: 'Royal Mail' });
    expect(carrierFor('DEUTSCHE POST Warenpost')).toEqual({ carrierCode: 'Deutsche Post', carrierName: 'Deutsche Post', shippingMethod: 'Warenpost' });
    expect(carrierFor('Warenpost International')).toEqual({ carrierCode: 'Deutsche Post', carrierName: 'Deutsche Post', shippingMethod: 'Warenpost International' });
    expect(carrierFor('Correos Exprés')).toEqual({ carrierCode: 'Correos Express', carrierName: 'Correos Express' });
    expect(carrierFor('FedEx Ground')).toEqual({ carrierCode: 'FedEx', carrierName: 'FedEx', shippingMethod: 'Ground' });
    expect(carrierFor('FEDEX_SMARTPOST')).toMatchObject({ carrierCode: 'FedEx SmartPost' });
    expect(carrierFor('Yamato Transport (TA-Q-BIN)')).toEqual({ carrierCode: 'YamatoTransport', carrierName: 'Yamato Transport', shippingMethod: 'TA Q BIN' });
    expect(carrierFor('La Poste - Colissimo')).toMatchObject({ carrierCode: 'Colissimo' });
    expect(carrierFor('Chronopost 13H')).toEqual({ carrierCode: 'Chronopost', carrierName: 'Chronopost', shippingMethod: '13H' });
  });

  it('the most specific carrier wins: DHL Express vs DHL eCommerce vs DHL Paket; Evri vs Hermes', () => {
    expect(carrierFor('DHL Express Worldwide')).toEqual({ carrierCode: 'DHL', carrierName: 'DHL', shippingMethod: 'Express Worldwide' });
    expect(carrierFor('DHL Paket')).toEqual({ carrierCode: 'DHL', carrierName: 'DHL', shippingMethod: 'Paket' });
    expect(carrierFor('DHL eCommerce Parcel International Direct')).toMatchObject({ carrierCode: 'DHL eCommerce', shippingMethod: 'Parcel International Direct' });
    expect(carrierFor('Hermes UK 48h')).toMatchObject({ carrierCode: 'Evri', shippingMethod: '48h' });
    expect(carrierFor('Evri Next Day')).toMatchObject({ carrierCode: 'Evri', shippingMethod: 'Next Day' });
    expect(carrierFor('Hermes Standard')).toMatchObject({ carrierCode: 'Hermes Logistik Gruppe', shippingMethod: 'Standard' });
    expect(carrierFor('UPS Mail Innovations')).toMatchObject({ carrierCode: 'UPS Mail Innovations' });
  });

  it('whole words only: a carrier inside another word is not found; unknown carriers go as Other with their name', () => {
    expect(carrierFor('Groupsped Logistics')).toEqual({ carrierCode: 'Other', carrierName: 'Groupsped Logistics' });
    expect(carrierFor('Kurier Müller')).toEqual({ carrierCode: 'Other', carrierName: 'Kurier Müller' });
    expect(carrierFor(null)).toEqual({ carrierCode: 'Other', carrierName: 'Other' });
  });

  it("a backend's overrides come first, matched folded; * stands for a delivery without carrier", () => {
    const overrides = new Map([
      ['dhl-paket', { carrierCode: 'DHL', shippingMethod: 'Paket National' }],
      ['Truck 3', { carrierCode: 'Other', carrierName: 'Own fleet' }],
      ['*', { carrierCode: 'GLS' }],
      ['ups express saver', { carrierCode: 'UPS', carrierName: 'UPS Inc.' }],
    ]);
    expect(carrierFor('DHL Paket', overrides)).toEqual({ carrierCode: 'DHL', carrierName: 'DHL', shippingMethod: 'Paket National' });
    expect(carrierFor('TRUCK 3', overrides)).toEqual({ carrierCode: 'Other', carrierName: 'Own fleet' });
    expect(carrierFor(null, overrides)).toEqual({ carrierCode: 'GLS', carrierName: 'GLS' });
    expect(carrierFor('UPS Express Saver', overrides)).toEqual({ carrierCode: 'UPS', carrierName: 'UPS Inc.', shippingMethod: 'Express Saver' });
    expect(carrierFor('Royal Mail', { 'royal mail': { carrierCode: 'Other' } })).toEqual({ carrierCode: 'Other', carrierName: 'Royal Mail' });
  });

  it('override keys are the folded words of the name', () => {
    expect(carrierKey('  Correos  Exprés ')).toBe('correos expres');
    expect(carrierKey('DHL-Paket')).toBe('dhl paket');
  });
});
