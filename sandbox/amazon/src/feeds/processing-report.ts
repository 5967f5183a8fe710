/**
 * The XML processing report Amazon writes for XML feeds (and UPLOAD_VAT_INVOICE): an `AmazonEnvelope` whose one
 * `Message` carries a `ProcessingReport` with the summary and one `Result` per message in error or warning; a
 * message without a Result succeeded. The flat-file order acknowledgement gets the text report instead.
 */
import { esc } from './mini-xml.ts';
import type { MessageOutcome } from './feed-store.ts';

export interface ReportResult {
  messageId: string;
  resultCode: 'Error' | 'Warning';
  code: string;
  description: string;
  amazonOrderId?: string;
}

/** Builds the XML report of a processed feed. */
export function xmlProcessingReport(sellerId: string, feedId: string, processed: number, results: ReportResult[]): string {
  const withError = new Set(results.filter((r) => r.resultCode === 'Error').map((r) => r.messageId)).size;
  const withWarning = new Set(results.filter((r) => r.resultCode === 'Warning').map((r) => r.messageId)).size;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<AmazonEnvelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="amzn-envelope.xsd">',
    '  <Header>', '    <DocumentVersion>1.02</DocumentVersion>', `    <MerchantIdentifier>${esc(sellerId)}</MerchantIdentifier>`, '  </Header>',
    '  <MessageType>ProcessingReport</MessageType>',
    '  <Message>', '    <MessageID>1</MessageID>', '    <ProcessingReport>',
    `      <DocumentTransactionID>${esc(feedId)}</DocumentTransactionID>`,
    '      <StatusCode>Complete</StatusCode>',
    '      <ProcessingSummary>',
    `        <MessagesProcessed>${processed}</MessagesProcessed>`,
    `        <MessagesSuccessful>${Math.max(0, processed - withError)}</MessagesSuccessful>`,
    `        <MessagesWithError>${withError}</MessagesWithError>`,
    `        <MessagesWithWarning>${withWarning}</MessagesWithWarning>`,
    '      </ProcessingSummary>',
  ];
  for (const r of results) {
    lines.push('      <Result>', `        <MessageID>${esc(r.messageId)}</MessageID>`, `        <ResultCode>${r.resultCode}</ResultCode>`,
      `        <ResultMessageCode>${esc(r.code)}</ResultMessageCode>`, `        <ResultDescription>${esc(r.description)}</ResultDescription>`);
    if (r.amazonOrderId) lines.push('        <AdditionalInfo>', `          <AmazonOrderID>${esc(r.amazonOrderId)}</AmazonOrderID>`, '        </AdditionalInfo>');
    lines.push('      </Result>');
  }
  lines.push('    </ProcessingReport>', '  </Message>', '</AmazonEnvelope>', '');
  return lines.join('\n');
}

/** The report results of message outcomes (errors and warnings only). */
export function resultsOf(outcomes: MessageOutcome[], orderIdOf: (m: MessageOutcome) => string | undefined): ReportResult[] {
  return outcomes.filter((o) => o.result !== 'accepted').map((o) => ({
    messageId: o.messageId, resultCode: o.result === 'error' ? 'Error' : 'Warning', code: o.code ?? '0',
    description: o.description ?? '', ...(orderIdOf(o) ? { amazonOrderId: orderIdOf(o) } : {}),
  }));
}
