/**
 * Reference data of Odoo 19's `base_vat`: the example format each country's error message quotes (Odoo's `_ref_vat`
 * table, keys lower-case as Odoo keys them), the countries whose numbers carry their country prefix (group
 * EU_PREFIX), the EU (an "EU…" number of a non-EU partner is not checked) and the prefixes that differ from the ISO
 * code (Greece writes EL, Northern Ireland XI).
 */

export const REF_VAT: Readonly<Record<string, string>> = {
  al: 'ALJ91402501L', ar: '20055361682', at: 'ATU12345675', au: '83 914 571 673', be: 'BE0477472701', bg: 'BG1234567892',
  br: 'either 11 digits for CPF or 14 digits for CNPJ', cr: '3101012009',
  ch: 'CHE-123.456.788 TVA or CHE-123.456.788 MWST or CHE-123.456.788 IVA', cl: '76086428-5', co: '213123432-1',
  cy: 'CY10259033P', cz: 'CZ12345679', de: 'DE123456788 or 12/345/67890', dk: 'DK12345674',
  do: '1-01-85004-3 or 101850043', ec: '1792060346001 or 1792060346', ee: 'EE123456780', es: 'ESA12345674',
  fi: 'FI12345671', fr: 'FR23334175221', gb: 'GB123456782 or XI123456782', gr: 'EL123456783',
  hu: 'HU12345676 or 12345678-1-11 or 8071592153', hr: 'HR01234567896', id: '1234567890123456', ie: 'IE1234567FA',
  il: 'XXXXXXXXX [9 digits] and it should respect the Luhn algorithm checksum', in: '12AAAAA1234AAZA', is: 'IS062199',
  it: 'IT12345670017', jp: 'T7000012050002', kr: '123-45-67890 or 1234567890', lt: 'LT123456715', lu: 'LU12345613',
  lv: 'LV41234567891', ma: '12345678', mc: 'FR53000004605', mt: 'MT12345634', mx: 'GODE561231GR8',
  nl: 'NL123456782B90', no: 'NO123456785', nz: '49-098-576 or 49098576',
  pe: '10XXXXXXXXY or 20XXXXXXXXY or 15XXXXXXXXY or 16XXXXXXXXY or 17XXXXXXXXY', ph: '123-456-789-123',
  pl: 'PL1234567883', pt: 'PT123456789', ro: 'RO1234567897 or 8001011234567 or 9000123456789', rs: 'RS101134702',
  ru: '123456789047', se: 'SE123456789701', si: 'SI12345679', sk: 'SK2022749619', sm: 'SM24165', th: '1234545678781',
  tr: '11111111111 (NIN) or 2222222222 (VKN)',
  ua: '12345678 or UA12345678 (EDRPOU), 1234567890 (RNOPP) or 123456789012 (IPN)',
  uy: "Example: '219999830019' (format: 12 digits, all numbers, valid check digit)", uz: 'XXXXXXXXX [9 digits]',
  ve: 'V-12345678-1, V123456781, V-12.345.678-1', xi: 'XI123456782',
  sa: '310175397400003 [Fifteen digits, first and last digits should be "3"]',
};

const EU = ['AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU',
  'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE'];
/** res.country.group EU. */
export const EU_COUNTRIES: ReadonlySet<string> = new Set(EU);
/** res.country.group EU_PREFIX: numbers of these countries are written with their prefix. */
export const EU_PREFIX_COUNTRIES: ReadonlySet<string> = new Set([...EU, 'CH', 'NO', 'GB', 'SM']);
/** VAT prefix -> ISO country code where they differ (Odoo's EU_EXTRA_VAT_CODES, inverted). */
export const PREFIX_COUNTRY: Readonly<Record<string, string>> = { EL: 'GR', XI: 'GB' };

/** res.country `vat_label` as Odoo's base data sets it (the US has an empty label, the rest none). */
export const VAT_LABELS: Readonly<Record<string, string>> = {
  AE: 'TRN', AR: 'CUIT', AT: 'USt', AU: 'ABN', BE: 'VAT', BG: 'VAT', CA: 'GST/HST number', CL: 'RUT', CO: 'NIT',
  CY: 'VAT', CZ: 'VAT', DE: 'VAT', DK: 'VAT', DO: 'RNC', EC: 'RUC', EE: 'VAT', ES: 'VAT', FI: 'VAT', FR: 'VAT',
  GB: 'VAT', GR: 'VAT', GT: 'NIT', HN: 'RTN', HR: 'VAT', HU: 'VAT', ID: 'NPWP', IE: 'VAT', IN: 'GSTIN', IT: 'VAT',
  LT: 'VAT', LU: 'VAT', LV: 'VAT', MT: 'VAT', MX: 'RFC', NL: 'VAT', NZ: 'GST', PA: 'RUC', PE: 'RUC', PF: 'VAT',
  PK: 'NTN', PL: 'VAT', PT: 'VAT', RO: 'VAT', SE: 'VAT', SG: 'GST No.', SI: 'VAT', SK: 'VAT', UG: 'TIN', US: '',
  UY: 'RUT', ZM: 'TPIN',
};
