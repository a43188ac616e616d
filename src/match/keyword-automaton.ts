/**
 * A multi-literal search (Aho–Corasick) over UTF-16 code units or bytes: one pass over a line
 * says whether any of a set of literals occurs in it, at a cost per character that does not grow
 * with the number of literals — unlike a regex alternation, which V8 tries alternative by
 * alternative.
 *
 * Memory stays bounded: the trie is kept sparse — states numbered breadth first, so the children
 * of a state are consecutive and sorted by class (`firstChild`, `label`), with failure links — at
 * about 10 bytes per state, and only the states nearest the start (breadth first, the ones a
 * scan visits most) also get a dense row of every transition, within DENSE_ENTRIES. The bundled
 * library fits in the dense rows whole, and then a scan is one table lookup per character.
 *
 * All of it lives in typed arrays (AutomatonData), so the main thread builds an automaton once
 * and hands it to worker threads on SharedArrayBuffers (share(), then `new KeywordAutomaton(data)`).
 */

/** What scan() returns once a literal has been found. */
export const FOUND = -1;
/** What scanBytesTo() returns when the text ended before the stop byte. */
export const NO_STOP = -2;

/** Dense transition entries (4 bytes each) an automaton may hold: 4 MiB, three times what the bundled library needs. */
export const DENSE_ENTRIES = 1024 * 1024;

/** The automaton as plain data: what share() returns and fromData() takes. */
export interface AutomatonData {
  /** Per code unit (65,536) or byte (256): its class; 0 for units in no literal. */
  classOf: Uint16Array;
  classes: number;
  /** The class of poisoned units (a find wherever they occur), or -1. */
  poisonClass: number;
  /** An empty literal occurs in every text. */
  matchesEverything: boolean;
  /** States with a dense row; all of them when `sparse` is false. */
  denseStates: number;
  /**
   * Dense rows, state by state (a state's value is its row offset, `state × classes`): the next
   * state's value per class, stored as `-(value + 1)` when a literal ends there. Values of states
   * without a dense row start at `denseStates × classes`.
   */
  next: Int32Array;
  /** Whether some states have no dense row (then the arrays below are used). */
  sparse: boolean;
  /** Per state + 1: the first child (children of s are firstChild[s] … firstChild[s + 1] - 1). */
  firstChild: Int32Array;
  /** Per state: the class on the edge into it (siblings in increasing order). */
  label: Uint8Array | Uint16Array;
  /** Per state: its failure state. */
  fail: Int32Array;
  /** Per state: 1 when a literal ends there, or at a state down its failure chain. */
  accept: Uint8Array;
  /** Sorted states where a literal ends, and the first such literal of each (for forEachMatch). */
  endStates: Int32Array;
  endLiteral: Int32Array;
  /** Per literal: the next literal equal to it, or -1. */
  sameAs: Int32Array;
}

/** Too many states for an Int32 value, or too large to allocate: a clear error rather than a crash. */
const MAX_STATES = 64 * 1024 * 1024;

/** The literals' code units (or bytes) end to end; one array type, so that the loops below stay monomorphic. */
function unitsOf(literals: readonly string[], bytes: boolean): { flat: Uint16Array; offsets: Int32Array } {
  const encoded = bytes ? literals.map((l) => Buffer.from(l, 'utf8')) : null;
  const offsets = new Int32Array(literals.length + 1);
  for (let i = 0; i < literals.length; i++) offsets[i + 1] = offsets[i]! + (encoded ? encoded[i]!.length : literals[i]!.length);
  const total = offsets[literals.length]!;
  if (total + 1 > MAX_STATES) throw new RangeError(`keyword automaton: ${total} characters of literals is more than ${MAX_STATES - 1}`);
  const flat = new Uint16Array(total);
  if (encoded) {
    encoded.forEach((b, i) => flat.set(b, offsets[i]!));
    return { flat, offsets };
  }
  literals.forEach((l, i) => {
    const at = offsets[i]!;
    for (let k = 0; k < l.length; k++) flat[at + k] = l.charCodeAt(k);
  });
  return { flat, offsets };
}

/**
 * The trie, breadth first: a state is a run [lo, hi) of `order` (the literals in order of their
 * classes) at a depth, and its children split the run by the class at that depth. In a function
 * of its own, so that the run arrays are garbage once it returns.
 */
