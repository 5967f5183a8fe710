/**
 * Amazon's own sandbox (sandbox.sellingpartnerapi-*): it answers only the model's static examples, matched on the
 * request parameters, and anything else with its "Could not match input arguments" error.
 */
import { readFileSync } from 'node:fs';
import { listParam, type RawQuery } from '../http/query-values.ts';
import type { StaticExample } from './extract-examples.ts';

let examples: StaticExample[] | undefined;

/** The committed examples (extracted from the official model). */
export function staticExamples(): StaticExample[] {
  examples ??= JSON.parse(readFileSync(new URL('./orders-2026-examples.json', import.meta.url), 'utf8')) as StaticExample[];
  return examples;
}

/** The sandbox's answer when no example matches. */
export const NO_MATCH = { status: 400, body: { errors: [{ code: 'InvalidInput', message: 'Could not match input arguments' }] } };

function same(given: string[] | undefined, expected: string | string[]): boolean {
  const want = Array.isArray(expected) ? expected : [expected];
  return given !== undefined && given.length === want.length && given.every((v, i) => v === want[i]);
}

/** The example answering this call (query plus path parameters), or NO_MATCH. */
export function replay(operation: StaticExample['operation'], query: RawQuery, pathParams: Record<string, string>):
  { status: number; body: unknown } {
  const given: Record<string, string[] | undefined> = {};
  for (const name of Object.keys(query)) given[name] = listParam(query, name);
  for (const [name, value] of Object.entries(pathParams)) given[name] = [value];
  for (const ex of staticExamples()) {
    if (ex.operation !== operation) continue;
    const names = Object.keys(ex.parameters);
    if (names.length !== Object.keys(given).length) continue;
    if (names.every((n) => same(given[n], ex.parameters[n]!))) return { status: ex.status, body: ex.response };
  }
  return NO_MATCH;
}
