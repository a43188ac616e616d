/** The dense automaton as it was before the bounded representation: the reference the property test compares against. */
/**
 * A multi-literal search (Aho–Corasick, compiled to a dense automaton) over UTF-16 code units:
 * one pass over a line says whether any of a set of literals occurs in it, at a cost per
 * character that does not grow with the number of literals — unlike a regex alternation, which
 * V8 tries alternative by alternative.
 */

/** What scan() returns once a literal has been found. */
export const FOUND = -1;
/** What scanBytesTo() returns when the text ended before the stop byte. */
export const NO_STOP = -2;

/** Characters that occur in no literal share class 0, so the table stays small. */
type ClassMap = Uint16Array;

export class DenseReferenceAutomaton {
  /**
   * Per state (pre-multiplied by the class count) and class: the next state, stored as
   * `-(state + 1)` when a literal ends there, so the plain search needs one comparison per character.
   */
  private readonly next: Int32Array;
  /** Per state (pre-multiplied), the literals that end there, when any do. */
  private readonly ends = new Map<number, number[]>();
  private readonly classOf: ClassMap;
  /** An empty literal occurs in every text. */
  private readonly matchesEverything: boolean;

  constructor(literals: readonly string[], options: { bytes?: boolean; poison?: readonly number[] } = {}) {
    const units = literals.map((lit) => (options.bytes ? [...Buffer.from(lit, 'utf8')] : Array.from({ length: lit.length }, (_, i) => lit.charCodeAt(i))));
    const classOf = new Uint16Array(options.bytes ? 256 : 65536);
    let classes = 1;
    for (const lit of units) {
      for (const c of lit) if (classOf[c] === 0) classOf[c] = classes++;
    }
    // Poisoned units get one class of their own, whose every transition reports a find.
    const poisonClass = options.poison && options.poison.length > 0 ? classes++ : -1;
    for (const c of options.poison ?? []) classOf[c] = poisonClass;
    this.classOf = classOf;

    // Trie with failure links in one flat table (row = state), then every missing transition
    // filled from the failure state. Flat typed arrays keep construction cheap at start-up.
    const maxStates = 1 + units.reduce((n, lit) => n + lit.length, 0);
    const goto = new Int32Array(maxStates * classes).fill(-1);
    const accepts = new Uint8Array(maxStates);
    const own: number[][] = [[]];
    let states = 1;
    for (const [index, lit] of units.entries()) {
      if (lit.length === 0) continue;
      let s = 0;
      for (const c of lit) {
        const at = s * classes + classOf[c]!;
        let t = goto[at]!;
        if (t === -1) {
          t = states++;
          goto[at] = t;
          own.push([]);
        }
        s = t;
      }
      accepts[s] = 1;
      own[s]!.push(index);
    }
    const fail = new Int32Array(states);
    const queue = new Int32Array(states);
    let tail = 0;
    for (let k = 0; k < classes; k++) {
      const t = goto[k]!;
      if (t === -1) goto[k] = 0;
      else queue[tail++] = t;
    }
    for (let head = 0; head < tail; head++) {
      const s = queue[head]!;
      const f = fail[s]!;
      if (accepts[f]) accepts[s] = 1;
      // Breadth first, so the failure state's list is complete already.
      if (own[f]!.length > 0) own[s]!.push(...own[f]!);
      const row = s * classes;
      const failRow = f * classes;
      for (let k = 0; k < classes; k++) {
        const t = goto[row + k]!;
        if (t === -1) {
          goto[row + k] = goto[failRow + k]!;
        } else {
          fail[t] = goto[failRow + k]!;
          queue[tail++] = t;
        }
      }
    }
    // Class 0 matches no literal character: from any state it leads back to the start.
    const next = new Int32Array(states * classes);
    for (let s = 0; s < states; s++) {
      const row = s * classes;
      for (let k = 0; k < classes; k++) {
        const t = goto[row + k]!;
        next[row + k] = k === poisonClass ? -1 : accepts[t] ? -(t * classes) - 1 : t * classes;
      }
      if (own[s]!.length > 0) this.ends.set(row, own[s]!);
    }
    this.next = next;
    this.matchesEverything = literals.some((l) => l.length === 0);
  }

  /**
   * An automaton over UTF-8 bytes (for scanBytes): finds exactly the literals a scan of the
   * decoded text finds, for literals without U+FFFD — an ASCII byte always decodes to itself and
   * never belongs to a multi-byte character, and a valid multi-byte sequence decodes alone.
   * Bytes in `poison` count as a find wherever they occur.
   */
  static forBytes(literals: readonly string[], poison: readonly number[] = []): DenseReferenceAutomaton {
    if (literals.some((l) => l.includes('\ufffd'))) {
      // A replacement character in the text may stand for any invalid bytes: every non-ASCII byte is suspect.
      poison = [...poison, ...Array.from({ length: 128 }, (_, i) => 128 + i)];
    }
    return new DenseReferenceAutomaton(literals, { bytes: true, poison });
  }

  /** Whether any literal occurs in `text`. */
  test(text: string): boolean {
    return this.matchesEverything || this.scan(text, 0, text.length, 0) === FOUND;
  }

  /**
   * Feeds `text[from, to)` to the automaton in `state` (0 to start): the state to continue
   * with — so that several pieces are searched as if they were one text — or FOUND.
   */
  scan(text: string, from: number, to: number, state: number): number {
    if (this.matchesEverything) return FOUND;
    const next = this.next;
    const classOf = this.classOf;
    let s = state;
    for (let i = from; i < to; i++) {
      s = next[s + classOf[text.charCodeAt(i)]!]!;
      if (s < 0) return FOUND;
    }
    return s;
  }

  /** scan() over bytes, for an automaton made by forBytes(). */
  scanBytes(buf: Uint8Array, from: number, to: number, state: number): number {
    if (this.matchesEverything) return FOUND;
    const next = this.next;
    const classOf = this.classOf;
    let s = state;
    for (let i = from; i < to; i++) {
      s = next[s + classOf[buf[i]!]!]!;
      if (s < 0) return FOUND;
    }
    return s;
  }

  /**
   * scanBytes() from the start state up to the first `stop` byte: its index when nothing was found
   * before it, FOUND when a literal (or poisoned byte) came first, NO_STOP when `to` came first.
   */
  scanBytesTo(buf: Uint8Array, from: number, to: number, stop: number): number {
    if (this.matchesEverything) return FOUND;
    const next = this.next;
    const classOf = this.classOf;
    let s = 0;
    for (let i = from; i < to; i++) {
      const c = buf[i]!;
      if (c === stop) return i;
      s = next[s + classOf[c]!]!;
      if (s < 0) return FOUND;
    }
    return NO_STOP;
  }

  /** Calls `found` with the index of each literal occurrence in `text` (a literal may be reported more than once). */
  forEachMatch(text: string, found: (literal: number) => void): void {
    const next = this.next;
    const classOf = this.classOf;
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      s = next[s + classOf[text.charCodeAt(i)]!]!;
      if (s < 0) {
        s = -s - 1;
        for (const lit of this.ends.get(s) ?? []) found(lit);
      }
    }
  }
}
