/**
 * Recorded ids -> this server's ids, per model, learnt from answers (create results, records read, action
 * res_id) and applied to later requests; sequence-numbered names (S00001, WH/OUT/00001, INV/2026/00001) likewise.
 */

const SEQ = /(S\d{5}|WH\/(?:OUT|IN)\/\d{5}|R?INV\/\d{4}\/\d{5})/g;
const DATETIME = /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/;

export class IdMap {
  private fwd = new Map<string, Map<number, number>>();
  private back = new Map<string, Map<number, number>>();
  private seqFwd = new Map<string, string>();
  private seqBack = new Map<string, string>();
  /** Recorded datetimes (to the second) and days -> this server's, first seen first kept (domains reuse them). */
  private dtFwd = new Map<string, string>();
  private dayFwd = new Map<string, string>();

  /** A datetime or date written in a recorded request (any accepted format) -> the same instant of this run. */
  datetimeToMine(rec: string): string {
    const m = /^(\d{4}-\d\d-\d\d)(?:([ T])(\d\d:\d\d:\d\d)(.*))?$/.exec(rec);
    if (!m) return rec;
    const [, day, sep, time, rest] = m;
    if (time === undefined) return this.dayFwd.get(day!) ?? rec;
    const mine = this.dtFwd.get(`${day} ${time}`);
    return mine ? `${mine.slice(0, 10)}${sep}${mine.slice(11)}${rest}` : rec;
  }

  /** The id to send for a recorded id (the recorded one when never seen: seeded records keep their ids). */
  toMine(model: string, rec: number): number {
    return this.fwd.get(model)?.get(rec) ?? rec;
  }

  /** Checks (and learns) that recorded `rec` corresponds to `mine`; returns an error text or null. */
  match(model: string, rec: unknown, mine: unknown): string | null {
    if (typeof rec !== 'number' || typeof mine !== 'number') return rec === mine ? null : `expected ${JSON.stringify(rec)}, got ${JSON.stringify(mine)}`;
    const f = this.fwd.get(model) ?? new Map<number, number>();
    const b = this.back.get(model) ?? new Map<number, number>();
    this.fwd.set(model, f);
    this.back.set(model, b);
    const known = f.get(rec);
    if (known !== undefined) return known === mine ? null : `${model} id ${rec} was mapped to ${known}, got ${mine}`;
    const other = b.get(mine);
    if (other !== undefined) return `${model} id ${mine} already stands for recorded ${other}, not ${rec}`;
    f.set(rec, mine);
    b.set(mine, rec);
    return null;
  }

  /** Compares two strings: equal, except sequence names (same prefix, consistent mapping) and datetimes (format). */
  matchString(rec: string, mine: string): string | null {
    if (DATETIME.test(rec)) {
      if (!DATETIME.test(mine)) return `expected a datetime, got ${JSON.stringify(mine)}`;
      if (!this.dtFwd.has(rec)) this.dtFwd.set(rec, mine);
      if (!this.dayFwd.has(rec.slice(0, 10))) this.dayFwd.set(rec.slice(0, 10), mine.slice(0, 10));
      return null;
    }
    // a datetime quoted inside a text (an error repeating a domain value) stands for this run's
    rec = rec.replace(/\d{4}-\d\d-\d\d[ T]\d\d:\d\d:\d\d/g, (d) => this.datetimeToMine(d));
    // a server action named in a text (a webhook's `_action`: "POST delivery(#461)") stands for this run's action
    rec = rec.replace(/\(#(\d+)\)/g, (all, id: string) => `(#${this.fwd.get('ir.actions.server')?.get(Number(id)) ?? id})`);
    const recParts = rec.split(SEQ);
    const minParts = mine.split(SEQ);
    if (recParts.length !== minParts.length) return `expected ${JSON.stringify(rec)}, got ${JSON.stringify(mine)}`;
    for (let i = 0; i < recParts.length; i++) {
      const a = recParts[i]!;
      const b = minParts[i]!;
      if (i % 2 === 0) {
        if (a !== b) return `expected ${JSON.stringify(rec)}, got ${JSON.stringify(mine)}`;
        continue;
      }
      if (a.replace(/\d{5}$/, '') !== b.replace(/\d{5}$/, '')) return `sequence prefix differs: ${a} vs ${b}`;
      const known = this.seqFwd.get(a);
      if (known !== undefined && known !== b) return `name ${a} was mapped to ${known}, got ${b}`;
      const other = this.seqBack.get(b);
      if (other !== undefined && other !== a) return `name ${b} already stands for ${other}, not ${a}`;
      this.seqFwd.set(a, b);
      this.seqBack.set(b, a);
    }
    return null;
  }
}
