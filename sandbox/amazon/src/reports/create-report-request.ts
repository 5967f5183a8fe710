/**
 * createReport's checks, in order (400 InvalidInput, the first problem): the body against the model's
 * CreateReportSpecification (ajv; the definition copied unmodified from reports_2021-06-30.json into `schemas/`,
 * Apache-2.0, with no field beyond the model's allowed); a known report type (settlement reports cannot be
 * requested); the seller's marketplaces; the data window: both times ISO 8601, not in the future, start <= end, the
 * type's longest window (GET_FLAT_FILE_RETURNS_DATA_BY_RETURN_DATE: 60 days) and how far back it may start.
 */
import { readFileSync } from 'node:fs';
import AjvModule from 'ajv';
import { NOT_REQUESTABLE, REPORT_TYPES } from './report-types.ts';

const Ajv = AjvModule.default;
const DAY = 86_400_000;
const model = JSON.parse(readFileSync(new URL('./schemas/reports_2021-06-30.create-report.json', import.meta.url), 'utf8')) as {
  definitions: Record<string, Record<string, unknown>> };
const ajv = new Ajv({ allErrors: false, strict: false });
ajv.addFormat('date-time', /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:?\d{2})$/);
// The model's $refs point at "#/definitions/...": compile the definition inside its own document.
const validate = ajv.compile({ ...model, $ref: '#/definitions/CreateReportSpecification', definitions: { ...model.definitions,
  CreateReportSpecification: { ...model.definitions.CreateReportSpecification, additionalProperties: false } } });

export interface CreateReportBody {
  reportType: string;
  marketplaceIds: string[];
  reportOptions?: Record<string, string>;
  dataStartTime?: string;
  dataEndTime?: string;
}

export type Checked = { ok: true; body: CreateReportBody; startMs: number; endMs: number } | { ok: false; message: string };

export function checkCreateReport(body: unknown, sellerMarketplaces: readonly string[], nowMs: number): Checked {
  if (!validate(body)) {
    const e = validate.errors?.[0];
    const where = e?.instancePath ? e.instancePath.slice(1).replace(/\//g, '.') : 'body';
    return { ok: false, message: `Invalid request: ${where} ${e?.message ?? 'is invalid'}${e?.params && 'additionalProperty' in e.params ? ` (${String(e.params.additionalProperty)})` : ''}.` };
  }
  const b = body as CreateReportBody;
  if (NOT_REQUESTABLE.includes(b.reportType)) return { ok: false, message: `Report type ${b.reportType} cannot be requested: Amazon generates it on a schedule.` };
  const rule = REPORT_TYPES[b.reportType];
  if (!rule) return { ok: false, message: `Invalid reportType: ${b.reportType}.` };
  const foreign = b.marketplaceIds.filter((m) => !sellerMarketplaces.includes(m));
  if (foreign.length) return { ok: false, message: `Invalid marketplaceIds: ${foreign.join(', ')} (the seller does not participate in them).` };
  const startMs = b.dataStartTime === undefined ? nowMs : Date.parse(b.dataStartTime);
  const endMs = b.dataEndTime === undefined ? nowMs : Date.parse(b.dataEndTime);
  if (startMs > nowMs || endMs > nowMs) return { ok: false, message: 'dataStartTime and dataEndTime must be prior to or equal to the current date and time.' };
  if (startMs > endMs) return { ok: false, message: 'dataStartTime must be prior to or equal to dataEndTime.' };
  if (rule.maxDays !== undefined && endMs - startMs > rule.maxDays * DAY) {
    return { ok: false, message: `The requested date range exceeds the maximum of ${rule.maxDays} days allowed for report type ${b.reportType}.` };
  }
  if (rule.historyDays !== undefined && startMs < nowMs - rule.historyDays * DAY) {
    return { ok: false, message: `dataStartTime cannot be more than ${rule.historyDays} days in the past for report type ${b.reportType}.` };
  }
  return { ok: true, body: b, startMs, endMs };
}
