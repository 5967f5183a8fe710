/**
 * A link into the ERP to one record. `/web#id=<id>&model=<model>&view_type=form` opens the form in Odoo 17, 18
 * and 19 alike (18+ also have `/odoo/<action>/<id>`, but those need the action's path, which differs per install).
 */
export function erpRecordUrl(erpUrl: string, model: string, id: number): string {
  const base = erpUrl.replace(/\/+$/, '');
  const params = new URLSearchParams({ id: String(id), model, view_type: 'form' });
  return `${base}/web#${params.toString()}`;
}
