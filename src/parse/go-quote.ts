/** Reading Go `strconv.Quote` output, the way klog writes messages and string values. */

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\u0007',
  b: '\b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  '\\': '\\',
  '"': '"',
  "'": "'",
};

export interface Unquoted {
  value: string;
  /** Index just past the closing quote. */
  end: number;
}

/**
 * Reads a Go double-quoted string starting at `text[start] === '"'`. Returns null when the
 * string is not closed on this line (the caller then treats the rest as plain text).
 */
export function readGoQuoted(text: string, start: number): Unquoted | null {
  // Fast path: most values have no escapes, so the closing quote is the next one.
  const close = text.indexOf('"', start + 1);
  if (close === -1) return null;
  let i = start + 1;
  while (i < close && text.charCodeAt(i) !== 92 /* \\ */) i++;
  if (i === close) return { value: text.slice(start + 1, close), end: close + 1 };
  let out = text.slice(start + 1, i);
  let runStart = i;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 34 /* " */) {
      out += text.slice(runStart, i);
      return { value: out, end: i + 1 };
    }
    if (c !== 92 /* \ */) {
      i++;
      continue;
    }
    out += text.slice(runStart, i);
    const e = text[i + 1];
    if (e === undefined) return null;
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) {
      out += simple;
      i += 2;
    } else if (e === 'x' || e === 'u' || e === 'U') {
      const len = e === 'x' ? 2 : e === 'u' ? 4 : 8;
      const hex = text.slice(i + 2, i + 2 + len);
      const code = /^[0-9a-fA-F]+$/.test(hex) && hex.length === len ? parseInt(hex, 16) : NaN;
      out += Number.isNaN(code) || code > 0x10ffff ? text.slice(i, i + 2 + len) : String.fromCodePoint(code);
      i += 2 + len;
    } else if (e >= '0' && e <= '7') {
      const oct = text.slice(i + 1, i + 4);
      out += /^[0-7]{3}$/.test(oct) ? String.fromCharCode(parseInt(oct, 8)) : text.slice(i, i + 4);
      i += 4;
    } else {
      out += e;
      i += 2;
    }
    runStart = i;
  }
  return null;
}

/** Decodes the JSON / Go escapes of text that was a string literal (`\"`, `\\`, `\n`, `\t`, `\u00e9`); other backslashes stay. */
export function decodeEscapes(text: string): string {
  if (text.indexOf('\\') === -1) return text;
  let out = '';
  let from = 0;
  for (let i = text.indexOf('\\'); i !== -1 && i < text.length - 1; i = text.indexOf('\\', from)) {
    const e = text[i + 1]!;
    let rep: string | null = null;
    let len = 2;
    if (e === '"' || e === '\\' || e === '/') rep = e;
    else if (e === 'n') rep = '\n';
    else if (e === 't') rep = '\t';
    else if (e === 'r') rep = '\r';
    else if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
      rep = String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
      len = 6;
    }
    if (rep === null) {
      out += text.slice(from, i + 2);
    } else {
      out += text.slice(from, i) + rep;
    }
    from = i + len;
  }
  return out + text.slice(from);
}