function trie(order: readonly number[], offsets: Int32Array, cls: Uint16Array) {
  const n = order.length;
  const lengthOf = (i: number): number => offsets[i + 1]! - offsets[i]!;
  const maxStates = cls.length + 1;
  const runLo = new Int32Array(maxStates);
  const runHi = new Int32Array(maxStates);
  const firstChild = new Int32Array(maxStates + 1);
  const label = new Uint16Array(maxStates);
  const sameAs = new Int32Array(n).fill(-1);
  const endStatesList: number[] = [];
  const endLiteralList: number[] = [];
  runHi[0] = n;
  let states = 1;
  let matchesEverything = false;
  // States come level by level: the depth goes up where the previous level's children end.
  let d = 0;
  let levelEnd = 1;
  for (let s = 0; s < states; s++) {
    if (s === levelEnd) {
      d++;
      levelEnd = states;
    }
    const hi = runHi[s]!;
    let i = runLo[s]!;
    firstChild[s] = states;
    // Literals that end here come first in the run (shorter before longer).
    let last = -1;
    while (i < hi && lengthOf(order[i]!) === d) {
      const lit = order[i++]!;
      if (d === 0) matchesEverything = true;
      else if (last === -1) {
        endStatesList.push(s);
        endLiteralList.push(lit);
      } else sameAs[last] = lit;
      last = lit;
    }
    while (i < hi) {
      const c = cls[offsets[order[i]!]! + d]!;
      let j = i + 1;
      while (j < hi && cls[offsets[order[j]!]! + d] === c) j++;
      const child = states++;
      label[child] = c;
      runLo[child] = i;
      runHi[child] = j;
      i = j;
    }
  }
  firstChild[states] = states;
  // Nearly full (literals that share little): keep the arrays rather than copy them.
  const fit = <T extends Int32Array | Uint16Array>(a: T, length: number): T => (length > a.length * 0.75 ? (a.subarray(0, length) as T) : (a.slice(0, length) as T));
  return {
    states,
    firstChild: fit(firstChild, states + 1),
    label: fit(label, states),
    sameAs,
    endStates: Int32Array.from(endStatesList),
    endLiteral: Int32Array.from(endLiteralList),
    matchesEverything,
  };
}

function build(literals: readonly string[], bytes: boolean, poison: readonly number[], denseEntries: number): AutomatonData {
  const { flat, offsets } = unitsOf(literals, bytes);
  const classOf = new Uint16Array(bytes ? 256 : 65536);
  let classes = 1;
  for (let i = 0; i < flat.length; i++) if (classOf[flat[i]!] === 0) classOf[flat[i]!] = classes++;
  // Poisoned units get one class of their own, whose every transition reports a find.
  const poisonClass = poison.length > 0 ? classes++ : -1;
  for (const c of poison) classOf[c] = poisonClass;
  const cls = new Uint16Array(flat.length);
  for (let i = 0; i < flat.length; i++) cls[i] = classOf[flat[i]!]!;

  // Literals in lexicographic order of their classes: the literals below a trie state are then
  // one run of that order, and its children come out sorted by class.
  const n = literals.length;
  const lengthOf = (i: number): number => offsets[i + 1]! - offsets[i]!;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => {
    const la = lengthOf(a);
    const lb = lengthOf(b);
    const oa = offsets[a]!;
    const ob = offsets[b]!;
    for (let k = 0; k < la && k < lb; k++) {
      const d = cls[oa + k]! - cls[ob + k]!;
      if (d !== 0) return d;
    }
    return la - lb || a - b;
  });

  const { states, firstChild, label, sameAs, endStates, endLiteral, matchesEverything } = trie(order, offsets, cls);

  // Failure links, breadth first (a state's failure state is shallower, so already linked).
  const fail = new Int32Array(states);
  const accept = new Uint8Array(states);
  for (const s of endStates) accept[s] = 1;
  const childOf = (s: number, c: number): number => {
    let lo = firstChild[s]!;
    let hi = firstChild[s + 1]! - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const l = label[mid]!;
      if (l === c) return mid;
      if (l < c) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  };
  for (let s = 0; s < states; s++) {
    for (let t = firstChild[s]!; t < firstChild[s + 1]!; t++) {
      if (s === 0) {
        fail[t] = 0;
      } else {
        const c = label[t]!;
        let f = fail[s]!;
        let g = childOf(f, c);
        while (g === -1 && f !== 0) {
          f = fail[f]!;
          g = childOf(f, c);
        }
        fail[t] = g === -1 ? 0 : g;
      }
      if (accept[fail[t]!]) accept[t] = 1;
    }
  }

  // Dense rows for the states nearest the start, within the budget.
  const denseStates = Math.max(1, Math.min(states, Math.floor(denseEntries / classes)));
  const denseEnd = denseStates * classes;
  const valueOf = (t: number): number => {
    const v = t < denseStates ? t * classes : denseEnd + (t - denseStates);
    return accept[t] ? -v - 1 : v;
  };
  const next = new Int32Array(denseEnd);
  for (let s = 0; s < denseStates; s++) {
    const row = s * classes;
    const failRow = fail[s]! * classes;
    // Class 0 matches no literal character: from any state it leads back to the start.
    for (let k = 1; k < classes; k++) next[row + k] = s === 0 ? 0 : next[failRow + k]!;
    for (let t = firstChild[s]!; t < firstChild[s + 1]!; t++) next[row + label[t]!] = valueOf(t);
    if (poisonClass !== -1) next[row + poisonClass] = -1;
  }
  const sparse = denseStates < states;
  const empty = new Int32Array(0);
  return {
    classOf,
    classes,
    poisonClass,
    matchesEverything,
    denseStates,
    next,
    sparse,
    // A fully dense automaton needs no sparse arrays to scan; literal reports need `fail` and `accept`.
    firstChild: sparse ? firstChild : empty,
    // One byte per label when the classes fit (they do for bytes and for most keyword sets).
    label: !sparse ? new Uint8Array(0) : classes <= 256 ? Uint8Array.from(label) : label,
    fail,
    accept,
    endStates,
    endLiteral,
    sameAs,
  };
}

