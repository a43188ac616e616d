/**
 * Filling templates so that log-derived values stay data. Prose takes values as they are (the
 * report escapes them for the terminal or markdown); inside a `code span`, which is a shell
 * command, each value becomes one literal shell word: printed bare only when it matches its strict
 * grammar (model/grammar.ts) and needs no quoting where it stands, otherwise POSIX-quoted for its
 * quoting context (bare: 'v', with '\'' for an embedded quote; inside '…': the embedded quotes
 * escaped; inside "…": closed, 'v', reopened). Template authors write {{name}} anywhere in a
 * command, quoted or not, and never quote values themselves for the shell's sake.
 */

import { VALUE_GRAMMARS } from '../model/grammar.js';

/**
 * Characters that need no quoting in a bare shell word (no globs, expansions or operators), and
 * none of which is special inside single or double quotes either.
 */
const BARE_SAFE = /^[A-Za-z0-9_./:@%+=,-]+$/;
/** Characters that end a bare shell word. */
const WORD_END = /[\s|&;()<>]/;

/** 1 for the ASCII code units WORD_END matches. */
const ASCII_WORD_END = new Uint8Array(128);
for (let c = 0; c < 128; c++) ASCII_WORD_END[c] = WORD_END.test(String.fromCharCode(c)) ? 1 : 0;

