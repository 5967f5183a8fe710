/**
 * Route schema validation with TypeBox, converting path and query text to the schema's types strictly: `3` is an
 * integer, while `3.9`, `true`, `+1`, ` 1`, `0x1` and `1e3` stay text and fail the schema (TypeBox's own
 * `Value.Convert`, which the stock compiler uses, truncates `3.9` to 3 and reads `true` as 1: a caller asking for
 * record 3.9 must not act on record 3). Bodies are JSON and are never converted.
 */
import type { FastifySchemaCompiler } from 'fastify';
import type { TSchema } from 'typebox';
import { Compile } from 'typebox/compile';

type JsonSchema = { type?: string | string[]; items?: JsonSchema; properties?: Record<string, JsonSchema> };

const INTEGER_TEXT = /^-?(0|[1-9][0-9]*)$/;
const NUMBER_TEXT = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?$/;

/** One text value read as the type `schema` asks for, or left as text (so the schema refuses it) when it is not one. */
function convertText(schema: JsonSchema | undefined, value: unknown): unknown {
  if (typeof value !== 'string' || !schema) return value;
  if (schema.type === 'integer') return INTEGER_TEXT.test(value) ? Number(value) : value;
  if (schema.type === 'number') return NUMBER_TEXT.test(value) ? Number(value) : value;
  if (schema.type === 'boolean') return value === 'true' ? true : value === 'false' ? false : value;
  return value;
}

/** Path and query parameters: a flat object of text values (several for a repeated query parameter). */
function convertParameters(schema: JsonSchema, input: unknown): unknown {
  if (typeof input !== 'object' || input === null || !schema.properties) return input;
  const out: Record<string, unknown> = { ...(input as Record<string, unknown>) };
  for (const [key, prop] of Object.entries(schema.properties)) {
    if (!(key in out)) continue;
    const value = out[key];
    if (prop.type === 'array') {
      const list = Array.isArray(value) ? value : [value];
      out[key] = list.map((v) => convertText(prop.items, v));
    } else {
      out[key] = convertText(prop, value);
    }
  }
  return out;
}

/** The validator compiler of every route (see above). */
export const StrictValidatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  const check = Compile(schema);
  const converts = httpPart === 'params' || httpPart === 'querystring' || httpPart === 'headers';
  return (input: unknown) => {
    const value = converts ? convertParameters(schema as JsonSchema, input) : input;
    if (check.Check(value)) return { value };
    return { error: check.Errors(value) as never };
  };
};
