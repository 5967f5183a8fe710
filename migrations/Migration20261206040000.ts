import { Migration } from '../connector/src/db/migration-generator.ts';

/**
 * The conflicts list "most urgent first": `money` (the conflict's kind or code is about money, from the flows'
 * conflict kind declarations) and `due_at` (the ship-by deadline of the record, from its Amazon snapshot), set at
 * raise time. The list orders by (not money, coalesce(due_at, infinity), id): the expression indexes below serve
 * it with keyset paging, per status and per backend and status. Steps are found per record for a conflict's
 * "what the connector tried" (sync_step by record key), and its resolution history (audit_log by target).
 */
export class Migration20261206040000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "sync_conflict" add column "money" boolean not null default false, add column "due_at" timestamptz null;`);
    // Backfill with the money kinds and codes the flows declared when this was written (later raises set it).
    this.addSql(`update "sync_conflict" set "money" = true where kind = 'invoice' or code in ('TAX_UNMAPPED', 'TOTAL_MISMATCH', 'TAX_MISMATCH', 'AMAZON_TOTAL_INCONSISTENT', 'AMOUNT_SIGN_INVALID', 'AMOUNT_TOO_LARGE', 'AMOUNT_SHAPE_UNKNOWN', 'TAX_RATE_UNDECIDED', 'INVOICE_TOTAL_MISMATCH');`);
    this.addSql(`update "sync_conflict" set "due_at" = (amazon_snapshot #>> '{fulfillment,shipByWindow,latestDateTime}')::timestamptz
      where kind = 'order' and amazon_snapshot #>> '{fulfillment,shipByWindow,latestDateTime}' ~ '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d+)?)?(Z|[+-]\\d{2}(:?\\d{2})?)$';`);
    this.addSql(`create index "sync_conflict_urgency_index" on "sync_conflict" ("status", (not "money"), (coalesce("due_at", 'infinity'::timestamptz)), "id");`);
    this.addSql(`create index "sync_conflict_backend_urgency_index" on "sync_conflict" ("backend_id", "status", (not "money"), (coalesce("due_at", 'infinity'::timestamptz)), "id");`);
    this.addSql(`create index "sync_step_record_index" on "sync_step" ("record_key", "run_id");`);
    this.addSql(`create index "audit_log_target_index" on "audit_log" ("target", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index if exists "audit_log_target_index";`);
    this.addSql(`drop index if exists "sync_step_record_index";`);
    this.addSql(`drop index if exists "sync_conflict_backend_urgency_index";`);
    this.addSql(`drop index if exists "sync_conflict_urgency_index";`);
    this.addSql(`alter table "sync_conflict" drop column "money", drop column "due_at";`);
  }

}
