// The connector's layering, checked by `npm run check` (scripts/check.ts runs scripts/check-layering.ts, which
// cruises connector/src with this file). The rules are the "Layering" section of connector/src/core/README.md. A *folder* is connector/src/<top>/, except under sync/ where each sync/<flow>/
// (frame/ included) is its own folder; the loose files of sync/ form the folder `sync`.
// Test files (*.test.ts) are not layered: a core test may open a database through db/testing.ts.
// Known violations still being fixed live in .dependency-cruiser-known-violations.json (see scripts/README.md).
const SRC = '^connector/src/';
const NOT_TEST = '\\.test\\.ts$';
// A flow folder: sync/<name>/ other than the frame. Group 1 is the flow's name (used as $1 in the `to` part).
const FLOW = `${SRC}sync/(?!frame/)([^/]+)/`;
const FLOW_ANY = `${SRC}sync/(?!frame/)[^/]+/`;

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'core-imports-core-only',
      comment: 'core/ is the framework: it may import core/, config/ and npm packages, nothing else of ours.',
      severity: 'error',
      from: { path: `${SRC}core/`, pathNot: NOT_TEST },
      to: { path: '^(connector|scripts|test|bench|sandbox)/', pathNot: `${SRC}(core|config)/` },
    },
    {
      name: 'adapter-imports-core-only',
      comment: 'An adapter (amazon/, erp/) speaks one protocol: it imports core/, config/, observability/ and itself.',
      severity: 'error',
      from: { path: `${SRC}(amazon|erp)/`, pathNot: NOT_TEST },
      to: { path: SRC, pathNot: `${SRC}(core|config|observability|$1)/` },
    },
    {
      name: 'frame-imports-no-flow',
      comment: 'sync/frame/ (the flow contract, the runtime, the task env) serves every flow: it names none, nor the list, nor what assembles them.',
      severity: 'error',
      from: { path: `${SRC}sync/frame/`, pathNot: NOT_TEST },
      to: { path: [FLOW_ANY, `${SRC}sync/flows\\.ts$`, `${SRC}(jobs|app|cli)/`] },
    },
    {
      name: 'flow-reaches-flow-through-index',
      comment: "A flow reaches another flow only through that flow's index.ts (its public face).",
      severity: 'error',
      from: { path: FLOW, pathNot: NOT_TEST },
      to: { path: `${SRC}sync/(?!frame/|$1/)[^/]+/`, pathNot: `${SRC}sync/[^/]+/index\\.ts$` },
    },
    {
      name: 'flow-imports-no-assembly',
      comment: 'A flow is assembled by others (jobs/, app/, sync/flows.ts); it never imports them.',
      severity: 'error',
      from: { path: FLOW, pathNot: NOT_TEST },
      to: { path: [`${SRC}(jobs|app|cli)/`, `${SRC}sync/flows\\.ts$`] },
    },
    {
      name: 'api-imports-no-flow',
      comment: 'api/ gets what it needs from flows through its deps and options (app/ assembles): no sync/, app/, jobs/.',
      severity: 'error',
      from: { path: `${SRC}api/`, pathNot: NOT_TEST },
      to: { path: `${SRC}(sync|app|jobs|cli)/` },
    },
    {
      name: 'product-imports-no-script',
      comment: 'The product never depends on the repository tooling (scripts/) nor on the test suites.',
      severity: 'error',
      from: { path: SRC, pathNot: NOT_TEST },
      to: { path: '^(scripts|test|bench)/' },
    },
    {
      name: 'flows-list-imports-flow-index',
      comment: "sync/flows.ts, the one list of flows, names each flow by its index.ts.",
      severity: 'error',
      from: { path: `${SRC}sync/flows\\.ts$` },
      to: { path: FLOW_ANY, pathNot: `${SRC}sync/[^/]+/index\\.ts$` },
    },
    {
      name: 'jobs-imports-no-flow',
      comment: 'jobs/ (the worker assembly) gets the flows from sync/flows.ts and the frame, never from a flow folder.',
      severity: 'error',
      from: { path: `${SRC}jobs/`, pathNot: NOT_TEST },
      to: { path: FLOW_ANY },
    },
    // No cycle between folders: not a rule here. dependency-cruiser's `circular` sees cycles of files, and a cycle
    // of folders needs none (jobs/a -> orders/b and orders/c -> jobs/d), so scripts/check-layering.ts builds the
    // folder graph from this cruise and reports its strongly connected components (scripts/lib/folder-cycles.ts).
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['(^|/)node_modules/', '\\.d\\.ts$'] },
    // Type-only imports couple layers as much as value imports: count them.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    // `depcruise --output-type archi connector/src | dot -T svg` draws the folders as the rules see them.
    reporterOptions: { archi: { collapsePattern: '^connector/src/(sync/[^/]+/|[^/]+/)' } },
  },
};
