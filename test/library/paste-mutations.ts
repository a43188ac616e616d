/**
 * How log text gets mangled on its way into an issue, a chat or a ticket: the mutations the
 * paste-mutation test applies to every `match` example of every signature (issue #19). Each
 * returns the mutated text, or null when it does not apply to that example (a header cut of a
 * line that has no header, a wrap of a line that is short already).
 */

export type Mutation = (text: string) => string | null;

const KLOG_TIME = /^([IWEF]\d{4} \d\d:\d\d:\d\d\.\d{6}) +(\d+ )/;
const RFC3339_TAB = /^\d{4}-\d\d-\d\dT[^\s]+\t/;
const GO_LOG_TIME = /^\d{4}\/\d\d\/\d\d \d\d:\d\d:\d\d(?:\.\d+)? /;
const LOGRUS_TIME = /^time="[^"]*" /;

function eachLine(text: string, f: (line: string) => string): string {
  return text.split('\n').map(f).join('\n');
}

/** The first line of the text with its header cut by `cut`, or null when it has none to cut. */
function cutHeader(text: string, cut: (first: string) => string | null): string | null {
  const nl = text.indexOf('\n');
  const first = nl === -1 ? text : text.slice(0, nl);
  const cutFirst = cut(first);
  return cutFirst === null ? null : cutFirst + (nl === -1 ? '' : text.slice(nl));
}

/** Expands TABs to 8-column tab stops, as a terminal shows them and copying keeps them. */
function expandTabs(line: string): string {
  let out = '';
  for (const c of line) {
    if (c === '\t') out += ' '.repeat(8 - (out.length % 8));
    else out += c;
  }
  return out;
}

/** JSON.stringify's escaping, without the quotes. */
function jsonEscape(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

export const MUTATIONS: Readonly<Record<string, Mutation>> = {
  /** The klog header cut down to the thread id (`1 garbagecollector.go:360] …`), or a zap / Go / logrus time dropped. */
  'header-cut': (text) =>
    cutHeader(text, (first) => {
      const klog = KLOG_TIME.exec(first);
      if (klog) return first.slice(klog[0].length - klog[2]!.length);
      for (const re of [RFC3339_TAB, GO_LOG_TIME, LOGRUS_TIME]) {
        const m = re.exec(first);
        if (m) return first.slice(m[0].length);
      }
      return null;
    }),
  /** The klog header cut down to the file (`garbagecollector.go:360] …`). */
  'header-cut-file': (text) =>
    cutHeader(text, (first) => {
      const klog = KLOG_TIME.exec(first);
      return klog ? first.slice(klog[0].length) : null;
    }),
  /** Every line quoted as in an e-mail reply or a markdown quote. */
  quoted: (text) => eachLine(text, (l) => `> ${l}`),
  /** Every line quoted as in a Python prompt or a nested reply. */
  'quoted-python': (text) => eachLine(text, (l) => `>>> ${l}`),
  /** k9s's log view copied with its table borders. */
  'k9s-border': (text) => eachLine(text, (l) => `│ ${l} │`),
  /** Every line indented, as in a markdown code block or a YAML literal. */
  indented: (text) => eachLine(text, (l) => `    ${l}`),
  /** The sentence's final period dropped (`…/PodAutoScaler` for `…/PodAutoScaler.`), at the end of the line or of a quoted value. */
  'trailing-punctuation': (text) => {
    const lines = text.split('\n');
    for (let i = lines.length - 1; i >= 0; i--) {
      const l = lines[i]!;
      const trimmed = l.replace(/[.,;:!]+\s*$/, '');
      if (trimmed !== l) {
        lines[i] = trimmed;
        return lines.join('\n');
      }
      const q = l.lastIndexOf('."');
      if (q !== -1) {
        lines[i] = l.slice(0, q) + l.slice(q + 1);
        return lines.join('\n');
      }
    }
    return null;
  },
  /** The whole text JSON-escaped as the value of a JSON line that is cut before it ends. */
  'json-escaped': (text) => `{"level":"error","ts":"2024-05-01T10:00:00.000Z","logger":"operator","msg":"${jsonEscape(text)}`,
  /** TABs shown as spaces by the terminal and copied as such. */
  'spaces-for-tabs': (text) => (text.includes('\t') ? eachLine(text, expandTabs) : null),
  /** journald / syslog in front of every line. */
  syslog: (text) => eachLine(text, (l) => `Mar  3 08:01:02 node1 kubelet[812]: ${l}`),
  /** stern's `POD CONTAINER ` prefix on every line. */
  stern: (text) => eachLine(text, (l) => `web-7d4b9c8f5-x2x9q manager ${l}`),
  /** `kubectl logs --timestamps` in front of every line. */
  timestamps: (text) => eachLine(text, (l) => `2024-05-01T10:00:00.123456789Z ${l}`),
  /** `kubectl logs --prefix` in front of every line. */
  'kubectl-prefix': (text) => eachLine(text, (l) => `[pod/web-7d4b9c8f5-x2x9q/manager] ${l}`),
  /** The first URL written as a markdown link, as chat and issue editors do. */
  'markdown-link': (text) => {
    const m = /https?:\/\/[^\s"\\)]+/.exec(text);
    return m ? text.slice(0, m.index) + `[${m[0]}](${m[0]})` + text.slice(m.index + m[0].length) : null;
  },
  /** A CRI log file record around every line. */
  cri: (text) => eachLine(text, (l) => `2024-05-01T10:00:00.123456789Z stderr F ${l}`),
  /** Every line longer than 80 columns cut into lines of 80. */
  'wrapped-80': (text) => {
    if (!text.split('\n').some((l) => l.length > 80)) return null;
    return eachLine(text, (l) => {
      const parts: string[] = [];
      for (let i = 0; i < l.length; i += 80) parts.push(l.slice(i, i + 80));
      return parts.length === 0 ? '' : parts.join('\n');
    });
  },
};
