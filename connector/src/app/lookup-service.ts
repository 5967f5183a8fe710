/**
 * The lookup tables part of the mapping editor's service: tables (the declared ones listed even while empty),
 * entries paged by key, put and delete through core's store (values checked against the declaration, audited,
 * announced so caches drop them).
 */
import type { MappingsApi } from '../api/mapping-deps.ts';
import type { CoreServices } from '../core/services.ts';

type LookupPart = Pick<MappingsApi, 'lookupTables' | 'lookupEntries' | 'putLookupEntries' | 'removeLookupEntry'>;

export function lookupService(core: CoreServices, mustExist: (backendId: number) => Promise<void>): LookupPart {
  const declared = new Map(core.lookups.tables.map((t) => [t.name, t.description]));
  return {
    async lookupTables(backendId) {
      await mustExist(backendId);
      const stored = new Map((await core.lookups.listTables(backendId)).map((t) => [t.name, t.entries]));
      const names = [...new Set([...declared.keys(), ...stored.keys()])].sort();
      return names.map((name) => ({ name, entries: stored.get(name) ?? 0, description: declared.get(name) ?? null }));
    },
    async lookupEntries(backendId, table, q) {
      await mustExist(backendId);
      // Whole-table read then a page of it: tables here are small reference lists (a big one has its own screen).
      const all = (await core.lookups.loadTables(backendId, [table])).get(table) ?? new Map<string, unknown>();
      const keys = [...all.keys()].filter((k) => (!q.prefix || k.startsWith(q.prefix)) && (q.after === undefined || k > q.after)).sort();
      const page = keys.slice(0, q.limit);
      return { items: page.map((key) => ({ key, value: all.get(key) })), nextCursor: keys.length > q.limit ? page[page.length - 1]! : null };
    },
    async putLookupEntries(backendId, table, entries, actor) {
      await mustExist(backendId);
      await core.lookups.put(backendId, table, entries, { actor });
      return entries.length;
    },
    async removeLookupEntry(backendId, table, key, actor) {
      await mustExist(backendId);
      return (await core.lookups.remove(backendId, table, [key], { actor })) > 0;
    },
  };
}
