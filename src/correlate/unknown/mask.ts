/**
 * Masking for the unrecognised-error miner: the variable parts of a message — numbers,
 * durations, sizes, UUIDs, IPs, hex, timestamps, URLs and paths, quoted names, `namespace/name`
 * keys, generated object names — become `<*>`, so that lines of one kind of message share one
 * masked template. A quoted value keeps its quotes (`"<*>"`), a `key=value` its key
 * (`replicas=<*>`), and surrounding punctuation stays, so that a template can be turned back into
 * a regex (`patterns new`). Every regex here is anchored on a single token and uses only
 * disjoint or bounded classes.
 */

export const SLOT = '<*>';

/** Most tokens of a message that are kept: longer messages are cut (the template ends in `…`). */
export const MAX_TOKENS = 48;
/** Most characters of a message that are looked at. */
const MAX_CHARS = 1000;

const NUMBER = /^[-+]?(?:\d+(?:[.,]\d+)*|\.\d+)(?:e[-+]?\d+)?$/i;
/** Durations (`1m30s`, `250ms`, `2.5µs`), sizes and quantities (`512Mi`, `1.5GB`, `80%`, `300m`). */
const QUANTITY = /^[-+]?\d+(?:\.\d+)?(?:(?:ns|us|µs|ms|s|m|h|d)+|[kKMGTPE]i?[bB]?|[kKMGTPE]|bytes?|B|%|x)$/;
const COMPOUND_DURATION = /^(?:\d+(?:\.\d+)?(?:h|m|s|ms|us|µs|ns)){2,}$/;
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const IPV4 = /^\d{1,3}(?:\.\d{1,3}){3}(?::\d{1,5})?(?:\/\d{1,2})?$/;
/** IPv6, with or without brackets and port: hex groups and at least two colons. */
const IPV6 = /^\[?[0-9a-fA-F]{0,4}(?::[0-9a-fA-F]{0,4}){2,7}\]?(?::\d{1,5})?$/;
const HEX = /^(?:0x[0-9a-fA-F]+|[0-9a-fA-F]{8,})$/;
const HAS_DIGIT = /\d/;
const TIME = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$|^\d{1,2}:\d{2}:\d{2}(?:\.\d+)?$/;
const URL = /^[a-z][a-z0-9+.-]{1,15}:\/\/\S+$/;
const PATH = /^\/[^\s/]+(?:\/[^\s/]*)+$/;
const VERSION = /^v\d+(?:(?:alpha|beta)\d+)?$/;
/** `namespace/name` (two DNS-ish parts; `apps/v1` and other group/versions are not keys). */
const KEY = /^[a-z0-9][a-z0-9.-]{1,252}\/[a-z0-9][a-z0-9.:-]{1,252}$/;
/** Words with a slash that are not keys. */
const NOT_KEYS = new Set(['and/or', 'read/write', 'n/a']);
/** A lower-case DNS name with a segment that is a number or mixes letters and digits (`web-7d9f8b6c5-x2x9q`, `ip-10-0-1-23`). */
const DNS_NAME = /^[a-z0-9](?:[a-z0-9.-]{0,251}[a-z0-9])?$/;
const DIGIT_SEGMENT = /^\d+$|^(?=[a-z0-9]{5,}$)(?=.*\d)(?=.*[a-z])/;

function variable(core: string): boolean {
  if (core === '' || core === SLOT) return false;
  if (NUMBER.test(core) || QUANTITY.test(core) || COMPOUND_DURATION.test(core)) return true;
  if (!HAS_DIGIT.test(core) && !core.includes('/') && !core.includes(':')) return false;
  if (UUID.test(core) || IPV4.test(core) || TIME.test(core)) return true;
  if (core.includes(':') && IPV6.test(core) && (core.match(/:/g)?.length ?? 0) >= 2 && /[0-9a-fA-F]/.test(core)) return true;
  if (HEX.test(core) && HAS_DIGIT.test(core)) return true;
  if (URL.test(core) || PATH.test(core)) return true;
  if (KEY.test(core) && !NOT_KEYS.has(core)) {
    const [, second] = core.split('/');
    return !VERSION.test(second!);
  }
  if (DNS_NAME.test(core) && (core.includes('-') || core.includes('.'))) return core.split(/[-.]/).some((s) => DIGIT_SEGMENT.test(s));
  return false;
}

