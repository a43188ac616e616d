/**
 * Envelope removal for one physical line, outside in (formats.md §7.1): colour codes,
 * cluster-info dump section markers, client prefixes (kubectl `--prefix`, stern), node-file
 * records (Docker json-file, stern JSON, CRI), then a kubelet `--timestamps` time. Each layer is
 * recognised by its first bytes, so a line without envelopes costs a few character tests.
 */

import type { EntryEnvelope, EnvelopeName } from '../../model/entry.js';
import { stripSgr } from './ansi.js';
import { parseDumpMarker, splitGluedEnd, type DumpMarker } from './cluster-dump.js';
import { peelKubectlPrefix } from './kubectl-prefix.js';
import { peelCri } from './cri.js';
import { peelDockerJson } from './docker-json.js';
import { peelSternJson } from './stern-json.js';
import { peelTimestamp } from './kubectl-timestamps.js';
import { mayBePasted, peelPaste } from './paste.js';
import { continuesZapConsole } from '../formats/zap-console.js';
import { continuesHclog } from '../formats/hclog.js';
import { peelShortTimestamp, splitSternPrefix, type SternPrefix, type SternTokens } from './stern.js';
import { isDigit } from '../ascii.js';

/** One physical line with its envelopes removed. */
export interface Peeled {
  /** The program's own text. */
  payload: string;
  envelope: EntryEnvelope;
  /** A CRI `P` record or a Docker chunk without its newline: the line continues in the next record. */
  partial: boolean;
  /** A cluster-info dump marker glued to the end of this line, to apply after it. */
  gluedEnd: DumpMarker | null;
}

export type PeelResult = { kind: 'line'; line: Peeled } | { kind: 'marker'; marker: DumpMarker; text: string };

/**
 * How stern prefixes are read: not at all, with a sniffed token count, or declared by the user
 * (token count chosen per line by which split leaves a known payload).
 */
export type SternMode = { kind: 'off' } | { kind: 'sniffed'; tokens: SternTokens } | { kind: 'declared' };

export class EnvelopePeeler {
  private section: DumpMarker | null = null;
  stern: SternMode = { kind: 'off' };

  constructor(
    private readonly year: number,
    private readonly isKnownPayload: (text: string) => boolean,
  ) {}

