/**
 * A link into the ERP to one record, in the URL form of the backend's Odoo version (`erp.version`, detected at the
 * first connection and stored with the backend):
 * - 18 and 19: `/odoo/<model>/<id>` (the web client's router reads a path segment with a dot as a model, a model
 *   without one as `m-<model>`, and the number after it as the record). Served by the `/odoo/<path:subpath>` route.
 * - 17, or a version not known yet: `/web#id=<id>&model=<model>&view_type=form`. Odoo 17 knows only this form;
 *   18 and 19 still open it (their router maps a `/web#...` URL to `/odoo/...` on load, "url-retrocompatibility"),
 *   so it is the safe form while the version is unknown.
 * The action-path form (`/odoo/sales/<id>`) is not used: its path depends on the install's actions and menus.
 */
export function erpRecordUrl(erpUrl: string, model: string, id: number, version: string | null): string {
  const base = erpUrl.replace(/\/+$/, '');
  if (version !== null && Number(version) >= 18) {
    const segment = model.includes('.') ? model : `m-${model}`;
    return `${base}/odoo/${encodeURIComponent(segment)}/${id}`;
  }
  const params = new URLSearchParams({ id: String(id), model, view_type: 'form' });
  return `${base}/web#${params.toString()}`;
}
