import { Migration } from '../connector/src/db/migration-generator.ts';

/**
 * The conflicts list "most urgent first": `money` (its code is one the error catalogue marks money: the codes
 * the accountant role resolves) and `due_at` (the ship-by deadline of the record, from its Amazon snapshot), set at
 * raise time. The list orders by (not money, coalesce(due_at, infinity), id): the expression indexes below serve
 * it with keyset paging, per status and per backend and status. Steps are found per record for a conflict's
 * "what the connector tried" (sync_step by record key), and its resolution history (audit_log by target).
 */
export class Migration20261206040000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "sync_conflict" add column "money" boolean not null default false, add column "due_at" timestamptz null;`);
    // Backfill with the codes the error catalogue marked money when this was written (later raises set it).
    this.addSql(`update "sync_conflict" set "money" = true where code in ('AMOUNT_INVALID', 'CURRENCY_INACTIVE', 'CURRENCY_UNKNOWN', 'TAX_UNMAPPED', 'TOTAL_MISMATCH', 'TAX_MISMATCH', 'FISCAL_POSITION_UNMAPPED', 'VAT_REGISTRATION_MISSING', 'BUYER_VAT_REFUSED', 'ORDER_NOT_PRICED', 'AMOUNT_SHAPE_UNKNOWN', 'TAX_RATE_UNDECIDED', 'AMAZON_TOTAL_INCONSISTENT', 'AMOUNT_SIGN_INVALID', 'AMOUNT_TOO_LARGE', 'TAX_GROUP_MISSING', 'ROUNDING_GLOBAL', 'RATE_MISSING', 'INVOICE_TOTAL_MISMATCH', 'INVOICE_REFUSED', 'INVOICE_POST_REFUSED', 'INVOICE_AMOUNTS_UNKNOWN');`);
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
