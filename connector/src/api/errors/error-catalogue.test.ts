import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ErrorCodes } from '../../core/errors.ts';
import { ErrorCatalogue } from './error-catalogue.ts';

describe('the error catalogue', () => {
  it('gives every stable code one status among those the API documents', () => {
    expect(Object.keys(ErrorCatalogue).sort()).toEqual([...ErrorCodes].sort());
    for (const [code, e] of Object.entries(ErrorCatalogue)) {
      expect([400, 401, 404, 409, 413, 415, 422, 500, 503], code).toContain(e.status);
      expect(e.description.length, code).toBeGreaterThan(10);
    }
  });

  it('is written in connector/README.md, each code with its status', () => {
    const readme = readFileSync(join(import.meta.dirname, '..', '..', '..', 'README.md'), 'utf8');
    for (const [code, e] of Object.entries(ErrorCatalogue)) {
      expect(readme, code).toMatch(new RegExp(`\\| \`${code}\` \\| ${e.status} \\|`));
    }
  });
});
