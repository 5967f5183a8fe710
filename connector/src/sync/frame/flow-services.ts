/**
 * The flows' per-process services (caches and the like), one registry per assembled process: a flow creates its
 * own on first use and clears them from its `onBackendChanged` hook, so nothing outside its folder names them.
 * Per process, not per module: two processes, or two test stacks in one test process (whose backends may share
 * ids in different databases), never share a cache.
 */
export interface FlowServices {
  /** The services of `flow` in this process, created by `create` on first use. */
  of<T>(flow: string, create: () => T): T;
}

/** A fresh registry (app/boot.ts makes one per process). */
export function createFlowServices(): FlowServices {
  const made = new Map<string, unknown>();
  return {
    of<T>(flow: string, create: () => T): T {
      if (!made.has(flow)) made.set(flow, create());
      return made.get(flow) as T;
    },
  };
}
