/**
 * Plain text lines of known origin (formats.md §2.1, §2.4, §2.8, §3.1, §3.7): kubectl's own
 * notices, stern's start/stop notices, shell xtrace from wrapper entrypoints, the klog log-file
 * header, controller-runtime's "logger never set" warning, the errors cluster-info dump writes
 * into a log section, and the start-up banners of Vault and CoreDNS. Anything else stays unknown,
 * so `unparsed` keeps meaning "lines no parser understood". With `--input-format plain` every line
 * is read as plain text.
 */

import type { Level } from '../../model/entry.js';
import type { ParsedLine } from '../parsed-line.js';
import { isSternNotice } from '../envelopes/stern.js';

/** Literal line starts and the level each implies. */
const PREFIXES: ReadonlyArray<readonly [string, Level | null]> = [
  ['Defaulted container "', 'info'],
  ['error: ', 'error'],
  ['Error from server', 'error'],
  ['Warning: ', 'warning'],
  ['Log file created at: ', null],
  ['Running on machine: ', null],
  ['Binary: Built with ', null],
  ['Log line format: ', null],
  ['[controller-runtime] log.SetLogger(...) was never called', 'warning'],
  ['Create log request error: ', 'error'],
  ['Request log error: ', 'error'],
];

/** `Found 3 pods, using pod/<name>` (kubectl picking one pod of a workload). */
function isFoundPods(line: string): boolean {
  if (!line.startsWith('Found ')) return false;
  let i = 6;
  while (i < line.length && line.charCodeAt(i) >= 48 && line.charCodeAt(i) <= 57) i++;
  return i > 6 && line.startsWith(' pods, using pod/', i);
}

/** Shell xtrace from wrapper entrypoints: `+ cmd`, `++ cmd` (formats.md §3.7). */
function isShellTrace(line: string): boolean {
  let i = 0;
  while (line.charCodeAt(i) === 43 /* + */) i++;
  return i > 0 && line.charCodeAt(i) === 32;
}

function plain(line: string, level: Level | null): ParsedLine {
  return { format: 'plain', level, time: null, message: line, error: null, fields: {}, openBlock: null };
}

/** `user@host:~/dir$ `, `PS C:\\work> `: a shell prompt in front of a pasted command. */
const PROMPT = /^(?:[\w.-]{1,64}@[\w.-]{1,253}(?::[^\s$#]{0,256})?[$#]|PS [A-Za-z]:\\[^>]{0,256}>) /;
/** Commands people paste with the logs they fetched. */
const COMMANDS = ['kubectl ', 'oc ', 'stern ', 'k9s', 'journalctl ', 'crictl ', 'docker ', 'grep ', 'tail ', 'cat '];

/**
 * A shell prompt with the command typed at it (`$ kubectl logs … | grep …`), or a bare
 * `kubectl logs …` line, pasted amid the logs (issue #19): the user's words, not the log's, so
 * nothing in it is matched (a `grep` for an error would otherwise be that error).
 */
function commandOf(line: string): string | null {
  const c = line.charCodeAt(0);
  if ((c === 36 /* $ */ || c === 37 /* % */ || c === 0x276f /* ❯ */ || c === 0x279c /* ➜ */) && line.charCodeAt(1) === 32) return line.slice(2);
  if (c === 107 /* k */ && line.startsWith('kubectl ')) return line;
  if (c === 80 /* P */ || line.indexOf('@') > 0) {
    const m = PROMPT.exec(line);
    if (m) return line.slice(m[0].length);
  }
  return null;
}

function isCommand(text: string): boolean {
  return COMMANDS.some((cmd) => text.startsWith(cmd)) || text.length === 0;
}

/** A plain-text line of a known kind, or null. */
export function parseKnownPlain(line: string): ParsedLine | null {
  if (isShellTrace(line) || isSternNotice(line)) return plain(line, null);
  const command = commandOf(line);
  if (command !== null && (isCommand(command) || line.charCodeAt(0) !== 107)) {
    return { format: 'plain', level: null, time: null, message: '', error: null, fields: { command }, openBlock: null };
  }
  if (isFoundPods(line)) return plain(line, 'info');
  for (const [prefix, level] of PREFIXES) {
    if (line.startsWith(prefix)) return plain(line, level);
  }
  if (BANNER.test(line)) return plain(line, null);
  return null;
}

/**
 * Start-up banners: HashiCorp's `==> Vault agent started! …` and its `Key: value` block, CoreDNS's
 * server blocks (`.:53`, `example.org:53`), `CoreDNS-1.10.1` and `linux/amd64, go1.20, 055b2c3`.
 */
const BANNER = /^(?:==> |CoreDNS-\d|[a-z0-9]{1,16}\/[a-z0-9]{1,16}, go\d|[\w.-]{0,253}:\d{1,5}$)/;

/** Any line read as plain text (the `--input-format plain` override). */
export function parsePlain(line: string): ParsedLine {
  return parseKnownPlain(line) ?? plain(line, null);
}

/** The controller-runtime warning's second line, before its TAB-indented stack. */
export const SET_LOGGER_DETECTED_AT = 'Detected at:';
