/**
 * Cycles between folders of the connector, from dependency-cruiser's module graph. A folder is
 * connector/src/<top>/, except under sync/ where each sync/<flow>/ (frame/ included) is one; sync/'s loose files
 * form the folder `sync`. dependency-cruiser's `circular` sees file cycles only, and a folder cycle needs none
 * (a1 -> b1 and b2 -> a2), so the folder graph is built here and its strongly connected components are the cycles.
 */

/** The part of dependency-cruiser's JSON output read here. */
export interface CruisedModule {
  source: string;
  dependencies: ReadonlyArray<{ resolved: string }>;
}

/** The folder a product file belongs to, or null outside connector/src/<folder>/ (main.ts, npm packages). */
export function folderOf(path: string): string | null {
  const m = /^connector\/src\/(sync\/[^/]+(?=\/)|[^/]+(?=\/))/.exec(path);
  return m ? m[1]! : null;
}

/** Folder -> folder edges, each with one file dependency that makes it (for the report). Tests are not layered. */
export function folderGraph(modules: readonly CruisedModule[]): Map<string, Map<string, string>> {
  const graph = new Map<string, Map<string, string>>();
  for (const m of modules) {
    const from = folderOf(m.source);
    if (!from || m.source.endsWith('.test.ts')) continue;
    for (const d of m.dependencies) {
      const to = folderOf(d.resolved);
      if (!to || to === from) continue;
      const out = graph.get(from) ?? new Map<string, string>();
      if (!out.has(to)) out.set(to, `${m.source} -> ${d.resolved}`);
      graph.set(from, out);
    }
  }
  return graph;
}

/** The folder cycles: strongly connected components of more than one folder (Tarjan), each sorted, sorted. */
export function folderCycles(graph: ReadonlyMap<string, ReadonlyMap<string, string>>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v)?.keys() ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) cycles.push(component.sort());
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return cycles.sort((a, b) => a.join().localeCompare(b.join()));
}

/** The cycles not covered by a known one (a known cycle that shrank or split is still covered). */
export function newCycles(cycles: readonly string[][], known: readonly string[][]): string[][] {
  return cycles.filter((c) => !known.some((k) => c.every((f) => k.includes(f))));
}

/** Up to `limit` shortest cycles of `component` through its edges that no known cycle covers: what to break. */
export function shortestCycles(
  graph: ReadonlyMap<string, ReadonlyMap<string, string>>,
  component: readonly string[],
  known: readonly string[][],
  limit = 3,
): string[][] {
  const inside = new Set(component);
  const covered = (a: string, b: string) => known.some((k) => k.includes(a) && k.includes(b));
  const found = new Map<string, string[]>();
  for (const a of component) {
    for (const b of graph.get(a)?.keys() ?? []) {
      if (!inside.has(b) || covered(a, b)) continue;
      // Breadth-first from b back to a, inside the component: the shortest cycle through a -> b.
      const previous = new Map<string, string>([[b, b]]);
      const queue = [b];
      while (queue.length && !previous.has(a)) {
        const v = queue.shift()!;
        for (const w of graph.get(v)?.keys() ?? []) {
          if (inside.has(w) && !previous.has(w)) {
            previous.set(w, v);
            queue.push(w);
          }
        }
      }
      // The path b ... a, read back from a; the cycle is a, b ... (the folder before a).
      const path = [a];
      for (let v = a; v !== b; ) path.unshift((v = previous.get(v)!));
      const cycle = [a, ...path.slice(0, -1)];
      const key = [...cycle].sort().join();
      if (!found.has(key)) found.set(key, cycle);
    }
  }
  return [...found.values()].sort((x, y) => x.length - y.length).slice(0, limit);
}
