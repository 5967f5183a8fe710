import { describe, expect, it } from 'vitest';
import { PermanentError, RetryableError } from './errors.ts';
import { jobError, logSafeError } from './log-safe-error.ts';

describe('errors as logs may show them', () => {
  it("keeps an ERP error's code and Odoo exception name, never Odoo's message (it may quote a customer)", () => {
    const e = new PermanentError('ERP_VALIDATION', "Odoo: The partner 'Jürgen Müller' has no country", {
      exceptionName: 'odoo.exceptions.ValidationError',
      odooMessage: "The partner 'Jürgen Müller' has no country",
    });
    const safe = jobError(e);
    expect(safe.message).toBe('ERP_VALIDATION (odoo.exceptions.ValidationError)');
    expect(safe.message).not.toContain('Müller');
    expect((safe as { code?: string }).code).toBe('ERP_VALIDATION');
  });

  it('keeps the message of our own and of Amazon errors, and names unknown ones INTERNAL', () => {
    expect(logSafeError(new RetryableError('AMAZON_THROTTLED', 'Amazon searchOrders: HTTP 429 after 5 attempt(s)')).text).toBe(
      'AMAZON_THROTTLED: Amazon searchOrders: HTTP 429 after 5 attempt(s)',
    );
    expect(logSafeError(new TypeError('x is undefined'))).toEqual({ code: 'INTERNAL', text: 'TypeError: x is undefined' });
  });
});
