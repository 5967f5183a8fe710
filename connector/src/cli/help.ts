/** The --help texts: one overview and one page per command. */

/** How long `resync` waits for the import by default. */
export const DEFAULT_RESYNC_TIMEOUT_S = 120;

const OVERVIEW = `Usage: cli <command> [options]

The connector's command line. It reads the same environment as the connector (DATABASE_URL,
CONNECTOR_SECRET_KEY, CONNECTOR_ADMIN_TOKEN, AMAZON_ENDPOINT_OVERRIDE, ...; see connector/README.md) and works
beside the running API and workers: imports it causes are enqueued for the workers as usual.

Commands:
  status   [--backend ID]                                each backend's sync state
  backfill --backend ID --from ISO --to ISO [--page-size N]  fetch the orders Amazon changed in a window
  resync   --backend ID --order AMAZON_ORDER_ID [--timeout S]  fetch one order again and wait for its import
  setup    --backend ID [--create-missing]               create in the ERP what the flows need, and report
  stock-resync --backend ID                              send every merchant-fulfilled quantity to Amazon again
  conflicts retry|dismiss --backend ID [--code CODE]... [--dry-run]  retry or dismiss open conflicts in bulk
  user     add|remove|list [--login LOGIN --role ROLE]   the admin panel's local accounts (password on stdin)

Options of every command: --json (the result as JSON on stdout), -h/--help.
ID is a backend's numeric id or its name. Errors print "error CODE: message" on stderr and exit non-zero
(2 for bad usage, 1 otherwise).`;

export const HELP = {
  status: `Usage: cli status [--backend ID] [--json]

Each backend's sync state (or one backend's): the sweep cursor, the last sweep (when, how it ended), the stored
orders imported / waiting (queued or waiting for Amazon) / failed, and the open conflicts by code.`,
  backfill: `Usage: cli backfill --backend ID --from ISO --to ISO [--page-size N] [--json]

Runs the order sweep over an explicit window of Amazon's last-update times, in this process: every order
changed in [from, to) is fetched (all the backend's marketplaces at once), stored, and enqueued for import
when its content changed. The backend's cursor is not moved.

Before it starts it prints an estimate from the searchOrders quota (the backend's override, else the rate
Amazon announced, else the documented plan) and from the orders already stored for that window.

  --from, --to   ISO 8601 dates or date-times with a time zone (2026-03-01, 2026-03-01T08:30:00Z)
                 --to is clamped to two minutes before now (Amazon refuses a later one), with a warning
  --page-size N  orders per searchOrders page, 1-100 (default: the backend's pageSize setting, else 100)

Progress goes to stderr: a progress bar on a terminal, one line per page otherwise.`,
  resync: `Usage: cli resync --backend ID --order AMAZON_ORDER_ID [--timeout SECONDS] [--json]

Fetches one order again (getOrder), stores it and enqueues its import, then waits for a worker to import it
(default timeout ${DEFAULT_RESYNC_TIMEOUT_S} s) and prints the outcome: imported with the ERP order's name, waiting (and why), or the
conflict code and message. Exit status: 0 imported or waiting, 1 conflict / failed / timeout.`,
  setup: `Usage: cli setup --backend ID [--create-missing] [--json]

Runs the backend's set-up in its ERP (service products, sales team, pricelists per currency, marketplace map,
tax and fiscal position tables; safe to run again) and prints what it created, found and changed, and the
problems it could not solve with the steps to fix each by hand. Then the open conflicts it cured are retried by
themselves (a code is retried when the run reported none of the set-up problems that keep it, e.g. TAX_UNMAPPED
after no TAX_UNMAPPED problem) and it says how many. Exit status 1 when there are problems.

--create-missing  consent for this run to activate the marketplaces' currencies and create the tax groups, VAT
                  taxes and fiscal positions the VAT model needs, and set the company's tax rounding to per line
                  (default: the backend setting erpSetup.createMissing).`,
  conflicts: `Usage: cli conflicts retry|dismiss --backend ID [filters] [--note TEXT] [--dry-run] [--json]

Retries (fetch the record again and sync it) or dismisses (close without syncing) every open conflict of the
backend that the filters select, each exactly as a single retry or dismiss in the API does it (its re-run, an
audit entry with the actor "cli"), all in one transaction. Prints how many, by code.

Filters (each one given must match):
  --code CODE           the conflict's code, e.g. TAX_UNMAPPED (repeat it or separate with commas for several)
  --kind KIND           the conflict's kind, e.g. order (repeatable)
  --flow NAME           the conflicts of a flow's kinds, e.g. orders
  --amazon-key KEY      one record's conflicts (an order's: its Amazon order id)
  --created-after ISO   raised at or after this moment (ISO 8601 with a time zone, or a date)
  --created-before ISO  raised before this moment
  --note TEXT           kept with each resolution (why)
  --dry-run             only count what would be retried or dismissed

A retry is refused (BACKEND_DISABLED) while the backend is disabled: its jobs would do nothing.`,
  user: `Usage: cli user add --login LOGIN --role ROLE [--name NAME] [--json]   (the password on stdin)
       cli user remove --login LOGIN [--json]
       cli user list [--json]

The admin panel's local accounts, for signing in outside an ERP (POST /api/session/login, PANEL_LOCAL_LOGIN).
ROLE is integrator (everything), accountant (reads, resolves money conflicts) or viewer (reads only). The
password (at least 12 characters) is read from the first line of stdin, never from the command line:
  printf '%s\n' "$PASSWORD" | cli user add --login anna --role accountant --name "Anna Berg"
Adding an existing login replaces its name, role and password. Logins are case-insensitive. Passwords are
stored as argon2id hashes. A removed account's open sessions end at their next refresh (within 15 minutes); a new role counts from then.`,
  'stock-resync': `Usage: cli stock-resync --backend ID [--json]

Queues a full recompute of the backend's merchant-fulfilled quantities (flow merchant-stock) in which every SKU
gets a new version, so the workers send each quantity to Amazon again (JSON_LISTINGS_FEED, or patches for a small
catalogue). The same as POST /api/backends/{id}/merchant-stock/resync. While the flow is switched off for the
backend (goLive) the queued job does nothing; the command says so.`,
} as const;

export type CommandName = keyof typeof HELP;

/** The help page of `topic`, or the overview. */
export function helpText(topic: CommandName | null): string {
  return topic ? HELP[topic] : OVERVIEW;
}
