/** Reports API test helpers: a seller's calls over plain HTTP, strict validators, downloading and parsing a report. */
import { gunzipSync } from 'node:zlib';
import type { AmazonSandbox } from '../../src/index.ts';
import { documentRequest, EU_HOST } from './feed-http.ts';
import { accessToken, call, type Answer } from './http-client.ts';
import { strictDefinition } from './model-validator.ts';

export const reportsModel = {
  create: strictDefinition('reports_2021-06-30.json', 'CreateReportResponse'),
  report: strictDefinition('reports_2021-06-30.json', 'Report'),
  reports: strictDefinition('reports_2021-06-30.json', 'GetReportsResponse'),
  document: strictDefinition('reports_2021-06-30.json', 'ReportDocument'),
  errors: strictDefinition('reports_2021-06-30.json', 'ErrorList'),
};

/** A parsed flat file: its header and rows keyed by column name (Amazon's advice: never by position). */
export interface FlatFile { columns: string[]; rows: Record<string, string>[] }

export function parseTsv(text: string): FlatFile {
  const [head, ...lines] = text.split('\n').filter((l) => l !== '');
  const columns = head!.split('\t');
  return { columns, rows: lines.map((l) => Object.fromEntries(l.split('\t').map((v, i) => [columns[i]!, v]))) };
}

/** A seller's Reports API over HTTP. */
export async function reportsApi(sb: AmazonSandbox, sellerIndex = 0) {
  const token = await accessToken(sb.port, sb.sellers[sellerIndex]!);
  const host = sb.sellers[sellerIndex]!.region === 'eu' ? EU_HOST : 'sellingpartnerapi-na.amazon.com';
  const api = (method: string, path: string, json?: unknown): Promise<Answer> =>
    call(sb.port, { method, path: `/reports/2021-06-30${path}`, host, token, json });
  /** getReport, checked against the model. */
  const get = async (reportId: string): Promise<Record<string, string>> => {
    const a = await api('GET', `/reports/${reportId}`);
    if (a.status !== 200 || !reportsModel.report.validate(a.body)) throw new Error(`getReport ${a.status}: ${a.text} ${reportsModel.report.explain()}`);
    return a.body as Record<string, string>;
  };
  /** getReportDocument + download + gunzip; the text and the document answer. */
  const download = async (reportDocumentId: string) => {
    const d = await api('GET', `/documents/${encodeURIComponent(reportDocumentId)}`);
    if (d.status !== 200 || !reportsModel.document.validate(d.body)) throw new Error(`getReportDocument ${d.status}: ${d.text}`);
    const doc = d.body as { url: string; compressionAlgorithm?: string };
    const got = await documentRequest(sb.port, doc.url, 'GET');
    if (got.status !== 200) throw new Error(`download ${got.status}: ${got.bytes.toString()}`);
    return { doc, text: (doc.compressionAlgorithm === 'GZIP' ? gunzipSync(got.bytes) : got.bytes).toString('utf8') };
  };
  return { api, get, download, token };
}
