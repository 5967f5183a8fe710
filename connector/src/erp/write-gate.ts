/**
 * At most `limit` ERP writes in flight per ERP endpoint. Odoo serialises concurrent confirmations on the same
 * stock rows (`could not serialize access due to concurrent update` on stock_quant, retried by Odoo, i.e. work done
 * twice), and with `workers = 0` a second caller adds no throughput (timing.md): parallel writers only make the
 * ERP fight itself. Reads are not gated: they do not contend, and they keep the ERP busy between two writes.
 *
 * Two layers: a FIFO semaphore shared by every worker of the process (always), then, when a database is given,
 * one of `limit` PostgreSQL advisory-lock slots shared by every process (write-slots.ts). The local layer comes
 * first so a process never holds more than `limit` database connections waiting for slots.
 */

/** Runs ERP writes under the endpoint's limit. */
export interface WriteGate {
  run<T>(write: () => Promise<T>): Promise<T>;
  /** The limit in force (a backend's settings may change it; the newest setting wins). */
  limit(): number;
  setLimit(limit: number): void;
}

/** A slot held across processes; released after the write. */
export interface SharedSlots {
  acquire(limit: number): Promise<() => Promise<void>>;
}

/** A FIFO semaphore of `limit` permits, with the shared slots (if any) taken under each permit. */
export function createWriteGate(initialLimit: number, shared?: SharedSlots): WriteGate {
  let limit = normalise(initialLimit);
  let inFlight = 0;
  const waiting: Array<() => void> = [];

  const wake = (): void => {
    while (inFlight < limit && waiting.length) {
      inFlight++;
      waiting.shift()!();
    }
  };
  const permit = (): Promise<void> => {
    if (inFlight < limit && waiting.length === 0) {
      inFlight++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => waiting.push(resolve));
  };

  return {
    async run(write) {
      await permit();
      try {
        const release = shared ? await shared.acquire(limit) : null;
        try {
          return await write();
        } finally {
          await release?.();
        }
      } finally {
        inFlight--;
        wake();
      }
    },
    limit: () => limit,
    setLimit(next) {
      limit = normalise(next);
      wake();
    },
  };
}

function normalise(limit: number): number {
  return Number.isInteger(limit) && limit > 0 ? limit : 1;
}