/** Copies typed arrays onto SharedArrayBuffers (so that worker threads read the same memory). */
function shared<T extends Int32Array | Uint16Array | Uint8Array>(a: T): T {
  const ctor = a.constructor as { new (b: SharedArrayBuffer): T };
  const copy = new ctor(new SharedArrayBuffer(a.byteLength));
  copy.set(a as never);
  return copy;
}

export class KeywordAutomaton {
  private d: AutomatonData;
  private next: Int32Array;
  private classOf: Uint16Array;
  private readonly matchesEverything: boolean;
  /** Values from here on are states without a dense row. */
  private readonly denseEnd: number;

  /** An automaton for `literals`, or over `data` that another thread built (share()). */
  constructor(literals: readonly string[] | AutomatonData, options: { bytes?: boolean; poison?: readonly number[]; denseEntries?: number } = {}) {
    this.d = Array.isArray(literals)
      ? build(literals, options.bytes === true, options.poison ?? [], options.denseEntries ?? DENSE_ENTRIES)
      : (literals as AutomatonData);
    this.next = this.d.next;
    this.classOf = this.d.classOf;
    this.matchesEverything = this.d.matchesEverything;
    this.denseEnd = this.d.denseStates * this.d.classes;
  }

  /**
   * An automaton over UTF-8 bytes (for scanBytes): finds exactly the literals a scan of the
   * decoded text finds, for literals without U+FFFD — an ASCII byte always decodes to itself and
   * never belongs to a multi-byte character, and a valid multi-byte sequence decodes alone.
   * Bytes in `poison` count as a find wherever they occur.
   */
  static forBytes(literals: readonly string[], poison: readonly number[] = [], denseEntries?: number): KeywordAutomaton {
    if (literals.some((l) => l.includes('\ufffd'))) {
      // A replacement character in the text may stand for any invalid bytes: every non-ASCII byte is suspect.
      poison = [...poison, ...Array.from({ length: 128 }, (_, i) => 128 + i)];
    }
    return new KeywordAutomaton(literals, { bytes: true, poison, ...(denseEntries === undefined ? {} : { denseEntries }) });
  }

