// The write limit across PROCESSES: two connector processes (each its own pacing and its own pool on the same
// PostgreSQL) writing to one ERP endpoint never have more than the limit of writes in flight together.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { createTestDatabase } from '../db/test-database.ts';
import { createErpPacing } from './erp-pacing.ts';

describe('ERP write slots in PostgreSQL', () => {
  let db: { url: string; drop(): Promise<void> };
  beforeAll(async () => {
    db = await createTestDatabase(inject('pgAdminUrl'), 'erp_write_slots');
  });
  afterAll(async () => db.drop());

  const run = async (limit: number) => {
    const processes = [0, 1, 2].map(() => createErpPacing({ databaseUrl: db.url }));
    let inFlight = 0;
    let max = 0;
    const write = async () => {
      inFlight++;
      max = Math.max(max, inFlight);
      await new Promise((r) => setTimeout(r, 25));
      inFlight--;
    };
    try {
      await Promise.all(
        processes.flatMap((p) => {
          // Each process has its own backend on the same Odoo (another company, the same URL and database).
          const { gate } = p.forEndpoint('https://erp.example.com', 'prod', { targetCallSeconds: 6, maxConcurrentWrites: limit });
          return Array.from({ length: 4 }, () => (async () => {
            for (let k = 0; k < 3; k++) await gate.run(write);
          })());
        }),
      );
    } finally {
      await Promise.all(processes.map((p) => p.close()));
    }
    return max;
  };

  it('one write at a time across three processes (12 jobs) with the default limit', async () => {
    // Each process alone would allow one: without the shared slots three would run at once.
    expect(await run(1)).toBe(1);
  });

  it('two at a time with a limit of 2, and the limit is reached', async () => {
    expect(await run(2)).toBe(2);
  });
});
