/**
 * Backend changes reach every process within moments: the writer sends NOTIFY in the transaction of the change
 * (PostgreSQL delivers it at commit, never for a rollback), and each process LISTENs on a dedicated connection and
 * drops what it cached of that backend (its runtime: record, settings, connections; its reference data). A mapping
 * change (lookup rows, mapping rules) only drops reference data (payload `<id>:mappings`). After a lost
 * connection it reconnects and drops everything, since notifications sent meanwhile are lost.
 */
import pg from 'pg';
import type { Queryable } from '../sql.ts';

export const BACKEND_CHANGED_CHANNEL = 'aec_backend_changed';

/** What changed: the backend itself (record, settings, state, credentials) or only its mappings. */
export type ChangeScope = 'backend' | 'mappings';

/** Announces a change of `backendId`; call it inside the changing transaction. */
export async function notifyBackendChanged(db: Queryable, backendId: number, scope: ChangeScope = 'backend'): Promise<void> {
  await db.query('select pg_notify($1, $2)', [BACKEND_CHANGED_CHANNEL, scope === 'backend' ? String(backendId) : `${backendId}:${scope}`]);
}

/** The SQL expression that announces a mapping change of backend `$param` (for single-statement writers). */
export const notifyMappingsSql = (param: string) => `pg_notify('${BACKEND_CHANGED_CHANNEL}', ${param}::text || ':mappings')`;

export interface BackendChangeListener {
  stop(): Promise<void>;
}

export interface ListenOptions {
  /** Told about a lost connection (never with secrets: only the error's message). */
  onError?: (message: string) => void;
  /** First reconnection delay; doubled up to 30 s. */
  retryMs?: number;
}

/**
 * Listens until stopped: `onChange(id, scope)` for one backend, `onChange(null, 'backend')` after a reconnection
 * (anything may have changed). Resolves once listening.
 */
export async function listenForBackendChanges(
  url: string,
  onChange: (backendId: number | null, scope: ChangeScope) => unknown,
  opts: ListenOptions = {},
): Promise<BackendChangeListener> {
  let client: pg.Client | null = null;
  let stopped = false;
  let delay = opts.retryMs ?? 1_000;
  let timer: NodeJS.Timeout | null = null;
  const call = (id: number | null, scope: ChangeScope = 'backend') => {
    try {
      void Promise.resolve(onChange(id, scope)).catch((e: unknown) => opts.onError?.(e instanceof Error ? e.message : String(e)));
    } catch (e) {
      opts.onError?.(e instanceof Error ? e.message : String(e));
    }
  };

  const connect = async (first: boolean): Promise<void> => {
    const c = new pg.Client({ connectionString: url });
    const lost = (err?: Error) => {
      if (client !== c) return;
      client = null;
      c.removeAllListeners('notification');
      void c.end().catch(() => {});
      if (stopped) return;
      opts.onError?.(err?.message ?? 'connection ended');
      retry();
    };
    c.on('error', lost);
    c.on('end', () => lost());
    c.on('notification', (n) => {
      const [idText, scope] = (n.payload ?? '').split(':');
      const id = Number(idText);
      if (n.channel !== BACKEND_CHANGED_CHANNEL || !Number.isSafeInteger(id)) return;
      call(id, scope === 'mappings' ? 'mappings' : 'backend');
    });
    client = c;
    await c.connect();
    await c.query(`listen ${BACKEND_CHANGED_CHANNEL}`);
    delay = opts.retryMs ?? 1_000;
    if (!first) call(null);
  };

  const retry = () => {
    if (stopped || timer) return;
    timer = setTimeout(() => {
      timer = null;
      connect(false).catch((e: unknown) => {
        client = null;
        opts.onError?.(e instanceof Error ? e.message : String(e));
        delay = Math.min(delay * 2, 30_000);
        retry();
      });
    }, delay);
    timer.unref();
  };

  await connect(true);
  return {
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      const c = client;
      client = null;
      await c?.end().catch(() => {});
    },
  };
}
