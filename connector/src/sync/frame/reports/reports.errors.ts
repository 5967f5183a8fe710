/** The Reports core's codes: a type nobody reads, Amazon's FATAL, a report that never ended. */
import { defineErrorCodes } from '../../../core/errors.ts';

export const reportsErrorCodes = defineErrorCodes({
  REPORT_TYPE_UNKNOWN: { status: 422, description: 'a report was requested (or came back) of a type no flow reads or the connector has no reader for: nothing was asked, or its rows were not read' },
  REPORT_FATAL: { status: 503, description: "Amazon could not make the report (processingStatus FATAL); the conflict carries the report's own explanation when Amazon gave one. Retry asks for the window again" },
  REPORT_TIMED_OUT: { status: 503, description: 'the report was still queued or in progress after the last poll (about 6 hours): given up. Retry asks for the window again' },
});

export type ReportsErrorCode = keyof typeof reportsErrorCodes;

declare module '../../../core/errors.ts' {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type -- declaration merging: the codes are the keys
  interface FlowErrorCodes extends Record<ReportsErrorCode, true> {}
}

export const reportsErrorList = Object.entries(reportsErrorCodes).map(([code, e]) => ({ code, ...e }));
