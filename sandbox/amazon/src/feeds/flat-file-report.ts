/**
 * The text processing report of a flat-file feed: a summary, then one tab-separated row per record in error,
 * `original-record-number` being the row of the uploaded file (the header is row 1).
 */
import type { MessageOutcome } from './feed-store.ts';

export function flatFileReport(outcomes: MessageOutcome[]): string {
  const errors = outcomes.filter((o) => o.result !== 'accepted');
  const lines = [
    'Feed Processing Summary:',
    `\tNumber of records processed\t\t${outcomes.length}`,
    `\tNumber of records successful\t\t${outcomes.length - errors.length}`,
    '',
    ['original-record-number', 'order-id', 'amazon-order-item-code', 'error-code', 'error-type', 'error-message'].join('\t'),
  ];
  for (const o of errors) {
    const raw = (o.message ?? {}) as Record<string, string>;
    lines.push([o.messageId, raw['order-id'] ?? '', raw['amazon-order-item-code'] ?? '', o.code ?? '', o.result === 'error' ? 'Error' : 'Warning',
      (o.description ?? '').replace(/[\t\r\n]+/g, ' ')].join('\t'));
  }
  return `${lines.join('\n')}\n`;
}
