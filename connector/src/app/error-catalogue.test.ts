import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { assembleCatalogue } from '../api/errors/error-catalogue.ts';
import { errorCatalogue } from './api-parts.ts';
import { flows } from './flow-list.ts';

describe("the connector's error catalogue (core's codes and every flow's)", () => {
  it('assembles: no code is declared twice across core and the flows', () => {
    expect(() => assembleCatalogue(flows)).not.toThrow();
    expect(new Set(errorCatalogue.codes).size).toBe(errorCatalogue.codes.length);
    for (const [code, e] of Object.entries(errorCatalogue.entries)) {
      expect([400, 401, 403, 404, 409, 413, 415, 422, 429, 500, 503], code).toContain(e.status);
      expect(e.description.length, code).toBeGreaterThan(10);
    }
    // The order flow's codes are its own, not core's.
    expect(errorCatalogue.owners.SKU_UNMAPPED).toBe('orders');
  });

  it('is written in connector/README.md, each code with its status', () => {
    const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
    for (const [code, e] of Object.entries(errorCatalogue.entries)) {
      expect(readme, code).toMatch(new RegExp(`\\| \`${code}\` \\| ${e.status} \\|`));
    }
  });
});