const OPENERS = '([{<\'"`';
const CLOSERS = ')]}>\'"`,.;:!?';

/** Masks one token (no whitespace, no quoted string): its core without surrounding punctuation, or the value of `key=value`. */
export function maskToken(token: string): string {
  let a = 0;
  let b = token.length;
  while (a < b && OPENERS.includes(token[a]!)) a++;
  while (b > a && CLOSERS.includes(token[b - 1]!)) b--;
  // A bracketed IPv6 address with a port keeps its brackets in the value: `[fd00::1]:443`.
  const bracketed = token.indexOf('[');
  if (bracketed !== -1 && bracketed <= a && IPV6.test(token.slice(bracketed, b))) return token.slice(0, bracketed) + SLOT + token.slice(b);
  const core = token.slice(a, b);
  if (variable(core)) return token.slice(0, a) + SLOT + token.slice(b);
  const eq = core.indexOf('=');
  if (eq > 0 && eq < core.length - 1) {
    const value = core.slice(eq + 1);
    const inner = value.replace(/^["']/, '').replace(/["']$/, '');
    if (inner !== '' && (variable(inner) || /^["']/.test(value))) {
      const q = /^["']/.test(value) ? value[0]! : '';
      return `${token.slice(0, a)}${core.slice(0, eq + 1)}${q}${SLOT}${q}${token.slice(b)}`;
    }
  }
  return token;
}

/**
 * The tokens of a message, masked: whitespace separates tokens, a double-quoted string (Go's %q,
 * escaped quotes inside included) is one token, masked whole as `"<*>"`, and so is a quoted string
 * after `key=`.
 */
export function maskedTokens(text: string): string[] {
  const out: string[] = [];
  const s = text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text;
  let i = 0;
  const n = s.length;
  while (i < n && out.length < MAX_TOKENS) {
    while (i < n && isSpace(s.charCodeAt(i))) i++;
    if (i >= n) break;
    const start = i;
    let quoted = false;
    while (i < n && !isSpace(s.charCodeAt(i))) {
      if (s[i] === '"' || (s[i] === '\\' && s[i + 1] === '"')) {
        // A quoted string: to its closing quote (written the same way), whatever it holds.
        const escaped = s[i] === '\\';
        const close = escaped ? s.indexOf('\\"', i + 2) : closingQuote(s, i + 1);
        if (close === -1) {
          i++;
          continue;
        }
        quoted = true;
        i = close + (escaped ? 2 : 1);
        continue;
      }
      i++;
    }
    const token = s.slice(start, i);
    out.push(quoted ? maskQuoted(token) : maskToken(token));
  }
  if (i < n && out.length === MAX_TOKENS) out.push('…');
  return out;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** The index of the quote closing a string opened before `from`, skipping `\"`; -1 when none. */
function closingQuote(s: string, from: number): number {
  for (let i = from; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === '"') return i;
  }
  return -1;
}

/** A token holding quoted strings: each quoted string becomes `"<*>"` (or `\"<*>\"`), the rest is masked as a token. */
function maskQuoted(token: string): string {
  let out = '';
  let i = 0;
  let plain = '';
  const flushPlain = () => {
    if (plain) out += plain;
    plain = '';
  };
  while (i < token.length) {
    const escaped = token[i] === '\\' && token[i + 1] === '"';
    if (token[i] === '"' || escaped) {
      const close = escaped ? token.indexOf('\\"', i + 2) : closingQuote(token, i + 1);
      if (close !== -1) {
        flushPlain();
        out += escaped ? `\\"${SLOT}\\"` : `"${SLOT}"`;
        i = close + (escaped ? 2 : 1);
        continue;
      }
    }
    plain += token[i];
    i++;
  }
  flushPlain();
  return out;
}

/** The masked template of a message: its masked tokens joined by single spaces. */
export function maskMessage(text: string): string {
  return maskedTokens(text).join(' ');
}
