import { Migration } from '../connector/src/db/migration-generator.ts';

/**
 * The upload of an invoice's PDF to Amazon (`invoices.uploadVatInvoices`, feed UPLOAD_VAT_INVOICE) on its
 * `invoice_request`: where it stands (null: not asked; pending, queued, uploaded, conflict), the feed message key
 * it went with (`invoice:<move id>`, a suffix per retry after a refusal) and Amazon's or the ERP's reason.
 */

export class Migration20261205050000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "invoice_request" add column "upload_state" text null, add column "upload_attempt" int not null default 0, add column "upload_key" text null, add column "upload_code" text null, add column "upload_message" text null;`);
    // The upload job reads a backend's pending uploads; the result task finds a request by its message key.
    this.addSql(`create index "invoice_request_upload_index" on "invoice_request" ("backend_id", "upload_state") where upload_state is not null;`);
    this.addSql(`create index "invoice_request_upload_key_index" on "invoice_request" ("backend_id", "upload_key") where upload_key is not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "invoice_request_upload_key_index";`);
    this.addSql(`drop index if exists "invoice_request_upload_index";`);
    this.addSql(`alter table "invoice_request" drop column "upload_state", drop column "upload_attempt", drop column "upload_key", drop column "upload_code", drop column "upload_message";`);
  }

}