  peel(raw: string): PeelResult {
    let text = stripSgr(raw);
    let gluedEnd: DumpMarker | null = null;
    // What pasting put around the line: quote markers, k9s borders, a journal prefix.
    let pastedTime: string | null = null;
    if (mayBePasted(text)) {
      const p = peelPaste(text, this.year);
      if (p) {
        text = p.text;
        pastedTime = p.time;
      }
    }
    if (text.charCodeAt(0) === 61 /* = */) {
      const marker = parseDumpMarker(text);
      if (marker) {
        this.section = marker.kind === 'START' ? marker : null;
        return { kind: 'marker', marker, text };
      }
    }
    if (this.section) {
      const glued = splitGluedEnd(text);
      if (glued) {
        text = glued.content;
        gluedEnd = glued.marker;
      }
    }

    const s = this.section;
    const envelope: EntryEnvelope = {
      layers: s ? ['cluster-dump'] : [],
      time: pastedTime,
      stream: null,
      namespace: s?.namespace ?? null,
      pod: s?.pod ?? null,
      container: s?.container ?? null,
    };
    let partial = false;
    const add = (name: EnvelopeName) => envelope.layers.push(name);

    // Client prefixes.
    let prefixed = false;
    if (text.charCodeAt(0) === 91 /* [ */) {
      const p = peelKubectlPrefix(text);
      if (p) {
        add('kubectl-prefix');
        envelope.pod = p.pod;
        envelope.container = p.container;
        text = p.rest;
        prefixed = true;
      }
    } else if (this.stern.kind !== 'off') {
      const p = this.sternPrefix(text);
      if (p) {
        add('stern');
        envelope.namespace = p.namespace ?? envelope.namespace;
        envelope.pod = p.pod;
        envelope.container = p.container;
        text = p.rest;
        prefixed = true;
        const short = peelShortTimestamp(text, this.year);
        if (short) {
          envelope.time = short.time;
          text = short.rest;
        }
      }
    }

    // Node-file records: never behind a client prefix.
    let recorded = false;
    const c = text.charCodeAt(0);
    if (!prefixed && c === 123 /* { */) {
      const d = peelDockerJson(text);
      if (d) {
        add('docker-json');
        envelope.time = d.time;
        envelope.stream = d.stream;
        partial = d.partial;
        text = d.rest;
        recorded = true;
      } else {
        const j = peelSternJson(text);
        if (j) {
          add('stern-json');
          envelope.time = j.time;
          envelope.namespace = j.namespace;
          envelope.pod = j.pod;
          envelope.container = j.container;
          text = j.rest;
          recorded = true;
        }
      }
    } else if (!prefixed && isDigit(c)) {
      const r = peelCri(text);
      if (r) {
        add('cri');
        envelope.time = r.time;
        envelope.stream = r.stream;
        partial = r.partial;
        text = r.rest;
        recorded = true;
      }
    }

    // kubelet `--timestamps` (also behind kubectl and stern prefixes).
    if (!recorded && isDigit(text.charCodeAt(0))) {
      const t = peelTimestamp(text);
      // `2024-05-01T10:00:03Z    ERROR   …` is zap console with its TABs shown as spaces, and
      // `2024-05-01T10:00:03.374Z [INFO]  sink.file: …` an hclog line.
      if (t && !continuesZapConsole(t.rest) && !continuesHclog(t.rest)) {
        add('kubectl-timestamps');
        envelope.time = t.time;
        text = t.rest;
      }
    }
    return { kind: 'line', line: { payload: text, envelope, partial, gluedEnd } };
  }

  /**
   * True when `peel(raw)` would return `raw` itself as the payload with no envelope at all —
   * decided from its first characters alone, the way peel() decides (used by the fast path).
   */
  leavesAlone(raw: string): boolean {
    if (!this.plain || raw.indexOf('\x1b') !== -1) return false;
    const c = raw.charCodeAt(0);
    if (c === 61 /* = */ || c === 91 /* [ */ || isDigit(c) || mayBePasted(raw)) return false;
    return c !== 123 /* { */ || !(raw.startsWith('{"log":') || raw.startsWith('{"stream":') || raw.startsWith('{"message":'));
  }

  /**
   * Whether the peeler is outside a cluster-info dump section and reads no stern prefixes: a
   * line's envelope (or its absence) then shows in its first characters.
   */
  get plain(): boolean {
    return this.section === null && this.stern.kind === 'off';
  }

  /**
   * How the bytes of a line show its envelope: 0 when the peeler is plain (see plain), the token
   * count when it reads sniffed stern prefixes outside a dump section (then a line that splits
   * into a stern prefix, checked on its bytes by sternPrefixBytes, is peeled of it, and any other
   * is peeled as when plain), -1 otherwise (declared stern prefixes, chosen per line by payload).
   */
  get byteStern(): 0 | SternTokens | -1 {
    if (this.section !== null) return -1;
    const s = this.stern;
    return s.kind === 'off' ? 0 : s.kind === 'sniffed' ? s.tokens : -1;
  }

  /** Applies a glued END marker once the line it was glued to has been handled. */
  endSection(marker: DumpMarker): void {
    if (marker.kind === 'END') this.section = null;
  }

  private sternPrefix(text: string): SternPrefix | null {
    if (this.stern.kind === 'sniffed') return splitSternPrefix(text, this.stern.tokens);
    const two = splitSternPrefix(text, 2);
    if (two && this.isKnownPayload(two.rest)) return two;
    const three = splitSternPrefix(text, 3);
    if (three && this.isKnownPayload(three.rest)) return three;
    return two ?? three;
  }
}
