import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../core/errors.ts';
import { assembleCatalogue, coreCatalogue } from './error-catalogue.ts';

describe('the error catalogue', () => {
  it("gives every core code one status among those the API documents", () => {
    expect(Object.keys(coreCatalogue).sort()).toEqual([...ErrorCodes].sort());
    for (const [code, e] of Object.entries(coreCatalogue)) {
      expect([400, 401, 403, 404, 409, 413, 415, 422, 429, 500, 503], code).toContain(e.status);
      expect(e.description.length, code).toBeGreaterThan(10);
    }
  });

  it("joins core's codes and each flow's, naming the owner of each", () => {
    const c = assembleCatalogue([{ name: 'widgets', errorCodes: [{ code: 'WIDGET_BENT', status: 422, description: 'the widget is bent' }] }]);
    expect(c.codes.slice(0, ErrorCodes.length)).toEqual([...ErrorCodes]);
    expect(c.codes.at(-1)).toBe('WIDGET_BENT');
    expect(c.statusOf('WIDGET_BENT')).toBe(422);
    expect(c.owners.WIDGET_BENT).toBe('widgets');
    expect(c.table()).toContain('| `WIDGET_BENT` | 422 | the widget is bent |');
    expect(c.statusOf('NOBODY_SAID')).toBe(500);
  });

  it('refuses a code declared twice: by two flows, or by a flow and core', () => {
    const bent = { code: 'WIDGET_BENT', status: 422, description: 'the widget is bent' };
    expect(() => assembleCatalogue([{ name: 'widgets', errorCodes: [bent] }, { name: 'gadgets', errorCodes: [bent] }])).toThrow(
      /WIDGET_BENT is declared by both widgets and gadgets/,
    );
    expect(() => assembleCatalogue([{ name: 'widgets', errorCodes: [{ ...bent, code: 'LOCK_BUSY' }] }])).toThrow(/core and widgets/);
  });
});
