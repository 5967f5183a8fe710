import { describe, expect, it } from 'vitest';
import { parseFlatFileProcessingReport } from './flat-file-processing-report.ts';
import { outcomeOf } from './codec.ts';

describe('flat-file processing report', () => {
  it('reads the summary and the result rows by header name', () => {
    const report = parseFlatFileProcessingReport(
      [
        'Feed Processing Summary:',
        '\tNumber of records processed\t\t3',
        '\tNumber of records successful\t\t1',
        '',
        'error-type\toriginal-record-number\terror-code\tsku\terror-message',
        'Error\t2\t18028\t\tThe order was already shipped',
        'Warning\t3\t5001\t\tLate',
        'Error\t3\t8560\t\tBad quantity',
      ].join('\r\n'),
    );
    expect(report.summary).toEqual({ processed: 3, successful: 1, errors: 2, warnings: 1 });
    expect(outcomeOf(report, 1)).toEqual({ outcome: 'accepted', code: null, message: null });
    expect(outcomeOf(report, 2)).toEqual({ outcome: 'rejected', code: '18028', message: 'The order was already shipped' });
    expect(outcomeOf(report, 3)).toEqual({ outcome: 'rejected', code: '8560', message: 'Bad quantity' });
  });

  it('refuses a text that is no processing report', () => {
    expect(() => parseFlatFileProcessingReport('hello\tworld')).toThrow(/no summary/);
  });
});