/** WORD_END.test of the one code unit `c` (renderCommand asks for every character of a command). */
export function endsWord(c: number): boolean {
  if (c < 128) return ASCII_WORD_END[c] === 1;
  // The rest of \s: U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F, U+3000, U+FEFF.
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * What a value in a command may not hold: a backtick (it would end the code span, and the TUI's
 * `c` takes the command from it), line breaks and other control characters, and bidi controls
 * (the printed command would not be the one that runs). Such a value shows as <name>.
 */
const NOT_IN_COMMAND = /[`\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029]/;

const PLACEHOLDER_AT = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/y;

export type Vars = Record<string, string | null | undefined>;
type Quoting = 'bare' | 'single' | 'double';

function singleQuoteBody(v: string): string {
  return v.replace(/'/g, `'\\''`);
}

/** Whether a value may stand unquoted: it matches its variable's grammar and has no shell-special character. */
function provenSafe(name: string, v: string): boolean {
  const grammar = VALUE_GRAMMARS[name];
  return grammar !== undefined && grammar(v) && !v.startsWith('-') && BARE_SAFE.test(v);
}

/** A value as one literal shell word (or part of one) for its quoting context. */
function quoteFor(v: string, quoting: Quoting): string {
  if (quoting === 'single') return singleQuoteBody(v);
  const quoted = `'${singleQuoteBody(v)}'`;
  return quoting === 'double' ? `"${quoted}"` : quoted;
}

/**
 * Renders a shell command template: each {{name}} gets its value quoted for where it stands. An
 * unknown value shows as <name>. A value that would start a word with '-' and fails its grammar is
 * never used (it could be read as an option such as --server or --kubeconfig), nor one that holds a
 * character a printed command cannot carry (NOT_IN_COMMAND): each shows as <name>.
 */
export function renderCommand(template: string, vars: Vars): string {
  let out = '';
  let quoting: Quoting = 'bare';
  /** Whether the current word has any character other than quotes so far. */
  let wordHasText = false;
  let i = 0;
  // Text between placeholders is copied as it stands: `lit` is where the current run started.
  let lit = 0;
  while (i < template.length) {
    PLACEHOLDER_AT.lastIndex = i;
    const m = template.charCodeAt(i) === 123 /* { */ ? PLACEHOLDER_AT.exec(template) : null;
    if (m) {
      const name = m[1]!;
      const v = vars[name];
      out += template.slice(lit, i);
      i += m[0].length;
      lit = i;
      const wordStart = !wordHasText;
      wordHasText = true;
      if (v === undefined || v === null) out += `<${name}>`;
      else if (v === '') out += quoting === 'bare' && wordStart && (i === template.length || endsWord(template.charCodeAt(i))) ? "''" : '';
      else if (provenSafe(name, v)) out += v;
      else if ((wordStart && v.startsWith('-')) || NOT_IN_COMMAND.test(v)) out += `<${name}>`;
      else out += quoteFor(v, quoting);
      continue;
    }
    const c = template[i]!;
    if (quoting === 'bare') {
      if (c === "'") quoting = 'single';
      else if (c === '"') quoting = 'double';
      else if (endsWord(template.charCodeAt(i))) wordHasText = false;
      else wordHasText = true;
      if (c === '\\' && i + 1 < template.length) {
        i += 2;
        wordHasText = true;
        continue;
      }
    } else if (quoting === 'single') {
      if (c === "'") quoting = 'bare';
      else wordHasText = true;
    } else {
      if (c === '"') quoting = 'bare';
      else wordHasText = true;
      if (c === '\\' && i + 1 < template.length) {
        i += 2;
        continue;
      }
    }
    i++;
  }
  return out + template.slice(lit);
}

/** The programs a fix runs. */
const PROGRAMS =
  'kubectl|kubeadm|helm|oc|jq|yq|openssl|curl|crictl|journalctl|etcdctl|systemctl|timedatectl|swapoff|nc|ip|ping|dig|nslookup|grep|cat|echo|make|base64|go|docker|kustomize|stern|aws|az|gcloud|vault';

/** A shell command: one of PROGRAMS first, after `VAR=value`s and `sudo`. */
const COMMAND = new RegExp(`^(?:[A-Z_][A-Z0-9_]*=\\S*\\s+)*(?:sudo\\s+)?(?:${PROGRAMS})(?:\\s|$)`);

/** Whether a code span (or the tail of a fix) is a shell command. */
export function isCommand(code: string): boolean {
  return COMMAND.test(code);
}

/**
 * The command a fix written without code spans ends with, as the reports and the TUI's `c` take it
 * (report/rich-text.ts, fixParts): from the start, after `: ` or after `e.g. ` to the end, unless
 * that tail ends like a sentence (with a full stop). Null when there is none.
 */
export function proseCommand(fix: string): { at: number; command: string } | null {
  const starts = /(?:^|: |e\.g\.? )/g;
  for (let m = starts.exec(fix); m !== null; m = starts.exec(fix)) {
    const at = m.index + m[0].length;
    const tail = fix.slice(at).trimEnd();
    if (isCommand(tail) && !tail.endsWith('.')) return { at, command: tail };
    if (m[0] === '') starts.lastIndex++;
  }
  return null;
}

/**
 * The first placeholder of a fix template without code spans whose value could end up in the
 * command proseCommand() takes from the filled fix — in the template's own command (`Check:
 * systemctl status {{unit}}`) or as one the value itself starts (`x: kubectl delete …` filled
 * into a fix that does not end like a sentence). Null when no value can: values in prose are not
 * quoted, so a pattern must put such a command in backticks (or end the fix with a full stop).
 */
export function placeholderInProseCommand(template: string): string | null {
  if (template.includes('`')) return null;
  // Each value as the worst a log line could hold: one that starts a command of its own.
  const spans: { from: number; to: number; name: string }[] = [];
  let filled = '';
  let last = 0;
  for (const m of template.matchAll(/\{\{\s*([#^/]?)\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g)) {
    filled += template.slice(last, m.index);
    last = m.index + m[0].length;
    if (m[1]) continue;
    const value = ': kubectl delete x ';
    spans.push({ from: filled.length, to: filled.length + value.length, name: m[2]! });
    filled += value;
  }
  filled += template.slice(last);
  const found = proseCommand(filled.replace(/\s+/g, ' '));
  if (!found) return null;
  const end = found.at + found.command.length;
  return spans.find((s) => s.to > found.at && s.from < end)?.name ?? null;
}

const PLACEHOLDER = /\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g;

/**
 * Fills prose: values as they are (a backtick shows as ', so that no value opens a code span), an
 * unknown value as <name>.
 */
function renderProse(text: string, vars: Vars): string {
  return text.replace(PLACEHOLDER, (_all, name: string) => {
    const v = vars[name];
    return v === undefined || v === null ? `<${name}>` : v.replace(/`/g, "'");
  });
}

/** `{{#name}}…{{/name}}` (kept when name is known) and `{{^name}}…{{/name}}` (kept when it is not); innermost first. */
export const SECTION = /\{\{([#^])\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}((?:(?!\{\{[#^/])[\s\S])*?)\{\{\/\s*\2\s*\}\}/g;

/** Resolves sections, so that a sentence leaves out cleanly what the log line did not say. */
function renderSections(text: string, vars: Vars): string {
  let out = text;
  for (let prev = ''; prev !== out && out.includes('{{'); ) {
    prev = out;
    out = out.replace(SECTION, (_all, mark: string, name: string, body: string) => {
      const known = vars[name] !== undefined && vars[name] !== null;
      return (mark === '#') === known ? body : '';
    });
  }
  return out;
}

/**
 * Fills {{name}} placeholders: in prose as they are, inside `code spans` (shell commands) quoted
 * by renderCommand. Sections first: `{{#name}}…{{/name}}` only when name is known, `{{^name}}…{{/name}}`
 * only when it is not. A value that is still unknown shows as <name>, so a command still reads as
 * a template the user can complete. A lone backtick opens a code span that runs to the end.
 */
export function renderTemplate(text: string, vars: Vars): string {
  if (!text.includes('{{')) return text;
  return renderSections(text, vars)
    .split('`')
    .map((part, i) => (i % 2 === 1 ? renderCommand(part, vars) : renderProse(part, vars)))
    .join('`');
}
