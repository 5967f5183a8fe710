/** Every flow's lookup tables share one namespace per backend: two flows declaring one name would check each other's values. */
import { describe, expect, it } from 'vitest';
import { flows } from './flows.ts';

describe("the flows' lookup tables", () => {
  it('have distinct names', () => {
    const names = flows.flatMap((f) => ('lookupTables' in f ? (f.lookupTables ?? []) : []).map((t) => t.name));
    expect(names.length).toBeGreaterThan(3);
    expect(names.filter((n, i) => names.indexOf(n) !== i)).toEqual([]);
  });
});
