/**
 * A small XML reader for feed documents (elements, text, attributes (quoted values, entities decoded), the five entities and numeric
 * references, CDATA, comments and the prolog): enough for Amazon's feed XML, which has no mixed content. The
 * sandbox has no XML dependency, and a strict reader is what we want: anything malformed throws, and the feed
 * then ends FATAL as Amazon's does for an unreadable document.
 */

export interface XmlElement {
  name: string;
  children: XmlElement[];
  text: string;
  attrs: Record<string, string>;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#\d+|[a-z]+);/g, (m, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(parseInt(e.slice(1), 10));
    const v = ENTITIES[e];
    if (v === undefined) throw new Error(`unknown entity ${m}`);
    return v;
  });
}

/** Parses a document; throws with a line number on malformed XML. */
export function parseXml(text: string): XmlElement {
  let i = 0;
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const fail = (why: string): never => {
    throw new Error(`${why} at line ${text.slice(0, i).split('\n').length}`);
  };
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const chunk = text.slice(i, lt < 0 ? text.length : lt);
    if (chunk.trim()) {
      if (!stack.length) fail('text outside the root element');
      stack[stack.length - 1]!.text += decode(chunk);
    }
    if (lt < 0) break;
    i = lt;
    if (text.startsWith('<?', i)) i = text.indexOf('?>', i) + 2 || fail('unterminated declaration');
    else if (text.startsWith('<!--', i)) i = text.indexOf('-->', i) + 3 || fail('unterminated comment');
    else if (text.startsWith('<![CDATA[', i)) {
      const end = text.indexOf(']]>', i);
      if (end < 0 || !stack.length) fail('bad CDATA');
      stack[stack.length - 1]!.text += text.slice(i + 9, end);
      i = end + 3;
    } else if (text.startsWith('<!', i)) fail('DOCTYPE not allowed');
    else {
      const gt = text.indexOf('>', i);
      if (gt < 0) fail('unterminated tag');
      const raw = text.slice(i + 1, gt);
      i = gt + 1;
      if (raw.startsWith('/')) {
        const name = raw.slice(1).trim();
        const open = stack.pop();
        if (!open || open.name !== name) fail(`closing tag </${name}> does not match`);
        continue;
      }
      const selfClosing = raw.endsWith('/');
      const name = /^[A-Za-z_][\w.:-]*/.exec(raw)?.[0] ?? fail('bad tag name');
      const attrs: Record<string, string> = {};
      for (const a of raw.slice(name.length).matchAll(/([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) attrs[a[1]!] = decode(a[2] ?? a[3] ?? '');
      const el: XmlElement = { name, children: [], text: '', attrs };
      if (stack.length) stack[stack.length - 1]!.children.push(el);
      else if (root) fail('more than one root element');
      else root = el;
      if (!selfClosing) stack.push(el);
    }
  }
  if (stack.length) fail(`element <${stack[stack.length - 1]!.name}> not closed`);
  return root ?? fail('no root element');
}

/** The first child of that name. */
export const child = (el: XmlElement, name: string): XmlElement | undefined => el.children.find((c) => c.name === name);
/** Every child of that name. */
export const childrenOf = (el: XmlElement, name: string): XmlElement[] => el.children.filter((c) => c.name === name);
/** Trimmed text of a child, or undefined. */
export const textOf = (el: XmlElement, name: string): string | undefined => child(el, name)?.text.trim();

/** Escapes text for an element's content. */
export function esc(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A plain object view of an element (admin read-back: what the sandbox understood of a message). */
export function toPlain(el: XmlElement): unknown {
  if (!el.children.length) return el.text.trim();
  const out: Record<string, unknown> = {};
  for (const c of el.children) {
    const v = toPlain(c);
    const prev = out[c.name];
    out[c.name] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}
