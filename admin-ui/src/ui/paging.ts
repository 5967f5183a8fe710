/** Cursor paging state for ServerTable: the cursors of the pages before this one, so "Previous" can go back. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface PageRequest {
  cursor: string | undefined;
  limit: number;
  /** The table's filters, as kept in the route query (empty values left out). */
  filters: Record<string, string>;
}

export class CursorTrail {
  private trail: Array<string | undefined> = [undefined];

  get current(): string | undefined {
    return this.trail[this.trail.length - 1];
  }
  get pageNumber(): number {
    return this.trail.length;
  }
  get hasPrevious(): boolean {
    return this.trail.length > 1;
  }
  next(cursor: string): void {
    this.trail.push(cursor);
  }
  previous(): void {
    if (this.trail.length > 1) this.trail.pop();
  }
  reset(): void {
    this.trail = [undefined];
  }
}

/** The filters named by `keys` from a route query (first value of each, empty ones left out). */
export function filtersFrom(query: Record<string, unknown>, keys: readonly string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of keys) {
    const v = Array.isArray(query[k]) ? query[k][0] : query[k];
    if (typeof v === 'string' && v.trim() !== '') out[k] = v.trim();
  }
  return out;
}
