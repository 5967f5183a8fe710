/** Plain-text tables for the terminal: left-aligned columns, two spaces apart, numbers right-aligned. */

export type Cell = string | number;

/** Renders `rows` under `headers` as lines of text. */
export function renderTable(headers: readonly string[], rows: ReadonlyArray<readonly Cell[]>): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i] ?? '').length)));
  const numeric = headers.map((_, i) => rows.length > 0 && rows.every((r) => typeof r[i] === 'number'));
  const line = (cells: readonly Cell[]) =>
    cells
      .map((c, i) => (numeric[i] ? String(c).padStart(widths[i]!) : String(c).padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(headers), ...rows.map(line)];
}
