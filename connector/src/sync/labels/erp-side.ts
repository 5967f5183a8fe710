/**
 * The ERP side of a delivery's bought labels (recovers forward, no compensation: the labels are paid for): per
 * package the binding made sure of, the ZPL fetched when configured and missing, the label attached to the
 * delivery (PDF, and ZPL), found again by its name before attaching (a crash between the attach and storing the
 * ids must not attach it twice); then, once for the delivery, the tracking numbers and the carrier (found or
 * created: erp/label-carrier.ts).
 */
import type { LabelPicking } from './erp/label-picking.gateway.ts';
import { labelPickingGateway } from './erp/label-picking.gateway.ts';
import { carrierFor } from './erp/label-carrier.ts';
import type { BuyContext } from './buy-label.ts';
import { addZpl, labelBytes, setAttachments, type LabelRow } from './label-store.ts';
import { packageRefOf } from './rates-request.ts';
import { mfnColumns } from './mfn-store.ts';

/** The attachment names of a label start with this (Amazon's shipment id makes them unique). */
export const attachmentPrefix = (shipmentId: string) => `Amazon label ${shipmentId}`;

/**
 * What `carrier_tracking_ref` holds for a delivery's labels: the packages' tracking numbers in package order,
 * joined by a comma, as Odoo's own multi-package carriers write it (FedEx, UPS, USPS... join theirs with `,`, and
 * their cancel and tracking-link code splits the field on `,`).
 */
export const trackingRefOf = (rows: readonly Pick<LabelRow, 'packageNo' | 'trackingId'>[]) =>
  [...rows].sort((a, b) => a.packageNo - b.packageNo).map((r) => r.trackingId).filter(Boolean).join(',');

export async function finishErpSide(ctx: Pick<BuyContext, 'env' | 'rt' | 'settings'>, picking: LabelPicking, rows: readonly LabelRow[]): Promise<void> {
  for (const row of rows) await attachLabel(ctx, picking, row);
  const ref = trackingRefOf(rows);
  if (picking.trackingRef === ref) return;
  const first = rows[0];
  const carrierId = first ? await carrierFor(ctx.rt.erp, ctx.env.db.pool, ctx.rt.backend.id, { id: first.carrierId ?? '', name: first.carrierName ?? '' }) : null;
  await labelPickingGateway(ctx.rt.erp).writeTracking(picking.id, ref, carrierId);
}

async function attachLabel(ctx: Pick<BuyContext, 'env' | 'rt' | 'settings'>, picking: LabelPicking, row: LabelRow): Promise<void> {
  const { env, rt } = ctx;
  const backendId = rt.backend.id;
  const gw = labelPickingGateway(rt.erp);
  const shipmentId = row.shipmentId!;
  await env.core.binder.bind(backendId, { kind: 'shipping_label', amazonKey: shipmentId, erpModel: 'stock.picking', erpId: picking.id });
  if (row.attachmentIds.length) return;
  let ids = await gw.attachmentsNamed(picking.id, attachmentPrefix(shipmentId));
  if (!ids.length) {
    const bytes = await labelBytes(env.db.pool, env.core.keyring, backendId, row.idempotencyKey);
    // Merchant Fulfillment v0 gives one format per purchase: its labels stay PDF only.
    if (ctx.settings.zpl && bytes.pdf && !bytes.zpl && (await mfnColumns(env.db.pool, backendId, row.idempotencyKey)).transport === 'shippingV2') {
      // Fetched here rather than right after the purchase: a crash in between still gets its ZPL.
      const docs = await rt.amazon.shipping.getShipmentDocuments(shipmentId, packageRefOf(picking.id, row.packageNo), 'ZPL');
      const zpl = docs.packageDocuments.find((x) => x.format === 'ZPL');
      if (zpl) {
        bytes.zpl = Buffer.from(zpl.contents, 'base64');
        await addZpl(env.db.pool, env.core.keyring, backendId, row.idempotencyKey, bytes.zpl);
      }
    }
    const base = `${attachmentPrefix(shipmentId)} ${row.trackingId} ${picking.name.replace(/[\\/]/g, '-')}`;
    const files = [
      ...(bytes.pdf ? [{ name: `${base}.pdf`, mimetype: 'application/pdf', bytes: bytes.pdf }] : []),
      ...(bytes.zpl ? [{ name: `${base}.zpl`, mimetype: 'text/plain', bytes: bytes.zpl }] : []),
    ];
    ids = files.length ? await gw.attach(picking.id, files) : [];
  }
  await setAttachments(env.db.pool, backendId, row.idempotencyKey, ids);
  row.attachmentIds = ids;
}
