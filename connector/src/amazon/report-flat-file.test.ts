import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { charsetOf, decimalMarkOf, readFlatFile, type FlatFileRow, type FlatFileSource } from './report-flat-file.ts';
import { FBA_REIMBURSEMENTS, RETURNS_BY_RETURN_DATE } from './report-specs.ts';

const DE = 'A1PA6795UKMFR9';
const GB = 'A1F83G8C2ARO7P';
const JP = 'A1VC38T7YXB528';
const COLUMNS = RETURNS_BY_RETURN_DATE.columns;

/** A merchant returns row: every column blank but those given. */
const row = (cells: Record<string, string>) => COLUMNS.map((c) => cells[c] ?? '').join('\t');
const file = (...rows: string[]) => [COLUMNS.join('\t'), ...rows].join('\n') + '\n';

async function read(bytes: Buffer, over: Partial<FlatFileSource> = {}, spec = RETURNS_BY_RETURN_DATE): Promise<FlatFileRow[]> {
  const rows: FlatFileRow[] = [];
  // Tiny chunks: a multi-byte character and a line cut across chunks must still read whole.
  const chunks = [...Array(Math.ceil(bytes.length / 7)).keys()].map((i) => bytes.subarray(i * 7, i * 7 + 7));
  for await (const r of readFlatFile({ body: Readable.from(chunks), compression: undefined, contentType: 'text/plain;charset=UTF-8', marketplaceId: DE, ...over }, spec)) rows.push(r);
  return rows;
}

