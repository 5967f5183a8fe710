/**
 * Checks real API answers against the committed OpenAPI document (openapi/openapi.json): the status must be
 * documented for the operation, the content type must be one the document gives for it, and the body must match
 * its schema (JSON Schema 2020-12, as OpenAPI 3.1 says, with Ajv).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

interface Operation {
  responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
}
export interface OpenApiDoc {
  openapi: string;
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, unknown> };
}

const BASE = 'https://connector.invalid/components/';

export function loadDocument(): OpenApiDoc {
  return JSON.parse(readFileSync(join(import.meta.dirname, '..', '..', 'openapi', 'openapi.json'), 'utf8')) as OpenApiDoc;
}

/** `text/plain; version=0.0.4; charset=utf-8` as the document writes it (charset aside). */
const mediaType = (contentType: string) =>
  contentType
    .split(';')
    .map((p) => p.trim().toLowerCase())
    .filter((p) => p && !p.startsWith('charset='))
    .join('; ');

export function createAnswerValidator(doc: OpenApiDoc) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  (addFormats as unknown as (a: Ajv2020) => void)(ajv);
  const rewrite = (schema: unknown) => JSON.parse(JSON.stringify(schema).replaceAll('"#/components/schemas/', `"${BASE}`)) as object;
  for (const [name, schema] of Object.entries(doc.components.schemas)) {
    const { $id: _id, ...rest } = schema as { $id?: string };
    ajv.addSchema({ ...rewrite(rest), $id: `${BASE}${name}` });
  }
  const compiled = new Map<string, ValidateFunction>();
  /** Problems of one answer for `method path` (empty when it matches the document). */
  return (method: string, path: string, answer: { status: number; contentType: string; text: string }): string[] => {
    const op = doc.paths[path]?.[method.toLowerCase()];
    if (!op) return [`${method} ${path} is not in the document`];
    const response = op.responses[String(answer.status)];
    if (!response) return [`status ${answer.status} is not documented for ${method} ${path} (documented: ${Object.keys(op.responses).join(', ')})`];
    const content = response.content ?? {};
    // A response documented without content (204) must come without a body.
    if (!Object.keys(content).length) return answer.text === '' ? [] : [`${answer.status} is documented without a body, got ${answer.text.slice(0, 80)}`];
    const type = Object.keys(content).find((t) => mediaType(t) === mediaType(answer.contentType));
    if (!type) return [`content type "${answer.contentType}" is not documented for ${answer.status} (documented: ${Object.keys(content).join(', ')})`];
    const key = `${method} ${path} ${answer.status} ${type}`;
    let validate = compiled.get(key);
    if (!validate) {
      validate = ajv.compile(rewrite(content[type]!.schema));
      compiled.set(key, validate);
    }
    const body = type.includes('json') ? (JSON.parse(answer.text) as unknown) : answer.text;
    return validate(body) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message} ${JSON.stringify(e.params)}`);
  };
}
