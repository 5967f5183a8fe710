/**
 * The label of a bought package as a carrier prints it: a one-page 4x6 inch PDF (a valid PDF 1.4: catalog, page,
 * Helvetica, a content stream with the ship-to block, the service and a Code-128-looking bar area, and the xref
 * table with the objects' byte offsets) or the same label in ZPL II for thermal printers. Both carry the buyer's
 * name and address, as a real label does.
 */

export interface LabelContent {
  carrierName: string;
  serviceName: string;
  trackingId: string;
  shipTo: string[];
  orderId: string;
  weightKg: number;
}

const esc = (s: string) => s.replace(/[\\()]/g, (c) => `\\${c}`).replace(/[^\x20-\x7e]/g, '?');

/** A PDF of the label (bytes). */
export function labelPdf(c: LabelContent): Buffer {
  const lines: string[] = ['BT /F1 16 Tf 18 400 Td', `(${esc(c.carrierName)} - ${esc(c.serviceName)}) Tj`, 'ET', 'BT /F1 9 Tf 18 380 Td (SHIP TO:) Tj ET'];
  c.shipTo.forEach((l, i) => lines.push(`BT /F1 12 Tf 18 ${362 - i * 15} Td (${esc(l)}) Tj ET`));
  // The bar area: bars of widths from the tracking digits, as a barcode looks on a printed label.
  let x = 18;
  for (const ch of c.trackingId) {
    const w = 1 + (ch.charCodeAt(0) % 3);
    lines.push(`${x} 120 ${w} 70 re f`);
    x += w + 2;
  }
  lines.push(`BT /F1 12 Tf 18 100 Td (${esc(c.trackingId)}) Tj ET`, `BT /F1 8 Tf 18 40 Td (Order ${esc(c.orderId)}  ${c.weightKg.toFixed(2)} kg) Tj ET`);
  const stream = lines.join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 288 432] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${Buffer.byteLength(stream, 'latin1')} >>\nstream\n${stream}\nendstream`,
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((n) => `${String(n).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

/** The label in ZPL II (bytes): the same blocks, a Code 128 bar code of the tracking id. */
export function labelZpl(c: LabelContent): Buffer {
  const f = (s: string) => s.replace(/[\^~]/g, ' ');
  const rows = ['^XA', '^CI28', `^FO30,30^A0N,40,40^FD${f(c.carrierName)} - ${f(c.serviceName)}^FS`, '^FO30,90^A0N,22,22^FDSHIP TO:^FS'];
  c.shipTo.forEach((l, i) => rows.push(`^FO30,${120 + i * 32}^A0N,30,30^FD${f(l)}^FS`));
  rows.push(`^FO30,700^BY3^BCN,160,Y,N,N^FD${f(c.trackingId)}^FS`, `^FO30,1120^A0N,20,20^FDOrder ${f(c.orderId)} ${c.weightKg.toFixed(2)} kg^FS`, '^XZ');
  return Buffer.from(rows.join('\n'), 'utf8');
}

/** The ship-to block of an order's recipient address (name, street lines, postal code and city, country). */
export function shipToLines(order: Record<string, unknown>): string[] {
  const a = ((order.recipient as Record<string, unknown> | undefined)?.deliveryAddress ?? {}) as Record<string, unknown>;
  const s = (k: string) => (typeof a[k] === 'string' ? (a[k] as string) : '');
  return [s('name'), s('companyName'), s('addressLine1'), s('addressLine2'), `${s('postalCode')} ${s('city')}`.trim(), s('countryCode')].filter((l) => l !== '');
}

/** A tracking id in the carrier's own format (what the shipments flow's tracking checks accept). */
export function trackingIdFor(carrierId: string, serial: number): string {
  const n = String(serial).padStart(8, '0');
  switch (carrierId) {
    case 'DHL': return `00340434${String(1_000_000_000 + serial).padStart(10, '0')}${String(serial % 97).padStart(2, '0')}`;
    case 'UPS': return `1Z999AA1${String(10_000_000 + serial).padStart(10, '0')}`;
    case 'DPD': return `0${String(serial).padStart(13, '0')}`;
    case 'HERMES': return `H10${String(serial).padStart(17, '0')}`;
    case 'DEUTSCHE_POST': return `LV${n}1DE`;
    case 'ROYAL_MAIL': return `TT${n}6GB`;
    case 'USPS': return `9400111${String(serial).padStart(15, '0')}`;
    case 'FEDEX': return `7${String(10_000_000_000 + serial)}`;
    default: return `SB${n}`;
  }
}
