/**
 * Before measuring, the bench walks the lists as a person paging through them would, keeping the cursors of pages
 * 2..n: the measured "next pages" requests then reach deep pages without waiting on each other (open loop).
 */
import { LISTED_STATES, cursorKey, type RouteContext } from './routes.ts';

const PAGES = 5;

async function cursors(origin: string, headers: Record<string, string>, base: string): Promise<string[]> {
  const out: string[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < PAGES; page++) {
    const res = await fetch(`${origin}${base}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`, { headers });
    if (!res.ok) throw new Error(`${base}: HTTP ${res.status} ${await res.text()}`);
    cursor = ((await res.json()) as { nextCursor: string | null }).nextCursor;
    if (!cursor) break;
    out.push(cursor);
  }
  return out;
}

/** The cursors of each list the routes page through, and order ids to search for. */
export async function discoverContext(origin: string, headers: Record<string, string>, backendIds: number[]): Promise<RouteContext> {
  const orderCursors = new Map<string, string[]>();
  for (const id of backendIds) {
    for (const state of LISTED_STATES) {
      orderCursors.set(cursorKey(id, state), await cursors(origin, headers, `/api/backends/${id}/orders?limit=50${state ? `&state=${state}` : ''}`));
    }
  }
  const orderIds = new Map<number, string[]>();
  for (const id of backendIds) {
    const res = await fetch(`${origin}/api/backends/${id}/orders?limit=50`, { headers });
    if (!res.ok) throw new Error(`orders of backend ${id}: HTTP ${res.status} ${await res.text()}`);
    orderIds.set(id, ((await res.json()) as { items: Array<{ amazonOrderId: string }> }).items.map((o) => o.amazonOrderId));
  }
  return {
    backendIds,
    orderIds,
    orderCursors,
    conflictCursors: await cursors(origin, headers, '/api/conflicts?limit=50'),
    runCursors: await cursors(origin, headers, '/api/sync-runs?limit=50'),
  };
}
