// Odoo's base_vat refusal told from other validation errors (in English and, by the number it quotes, in another
// language), and its reason shown without the buyer's name or number.
import { describe, expect, it } from 'vitest';
import { PermanentError } from '../../../core/errors.ts';
import { isVatRefusal, maskVat, sanitisedVatReason } from './vat-refusal.ts';

const odooError = (message: string) => new PermanentError('ERP_VALIDATION', 'ValidationError: ', { exceptionName: 'odoo.exceptions.ValidationError', odooMessage: message, httpStatus: 422 });
// As recorded (vat-json2.jsonl), and as a German-speaking ERP user would get it.
const RECORDED = '\nThe VAT number [123456789] for partner [VAT invalid GmbH] does not seem to be valid.  \nNote: the expected format is DE123456788 or 12/345/67890';
const GERMAN = '\nDie USt-IdNr. [123456789] für Partner [VAT invalid GmbH] scheint nicht gültig zu sein.';

describe('a VAT refusal', () => {
  it('is recognised by Odoo\'s wording or by the number it quotes, and only then', () => {
    expect(isVatRefusal(odooError(RECORDED), 'DE123456789')).toBe(true);
    expect(isVatRefusal(odooError(GERMAN), 'de 123 456 789')).toBe(true);
    expect(isVatRefusal(odooError("Missing required value for the field 'Tax Group'"), 'DE123456789')).toBe(false);
    expect(isVatRefusal(new PermanentError('ERP_USER_ERROR', RECORDED, { odooMessage: RECORDED }), 'DE123456789')).toBe(false);
  });

  it('shows the country prefix and the last two characters only', () => {
    expect(maskVat('DE123456789')).toBe('DE*******89');
    expect(maskVat('atu 1234 5675')).toBe('AT*******75');
    expect(maskVat('12/345/67890')).toBe('********90');
  });

  it("keeps Odoo's reason without the buyer's name or number", () => {
    const reason = sanitisedVatReason(odooError(RECORDED), { name: 'VAT invalid GmbH', vat: 'DE123456789' });
    expect(reason).toBe('The VAT number […] for partner […] does not seem to be valid. Note: the expected format is DE123456788 or 12/345/67890');
    const unbracketed = sanitisedVatReason(odooError('Partner VAT invalid GmbH: 123456789 is wrong'), { name: 'VAT invalid GmbH', vat: 'DE123456789' });
    expect(unbracketed).toBe('Partner …: … is wrong');
  });
});
