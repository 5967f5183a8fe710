import { describe, expect, it } from 'vitest';
import { MARKETPLACES } from '../../../amazon/marketplaces.ts';
import type { VatProfile } from '../../../core/vat/index.ts';
import { vatNeeds } from './vat-needs.ts';

const mp = (id: string) => MARKETPLACES.get(id)!;

describe('vatNeeds: what the set-up creates, asked of the VAT model', () => {
  it('gives a Japanese seller on Amazon.co.jp its consumption taxes (10 %, reduced 8 %) and a domestic position', () => {
    const jp: VatProfile = { companyCountry: 'JP', ossRegistered: false, registrations: {}, merchantShipFrom: 'JP' };
    const needs = vatNeeds(jp, [mp('A1VC38T7YXB528')]);
    expect(needs.problems).toEqual([]);
    expect([...needs.taxKeys.keys()].filter((k) => k.startsWith('domestic|')).sort()).toEqual(['domestic|JP|10', 'domestic|JP|8']);
    expect(needs.taxes.get(needs.taxKeys.get('domestic|JP|8')!)).toMatchObject({ kind: 'standard', country: 'JP', rate: '8' });
    expect(needs.positionKeys.has('domestic|JP')).toBe(true);
  });

  it('maps sales where Amazon is the deemed supplier to no fiscal position and creates no tax for them', () => {
    const de: VatProfile = { companyCountry: 'DE', ossRegistered: true, registrations: {}, merchantShipFrom: 'DE' };
    const needs = vatNeeds(de, [mp('A1PA6795UKMFR9'), mp('A1F83G8C2ARO7P')]);
    expect(needs.positionKeys.get('deemed_supplier|GB')).toBeNull();
    expect(needs.positionKeys.get('deemed_supplier|FR')).toBeNull();
    expect([...needs.taxKeys.keys()].some((k) => k.startsWith('deemed_supplier|'))).toBe(false);
  });
});
