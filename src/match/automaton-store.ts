/**
 * Keyword automata built by `npm run build` for the bundled library (dist/match/bundled-automata.bin),
 * so that start-up maps them from one file instead of building them: about 80 ms of CPU a run,
 * a sixth of the start-up of a run on a small file. An automaton is taken from the file only
 * for exactly the literals it was built from (a digest of them is its key); any other list —
 * a library with `--patterns`, a build from another version of the sources — is built as before.
 *
 * The file: `KLDA1\n`, the length of a JSON header (4 bytes, little endian), the header, then the
 * arrays, each at an offset that is a multiple of 8 from the start of the data.
 */

import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { AutomatonData } from './keyword-automaton.js';

export const AUTOMATA_PATH = fileURLToPath(new URL('./bundled-automata.bin', import.meta.url));

const MAGIC = Buffer.from('KLDA1\n', 'latin1');

type ArrayName = 'classOf' | 'next' | 'firstChild' | 'label' | 'fail' | 'accept' | 'endStates' | 'endLiteral' | 'sameAs';
const ARRAYS: readonly ArrayName[] = ['classOf', 'next', 'firstChild', 'label', 'fail', 'accept', 'endStates', 'endLiteral', 'sameAs'];
const TYPES = { Int32Array, Uint16Array, Uint8Array } as const;
type TypeName = keyof typeof TYPES;

/** One stored automaton: its scalars, and where each array is (type, byte offset in the data, length). */
interface Stored {
  key: string;
  classes: number;
  poisonClass: number;
  matchesEverything: boolean;
  denseStates: number;
  sparse: boolean;
  arrays: Record<string, [TypeName, number, number]>;
}

/** The key of an automaton: what it is for (`search`, `bytes`) and a digest of its literals in order. */
export function automatonKey(purpose: string, literals: readonly string[]): string {
  const h = createHash('sha1').update(purpose);
  for (const l of literals) h.update('\u0000').update(l);
  return h.digest('hex');
}

function typeName(a: Int32Array | Uint16Array | Uint8Array): TypeName {
  if (a instanceof Int32Array) return 'Int32Array';
  if (a instanceof Uint16Array) return 'Uint16Array';
  return 'Uint8Array';
}

/** Writes automata (with extra Int32 arrays, such as the search's keywordOf) to `path`. */
export function writeAutomata(path: string, entries: { key: string; data: AutomatonData; extra?: Record<string, Int32Array> }[]): void {
  const stored: Stored[] = [];
  const chunks: Buffer[] = [];
  let at = 0;
  const place = (a: Int32Array | Uint16Array | Uint8Array): [TypeName, number, number] => {
    const where: [TypeName, number, number] = [typeName(a), at, a.length];
    const bytes = Buffer.from(a.buffer, a.byteOffset, a.byteLength);
    const padded = Buffer.alloc(Math.ceil(bytes.length / 8) * 8);
    bytes.copy(padded);
    chunks.push(padded);
    at += padded.length;
    return where;
  };
  for (const { key, data, extra } of entries) {
    const arrays: Stored['arrays'] = {};
    for (const name of ARRAYS) arrays[name] = place(data[name]);
    for (const [name, a] of Object.entries(extra ?? {})) arrays[`extra:${name}`] = place(a);
    stored.push({ key, classes: data.classes, poisonClass: data.poisonClass, matchesEverything: data.matchesEverything, denseStates: data.denseStates, sparse: data.sparse, arrays });
  }
  const header = Buffer.from(JSON.stringify(stored), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32LE(header.length);
  // The data starts at a multiple of 8, so that every array is aligned for its type.
  const headerEnd = MAGIC.length + 4 + header.length;
  const pad = Buffer.alloc((8 - (headerEnd % 8)) % 8);
  writeFileSync(path, Buffer.concat([MAGIC, length, header, pad, ...chunks]));
}

type Entries = Map<string, { data: AutomatonData; extra: Record<string, Int32Array> }>;

/** Files read, by path (one in a run: AUTOMATA_PATH). */
const loaded = new Map<string, Entries>();

/** The stored automata by key; empty when there is no file (running from sources) or it is not one of ours. */
function load(path: string): Entries {
  const out: Entries = new Map();
  let file: Buffer;
  try {
    file = readFileSync(path);
  } catch {
    return out;
  }
  if (file.length < MAGIC.length + 4 || !file.subarray(0, MAGIC.length).equals(MAGIC)) return out;
  const headerLength = file.readUInt32LE(MAGIC.length);
  const headerEnd = MAGIC.length + 4 + headerLength;
  let stored: Stored[];
  try {
    stored = JSON.parse(file.subarray(MAGIC.length + 4, headerEnd).toString('utf8')) as Stored[];
  } catch {
    return out;
  }
  const dataStart = headerEnd + ((8 - (headerEnd % 8)) % 8);
  // Views on the file's own memory when it is aligned for every array type (a file this large is
  // never a slice of Node's shared pool); else one aligned copy.
  let data: ArrayBuffer = file.buffer as ArrayBuffer;
  let base = file.byteOffset + dataStart;
  if (base % 8 !== 0) {
    data = new ArrayBuffer(file.length - dataStart);
    new Uint8Array(data).set(file.subarray(dataStart));
    base = 0;
  }
  for (const s of stored) {
    const view = (name: string) => {
      const [type, offset, length] = s.arrays[name]!;
      return new TYPES[type](data, base + offset, length);
    };
    const extra: Record<string, Int32Array> = {};
    for (const name of Object.keys(s.arrays)) if (name.startsWith('extra:')) extra[name.slice('extra:'.length)] = view(name) as Int32Array;
    out.set(s.key, {
      data: {
        classOf: view('classOf') as Uint16Array,
        classes: s.classes,
        poisonClass: s.poisonClass,
        matchesEverything: s.matchesEverything,
        denseStates: s.denseStates,
        next: view('next') as Int32Array,
        sparse: s.sparse,
        firstChild: view('firstChild') as Int32Array,
        label: view('label') as Uint8Array | Uint16Array,
        fail: view('fail') as Int32Array,
        accept: view('accept') as Uint8Array,
        endStates: view('endStates') as Int32Array,
        endLiteral: view('endLiteral') as Int32Array,
        sameAs: view('sameAs') as Int32Array,
      },
      extra,
    });
  }
  return out;
}

/** The automaton stored under `key` by the build, or null (then the caller builds it). */
export function storedAutomaton(key: string, path = AUTOMATA_PATH): { data: AutomatonData; extra: Record<string, Int32Array> } | null {
  let entries = loaded.get(path);
  if (!entries) loaded.set(path, (entries = load(path)));
  return entries.get(key) ?? null;
}