  /**
   * The automaton's arrays on SharedArrayBuffers, for `new KeywordAutomaton(data)` in another
   * thread (posted there). This automaton moves onto them too, so the memory is held once.
   */
  share(): AutomatonData {
    const d = this.d;
    if (d.next.buffer instanceof SharedArrayBuffer) return d;
    this.d = {
      ...d,
      classOf: shared(d.classOf),
      next: shared(d.next),
      firstChild: shared(d.firstChild),
      label: shared(d.label),
      fail: shared(d.fail),
      accept: shared(d.accept),
      endStates: shared(d.endStates),
      endLiteral: shared(d.endLiteral),
      sameAs: shared(d.sameAs),
    };
    this.next = this.d.next;
    this.classOf = this.d.classOf;
    return this.d;
  }

  /** The automaton's arrays (what the build stores for the bundled library: automaton-store.ts). */
  get data(): AutomatonData {
    return this.d;
  }

  /** Bytes held by the automaton's arrays. */
  get byteSize(): number {
    const d = this.d;
    return [d.classOf, d.next, d.firstChild, d.label, d.fail, d.accept, d.endStates, d.endLiteral, d.sameAs].reduce((n, a) => n + a.byteLength, 0);
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
    if (this.d.sparse) return this.scanSparse(text, from, to, state);
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
    if (this.d.sparse) return this.scanBytesSparse(buf, from, to, state);
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
    if (this.d.sparse) return this.scanBytesToSparse(buf, from, to, stop);
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
    const classOf = this.classOf;
    const next = this.next;
    const sparse = this.d.sparse;
    let s = 0;
    for (let i = 0; i < text.length; i++) {
      const c = classOf[text.charCodeAt(i)]!;
      s = sparse ? this.step(s, c) : next[s + c]!;
      if (s < 0) {
        s = -s - 1;
        this.report(this.stateOf(s), found);
      }
    }
  }

  /** The state a (non-negative) value stands for. */
  private stateOf(v: number): number {
    return v < this.denseEnd ? v / this.d.classes : this.d.denseStates + (v - this.denseEnd);
  }

  /** Every literal that ends at state `s`: its own, then down the failure chain while literals remain. */
  private report(s: number, found: (literal: number) => void): void {
    const { accept, fail, endStates, endLiteral, sameAs } = this.d;
    for (let u = s; accept[u] === 1; u = fail[u]!) {
      let lo = 0;
      let hi = endStates.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const e = endStates[mid]!;
        if (e === u) {
          for (let lit = endLiteral[mid]!; lit !== -1; lit = sameAs[lit]!) found(lit);
          break;
        }
        if (e < u) lo = mid + 1;
        else hi = mid - 1;
      }
      if (u === 0) break;
    }
  }

  /** One transition from value `v` (not negative) on class `c`. */
  private step(v: number, c: number): number {
    if (v < this.denseEnd) return this.next[v + c]!;
    const d = this.d;
    if (c === 0) return 0;
    if (c === d.poisonClass) return -1;
    const { firstChild, label, fail, accept, denseStates, classes } = d;
    let s = denseStates + (v - this.denseEnd);
    for (;;) {
      if (s < denseStates) return this.next[s * classes + c]!;
      let lo = firstChild[s]!;
      let hi = firstChild[s + 1]! - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        const l = label[mid]!;
        if (l === c) {
          const t = mid < denseStates ? mid * classes : this.denseEnd + (mid - denseStates);
          return accept[mid] ? -t - 1 : t;
        }
        if (l < c) lo = mid + 1;
        else hi = mid - 1;
      }
      s = fail[s]!;
    }
  }

  private scanSparse(text: string, from: number, to: number, state: number): number {
    const classOf = this.classOf;
    let s = state;
    for (let i = from; i < to; i++) {
      s = this.step(s, classOf[text.charCodeAt(i)]!);
      if (s < 0) return FOUND;
    }
    return s;
  }

  private scanBytesSparse(buf: Uint8Array, from: number, to: number, state: number): number {
    const classOf = this.classOf;
    let s = state;
    for (let i = from; i < to; i++) {
      s = this.step(s, classOf[buf[i]!]!);
      if (s < 0) return FOUND;
    }
    return s;
  }

  private scanBytesToSparse(buf: Uint8Array, from: number, to: number, stop: number): number {
    const classOf = this.classOf;
    let s = 0;
    for (let i = from; i < to; i++) {
      const c = buf[i]!;
      if (c === stop) return i;
      s = this.step(s, classOf[c]!);
      if (s < 0) return FOUND;
    }
    return NO_STOP;
  }
}
