/**
 * Only the binder's folder (connector/src/core/binding/) and the migrations name the `binding` table in SQL: every
 * other read or write goes through the Binder, which keeps its invariants (one binding per Amazon document, the
 * ERP-side uniqueness of documents, the sync stamps). dependency-cruiser sees imports, not SQL, hence this scan of
 * the product code (connector/src; tests may seed bindings). Exit code 1 and one line per hit when it finds one.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(import.meta.dirname, '..');
const ALLOWED = /^connector\/src\/core\/binding\//;
// The table after a clause that reads or writes one: `from binding`, `join "binding"`, `into public.binding b`...
// The clause and the table may sit on two lines of a template literal: the whole text is scanned.
const NAMES_BINDING = /\b(from|join|into|update|truncate(\s+table)?)\s+("?public"?\.)?"?binding"?(?![\w"])/gi;

/** Where `text` names the binding table, as `line: text of that line`. */
export function bindingSqlLines(text: string): string[] {
  const lines = text.split('\n');
  return [...text.matchAll(NAMES_BINDING)].map((m) => {
    const n = text.slice(0, m.index).split('\n').length;
    return `${n}: ${lines[n - 1]!.trim()}`;
  });
}

function* productFiles(dir: string): Generator<string> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, e.name);
    if (e.isDirectory()) yield* productFiles(path);
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.test.ts')) yield path;
  }
}

if (import.meta.filename === process.argv[1]) {
  let hits = 0;
  for (const file of productFiles(join(root, 'connector', 'src'))) {
    const rel = relative(root, file).split('\\').join('/');
    if (ALLOWED.test(rel)) continue;
    for (const line of bindingSqlLines(readFileSync(file, 'utf8'))) {
      console.log(`  error binding-sql-outside-binder: ${rel}:${line}`);
      hits++;
    }
  }
  if (hits) console.log(`\n${hits} line(s) name the binding table outside core/binding/: use the Binder (or joinBinding).`);
  process.exit(hits ? 1 : 0);
}
