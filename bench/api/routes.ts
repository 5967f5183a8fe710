/**
 * The routes the API bench drives, with their share of the traffic. Each route names a path built from what the
 * bench learnt before measuring (backend ids, cursors found by following `nextCursor`). The admin-panel issue adds
 * its list routes here: one entry each, and `--routes` selects by name.
 */

/** What the bench knows of the seeded store when it builds paths. */
export interface RouteContext {
  backendIds: number[];
  /** Cursors of pages 2..n of each backend's order list, per state filter ('' = no filter). */
  orderCursors: Map<string, string[]>;
  conflictCursors: string[];
  runCursors: string[];
  /** Amazon order ids of each backend's first order page: what a person pastes into the Orders screen's search. */
  orderIds: Map<number, string[]>;
}

export interface BenchRoute {
  name: string;
  /** Relative share of the requests (the weights are normalised). */
  weight: number;
  /** The path of the n-th request of this route (n lets it rotate over backends and cursors). */
  path(ctx: RouteContext, n: number): string;
}

const pick = <T>(list: readonly T[], n: number): T => list[n % list.length]!;
const q = (cursor: string) => `&cursor=${encodeURIComponent(cursor)}`;
/** The order-list states an admin looks at most, besides the unfiltered list. */
export const LISTED_STATES = ['', 'imported', 'conflict', 'failed'] as const;
export const cursorKey = (backendId: number, state: string) => `${backendId}|${state}`;

export const API_ROUTES: BenchRoute[] = [
  { name: 'backends', weight: 2, path: () => '/api/backends' },
  { name: 'orders', weight: 3, path: (c, n) => `/api/backends/${pick(c.backendIds, n)}/orders?limit=50` },
  {
    name: 'orders-state',
    weight: 3,
    path: (c, n) => `/api/backends/${pick(c.backendIds, n)}/orders?limit=50&state=${pick(LISTED_STATES.slice(1), Math.floor(n / c.backendIds.length))}`,
  },
  {
    name: 'orders-next-pages',
    weight: 2,
    path: (c, n) => {
      const backendId = pick(c.backendIds, n);
      const state = pick(LISTED_STATES, Math.floor(n / c.backendIds.length));
      const cursors = c.orderCursors.get(cursorKey(backendId, state)) ?? [];
      const base = `/api/backends/${backendId}/orders?limit=50${state ? `&state=${state}` : ''}`;
      return cursors.length ? base + q(pick(cursors, n)) : base;
    },
  },
  { name: 'conflicts', weight: 2, path: (c, n) => (n % 2 ? '/api/conflicts?status=open&limit=50' : `/api/conflicts?backendId=${pick(c.backendIds, n)}&limit=50`) },
  // The panel's conflicts screen: most urgent first per backend with a code filter, and its filter chips.
  // The panel's conflicts screen: most urgent first (money, then the soonest ship-by date) over every backend or
  // per backend with a code chip, and its filter chips.
  {
    name: 'conflicts-urgent',
    weight: 1,
    path: (c, n) =>
      n % 3 === 0 ? '/api/conflicts?status=open&sort=urgency&limit=50' : `/api/conflicts?backendId=${pick(c.backendIds, n)}&status=open&sort=urgency&limit=50${n % 3 === 2 ? '&code=SKU_UNMAPPED' : ''}`,
  },
  { name: 'conflicts-facets', weight: 1, path: (c, n) => (n % 3 === 0 ? '/api/conflicts/facets' : `/api/conflicts/facets?backendId=${pick(c.backendIds, n)}`) },
  { name: 'conflicts-next-pages', weight: 1, path: (c, n) => `/api/conflicts?limit=50${c.conflictCursors.length ? q(pick(c.conflictCursors, n)) : ''}` },
  { name: 'sync-runs', weight: 1, path: (c, n) => (n % 2 ? '/api/sync-runs?limit=50' : `/api/sync-runs?backendId=${pick(c.backendIds, n)}&limit=50`) },
  // The panel's Overview (refreshed every 15 s by each open panel): runs, conflicts and quota of one backend.
  { name: 'overview', weight: 1, path: (c, n) => `/api/backends/${pick(c.backendIds, n)}/overview` },
  // The panel's SKUs screen: unmatched first, with the held-orders count; filtered, and searched by part of a SKU.
  { name: 'skus', weight: 1, path: (c, n) => `/api/backends/${pick(c.backendIds, n)}/skus?limit=50` },
  {
    name: 'skus-filter',
    weight: 1,
    path: (c, n) => `/api/backends/${pick(c.backendIds, n)}/skus?limit=50${pick(['&filter=unmatched', '&filter=matched', '&q=BENCH', '&q=SKU-01'], Math.floor(n / c.backendIds.length))}`,
  },
  // The Orders screen's search by a whole Amazon order id, and the Field mappings screen's rows of a flow.
  {
    name: 'orders-search',
    weight: 1,
    path: (c, n) => {
      const backendId = pick(c.backendIds, n);
      const ids = c.orderIds.get(backendId) ?? [];
      return `/api/backends/${backendId}/orders?limit=50&q=${ids.length ? pick(ids, Math.floor(n / c.backendIds.length)) : '305-0000000-0000000'}`;
    },
  },
  { name: 'mappings', weight: 1, path: (c, n) => `/api/backends/${pick(c.backendIds, n)}/mappings/orders` },
  { name: 'sync-runs-next-pages', weight: 1, path: (c, n) => `/api/sync-runs?limit=50${c.runCursors.length ? q(pick(c.runCursors, n)) : ''}` },
];

/** The routes named in `names` (all when empty); an unknown name is an error that lists the known ones. */
export function selectRoutes(names: readonly string[]): BenchRoute[] {
  if (!names.length) return API_ROUTES;
  const unknown = names.filter((n) => !API_ROUTES.some((r) => r.name === n));
  if (unknown.length) throw new Error(`unknown route(s) ${unknown.join(', ')}; known: ${API_ROUTES.map((r) => r.name).join(', ')}`);
  return API_ROUTES.filter((r) => names.includes(r.name));
}

/** A deterministic interleaving of the routes by weight (smooth weighted round robin): request i -> route. */
export function routeSchedule(routes: readonly BenchRoute[]): (i: number) => BenchRoute {
  const total = routes.reduce((s, r) => s + r.weight, 0);
  const current = routes.map(() => 0);
  const cycle: BenchRoute[] = [];
  for (let k = 0; k < total; k++) {
    routes.forEach((r, j) => (current[j]! += r.weight));
    const best = current.indexOf(Math.max(...current));
    current[best]! -= total;
    cycle.push(routes[best]!);
  }
  return (i) => cycle[i % cycle.length]!;
}
