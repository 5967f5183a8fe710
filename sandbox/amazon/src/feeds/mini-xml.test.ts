import { describe, expect, it } from 'vitest';
import { child, esc, parseXml, textOf, toPlain } from './mini-xml.ts';

describe('mini-xml', () => {
  it('reads elements, entities, character references, CDATA and comments; skips the prolog and attributes', () => {
    const root = parseXml(`<?xml version="1.0" encoding="UTF-8"?>
<!-- a comment --><AmazonEnvelope xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <Message><MessageID>1</MessageID><Note>Tom &amp; Jerry &#x4E2D;&#35;</Note><Raw><![CDATA[<b>&amp;</b>]]></Raw><Empty/></Message>
</AmazonEnvelope>`);
    expect(root.name).toBe('AmazonEnvelope');
    const m = child(root, 'Message')!;
    expect([textOf(m, 'MessageID'), textOf(m, 'Note'), textOf(m, 'Raw'), textOf(m, 'Empty')]).toEqual(['1', 'Tom & Jerry 中#', '<b>&amp;</b>', '']);
    expect(toPlain(m)).toEqual({ MessageID: '1', Note: 'Tom & Jerry 中#', Raw: '<b>&amp;</b>', Empty: '' });
  });

  it('throws on malformed documents, with the line', () => {
    expect(() => parseXml('<a><b></a>')).toThrow(/closing tag <\/a> does not match at line 1/);
    expect(() => parseXml('<a>\n<b>')).toThrow(/element <b> not closed at line 2/);
    expect(() => parseXml('<a/><b/>')).toThrow(/more than one root/);
    expect(() => parseXml('<!DOCTYPE a><a/>')).toThrow(/DOCTYPE/);
    expect(() => parseXml('<a>&nbsp;</a>')).toThrow(/unknown entity/);
    expect(() => parseXml('just text')).toThrow(/outside the root/);
  });

  it('escapes text for element content', () => {
    expect(esc('a < b & c > d')).toBe('a &lt; b &amp; c &gt; d');
  });
});
