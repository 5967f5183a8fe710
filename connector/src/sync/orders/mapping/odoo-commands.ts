/** Odoo's x2many write commands the order mapping sends (pure values, no I/O). */

/** An x2many "replace with exactly these ids" command (Command.set): [] clears the product's default taxes. */
export function setIds(ids: readonly number[]): [[6, 0, number[]]] {
  return [[6, 0, [...ids]]];
}