describe('readFlatFile', () => {
  it('keys rows by the header, reads a decimal comma into minor units, keeps blank columns blank and a quote literal', async () => {
    const text = file(
      row({ 'Order ID': '302-1234567-1234567', 'Currency code': 'EUR', 'Item Name': 'Der "beste" Topf — Größe L', 'Order Amount': '1.095,50', 'Refunded Amount': '95,00', 'Return quantity': '2', 'Order quantity': '3' }),
      row({ 'Order ID': '302-7654321-7654321', 'Currency code': 'EUR', 'Order Amount': '12,90', 'Return quantity': '1' }),
    );
    const rows = await read(gzipSync(Buffer.from(text, 'utf8')), { compression: 'GZIP' });
    expect(rows).toHaveLength(2);
    const [first, second] = rows as Extract<FlatFileRow, { ok: true }>[];
    expect(first).toMatchObject({ ok: true, line: 2, amounts: { 'Order Amount': 109550n, 'Refunded Amount': 9500n, 'Label cost': null }, integers: { 'Return quantity': 2, 'Order quantity': 3 } });
    expect(first!.cells['Item Name']).toBe('Der "beste" Topf — Größe L');
    expect(first!.cells['Merchant RMA ID']).toBe('');
    expect(second).toMatchObject({ line: 3, amounts: { 'Order Amount': 1290n, 'Refunded Amount': null }, integers: { 'Order quantity': null } });
  });

  it('reports a bad row by line with a stable code and reads the rows after it', async () => {
    const text = file(
      row({ 'Order ID': 'A', 'Currency code': 'EUR', 'Order Amount': '95.00' }),
      'B\tonly two cells',
      row({ 'Order ID': 'C', 'Currency code': 'EUR', 'Return quantity': 'two' }),
      '',
      row({ 'Order ID': 'D', 'Currency code': 'EUR', 'Order Amount': '5,00' }),
    ).replaceAll('\n', '\r\n');
    const rows = await read(Buffer.from(text));
    expect(rows.map((r) => [r.line, r.ok ? r.cells['Order ID'] : r.code])).toEqual([
      [2, 'REPORT_ROW_MALFORMED'],
      [3, 'REPORT_ROW_MALFORMED'],
      [4, 'REPORT_ROW_MALFORMED'],
      [6, 'D'],
    ]);
    expect(rows.map((r) => (r.ok ? '' : r.message))).toEqual([expect.stringMatching(/Order Amount: .*decimal mark/), '2 cells where the header names 32', 'Return quantity: not a whole number', '']);
  });

  it('reads a point on Amazon.co.uk, and always in the reimbursements report', async () => {
    const gb = await read(Buffer.from(file(row({ 'Currency code': 'GBP', 'Order Amount': '1,234.50' }))), { marketplaceId: GB });
    expect(gb[0]).toMatchObject({ ok: true, amounts: { 'Order Amount': 123450n } });
    const reimb = [FBA_REIMBURSEMENTS.columns.join('\t'), FBA_REIMBURSEMENTS.columns.map((c) => ({ 'currency-unit': 'EUR', 'amount-per-unit': '12.50', 'amount-total': '25.00', 'quantity-reimbursed-cash': '2' })[c] ?? '').join('\t')].join('\n');
    const rows = await read(Buffer.from(reimb), {}, FBA_REIMBURSEMENTS);
    expect(rows[0]).toMatchObject({ ok: true, amounts: { 'amount-per-unit': 1250n, 'amount-total': 2500n }, integers: { 'quantity-reimbursed-cash': 2, 'quantity-reimbursed-total': null } });
  });

  it('decodes the charset the store names (Cp1252), or the marketplace\'s (Shift_JIS on Amazon.co.jp)', async () => {
    // Cp1252 writes 'ö' and 'ß' as Latin-1 does and '€' as 0x80 (the placeholder '~' replaced).
    const cp1252 = Buffer.from(file(row({ 'Item Name': 'Größe ~', 'Currency code': 'EUR' })), 'latin1');
    cp1252[cp1252.indexOf('~')] = 0x80;
    const rows = await read(cp1252, { contentType: 'text/plain;charset=Cp1252' });
    expect(rows[0]).toMatchObject({ ok: true, cells: expect.objectContaining({ 'Item Name': 'Größe €' }) });
    // 'あい' in Shift_JIS, no charset in the Content-Type.
    const sjis = Buffer.concat([Buffer.from(`${COLUMNS.join('\t')}\n`), Buffer.from([0x82, 0xa0, 0x82, 0xa2]), Buffer.from('\t'.repeat(COLUMNS.length - 1) + '\n')]);
    const jp = await read(sjis, { contentType: 'text/plain', marketplaceId: JP });
    expect(jp[0]).toMatchObject({ ok: true, cells: expect.objectContaining({ 'Order ID': 'あい' }) });
    expect([charsetOf('text/plain; charset="windows-31j"', DE), charsetOf(undefined, DE), decimalMarkOf(DE), decimalMarkOf(GB)]).toEqual(['windows-31j', 'utf-8', ',', '.']);
  });

  it('ends with REPORT_UNREADABLE for a document that is not gzip, lacks the columns or names an unknown charset', async () => {
    await expect(read(Buffer.from(file()), { compression: 'GZIP' })).rejects.toMatchObject({ code: 'REPORT_UNREADABLE', message: /gzip/ });
    await expect(read(Buffer.from('Order ID\tASIN\nx\ty\n'))).rejects.toMatchObject({ code: 'REPORT_UNREADABLE', message: /lacks Order date/ });
    await expect(read(Buffer.from(file()), { contentType: 'text/plain;charset=x-klingon' })).rejects.toMatchObject({ code: 'REPORT_UNREADABLE', message: /charset/ });
    expect(await read(Buffer.alloc(0))).toEqual([]);
  });

  it('turns a download cut off mid-way into a RetryableError (the job reads the report again)', async () => {
    const body = new Readable({ read() {} });
    body.push(Buffer.from(file(row({ 'Order ID': 'A', 'Currency code': 'EUR' }))));
    setTimeout(() => body.destroy(Object.assign(new Error('aborted'), { code: 'ECONNRESET' })), 20);
    const reading = (async () => {
      for await (const r of readFlatFile({ body, compression: undefined, contentType: undefined, marketplaceId: DE }, RETURNS_BY_RETURN_DATE)) expect(r.ok).toBe(true);
    })();
    await expect(reading).rejects.toMatchObject({ kind: 'retryable', code: 'AMAZON_UNAVAILABLE' });
  });
});
