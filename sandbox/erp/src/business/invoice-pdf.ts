/**
 * The invoice PDF the sandbox's "Send & Print" renders: a small but valid PDF 1.4 document (one page, Helvetica,
 * WinAnsi text, a correct cross-reference table) showing what a buyer and a tax office read on Odoo's invoice
 * report: the seller, the invoice number and date, the customer, the lines and the untaxed, tax and total amounts.
 * Odoo renders its QWeb report with wkhtmltopdf; only the facts are reproduced here, not the layout.
 */

export interface InvoicePdfData {
  company: string;
  /** `INV/2026/00001` (a credit note: `RINV/...`). */
  name: string;
  title: 'Invoice' | 'Credit Note';
  invoiceDate: string | null;
  customer: string | null;
  origin: string | null;
  currency: string;
  lines: Array<{ label: string; quantity: string; subtotal: string }>;
  untaxed: string;
  tax: string;
  total: string;
}

/** Text as a PDF literal string in WinAnsi: parentheses and backslashes escaped, characters beyond Latin-1 as `?`. */
function literal(s: string): string {
  const latin1 = [...s].map((c) => (c.charCodeAt(0) < 256 && c.charCodeAt(0) >= 32 ? c : '?')).join('');
  return `(${latin1.replace(/\\/g, '\\\\').replace(/\(/g, '\\(').replace(/\)/g, '\\)')})`;
}

/** The page's content stream: one text line per entry, from the top. */
function contentStream(d: InvoicePdfData): string {
  const rows: Array<[number, number, string]> = [
    [16, 0, d.company],
    [14, 0, `${d.title} ${d.name}`],
    [10, 0, `Invoice date: ${d.invoiceDate ?? '-'}`],
    [10, 0, `Customer: ${d.customer ?? '-'}`],
    [10, 0, `Source: ${d.origin ?? '-'}`],
    [10, 0, ''],
    ...d.lines.slice(0, 40).map((l): [number, number, string] => [9, 0, `${l.label.slice(0, 70)}   x ${l.quantity}   ${l.subtotal} ${d.currency}`]),
    [10, 0, ''],
    [10, 0, `Untaxed amount: ${d.untaxed} ${d.currency}`],
    [10, 0, `Tax: ${d.tax} ${d.currency}`],
    [12, 0, `Total: ${d.total} ${d.currency}`],
  ];
  const out = ['BT', '/F1 10 Tf', '50 790 Td'];
  for (const [size, , text] of rows) {
    out.push(`/F1 ${size} Tf`, `0 -${size + 6} Td`, `${literal(text)} Tj`);
  }
  out.push('ET');
  return out.join('\n');
}

/** The whole document as bytes. */
export function renderInvoicePdf(d: InvoicePdfData): Buffer {
  const stream = contentStream(d);
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`,
    `<< /Title ${literal(`${d.title} ${d.name}`)} /Producer (ERP sandbox) >>`,
  ];
  // Offsets count bytes: every part is Latin-1, one byte per character.
  let body = '%PDF-1.4\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(body, 'latin1'));
    body += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(body, 'latin1');
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) body += `${String(off).padStart(10, '0')} 00000 n \n`;
  body += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R /Info 6 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}
