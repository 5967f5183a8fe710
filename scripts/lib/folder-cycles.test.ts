import { describe, expect, it } from 'vitest';
import { folderCycles, folderGraph, folderOf, newCycles, shortestCycles } from './folder-cycles.ts';

const mod = (source: string, ...deps: string[]) => ({ source, dependencies: deps.map((resolved) => ({ resolved })) });

describe('folder cycles', () => {
  it('a folder is a top folder of connector/src, or a sync/<flow> folder', () => {
    expect(folderOf('connector/src/core/binding/binder.ts')).toBe('core');
    expect(folderOf('connector/src/sync/orders/steps/x.ts')).toBe('sync/orders');
    expect(folderOf('connector/src/sync/flows.ts')).toBe('sync');
    expect(folderOf('connector/src/main.ts')).toBeNull();
    expect(folderOf('node_modules/pg/lib/index.js')).toBeNull();
  });

  it('finds a cycle between folders that no file cycle makes', () => {
    const graph = folderGraph([
      mod('connector/src/jobs/tasks.ts', 'connector/src/sync/orders/a.ts'),
      mod('connector/src/sync/orders/b.ts', 'connector/src/jobs/enqueue.ts'),
      mod('connector/src/sync/orders/a.ts', 'connector/src/core/x.ts'),
    ]);
    expect(folderCycles(graph)).toEqual([['jobs', 'sync/orders']]);
    expect(graph.get('jobs')!.get('sync/orders')).toBe('connector/src/jobs/tasks.ts -> connector/src/sync/orders/a.ts');
  });

  it('allows a cycle inside one folder and ignores tests', () => {
    const graph = folderGraph([
      mod('connector/src/core/a.ts', 'connector/src/core/b/c.ts'),
      mod('connector/src/core/b/c.ts', 'connector/src/core/a.ts'),
      mod('connector/src/core/a.test.ts', 'connector/src/db/testing.ts'),
      mod('connector/src/db/testing.ts', 'connector/src/core/a.ts'),
    ]);
    expect(folderCycles(graph)).toEqual([]);
  });

  it('a known cycle covers the same or a smaller one, not a new folder joining it', () => {
    const known = [['jobs', 'sync', 'sync/orders']];
    expect(newCycles([['jobs', 'sync/orders']], known)).toEqual([]);
    expect(newCycles([['core', 'db']], known)).toEqual([['core', 'db']]);
    expect(newCycles([['api', 'jobs', 'sync/orders']], known)).toEqual([['api', 'jobs', 'sync/orders']]);
  });

  it('shows the shortest cycles through the edges no known cycle covers', () => {
    const graph = folderGraph([
      mod('connector/src/core/a.ts', 'connector/src/sync/orders/o.ts'),
      mod('connector/src/sync/orders/o.ts', 'connector/src/core/b.ts', 'connector/src/db/d.ts', 'connector/src/jobs/j.ts'),
      mod('connector/src/db/d.ts', 'connector/src/core/b.ts'),
      mod('connector/src/jobs/j.ts', 'connector/src/sync/orders/p.ts'),
    ]);
    const [component] = folderCycles(graph);
    expect(component).toEqual(['core', 'db', 'jobs', 'sync/orders']);
    expect(shortestCycles(graph, component!, [['jobs', 'sync/orders']])).toEqual([
      ['core', 'sync/orders'],
      ['db', 'core', 'sync/orders'],
    ]);
  });
});
