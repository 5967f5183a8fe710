// The connector's layering, checked by `npm run check` (scripts/check.ts runs
// `depcruise --config .dependency-cruiser.cjs --ignore-known connector/src`). The rules are the "Layering" section of
// connector/src/core/README.md. A *folder* is connector/src/<top>/, except under sync/ where each sync/<flow>/
// (frame/ included) is its own folder; the loose files of sync/ form the folder `sync`.
// Test files (*.test.ts) are not layered: a core test may open a database through db/testing.ts.
// Known violations still being fixed live in .dependency-cruiser-known-violations.json (see scripts/README.md).
const SRC = '^connector/src/';
const NOT_TEST = '\\.test\\.ts$';
// A flow folder: sync/<name>/ other than the frame. Group 1 is the flow's name (used as $1 in the `to` part).
const FLOW = `${SRC}sync/(?!frame/)([^/]+)/`;

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-imports-core-only',
      comment: 'core/ is the framework: it may import core/, config/ and npm packages, nothing else of ours.',
      severity: 'error',
      from: { path: `${SRC}core/`, pathNot: NOT_TEST },
      to: { path: '^(connector|scripts|test|bench|sandbox)/', pathNot: `${SRC}(core|config)/` },
    },
    {
      name: 'adapter-imports-no-flow',
      comment: 'The adapters (amazon/, erp/) speak one protocol each; they never know a flow, the worker or the app.',
      severity: 'error',
      from: { path: `${SRC}(amazon|erp)/`, pathNot: NOT_TEST },
      to: { path: `${SRC}(sync|jobs|app|cli|api)/` },
    },
    {
      name: 'frame-imports-no-flow',
      comment: 'sync/frame/ (the flow contract, the runtime, the task env) serves every flow: it names none, nor the list.',
      severity: 'error',
      from: { path: `${SRC}sync/frame/`, pathNot: NOT_TEST },
      to: { path: [FLOW.replace('([^/]+)', '[^/]+'), `${SRC}sync/flows\\.ts$`, `${SRC}(jobs|app|cli|api)/`] },
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
      name: 'no-cycle-between-folders',
      // A cycle among the files of one folder is allowed (a folder is one unit); one that leaves the folder is not.
      // `via` with $1 says "the cycle passes through a module outside the folder the dependency starts from".
      // Group 1 is the folder: sync/<flow> for a flow or the frame, else the top folder (sync/'s loose files: `sync`).
      // dependency-cruiser reports one cycle per dependency, so scripts/check-folder-cycles.ts also checks the
      // folder graph itself (a folder cycle needs no file cycle: a1 -> b1 and b2 -> a2).
      severity: 'error',
      from: { path: `${SRC}(sync/[^/]+(?=/)|[^/]+(?=/))`, pathNot: NOT_TEST },
      to: { circular: true, via: { pathNot: `${SRC}$1/` } },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['(^|/)node_modules/', '\\.d\\.ts$'] },
    // Type-only imports couple layers as much as value imports: count them.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
    // Under sync/, only the flow folders are units; everything else is one unit per top folder.
    reporterOptions: { archi: { collapsePattern: '^connector/src/(sync/[^/]+/|[^/]+/)' } },
  },
};
