/**
 * The settlement flat file for the Reports API adapter's streamed reader: its columns only. Amounts are left as
 * text (no `amounts`): the account's number format is not the marketplace's for sure (a blank marketplace name, a
 * European account selling in pounds), so settlement-rows.ts reads each amount whatever its format.
 */
import type { FlatFileSpec } from '../../amazon/report-flat-file.ts';
import { SETTLEMENT_COLUMNS } from './settlement-rows.ts';
import { SETTLEMENT_REPORT } from './settlements.payloads.ts';

export const SETTLEMENT_SPEC: FlatFileSpec = { reportType: SETTLEMENT_REPORT, columns: SETTLEMENT_COLUMNS, localNumbers: false };
