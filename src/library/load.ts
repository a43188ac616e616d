/**
 * Loads pattern files: reads YAML, validates it against the schema, compiles the regexes, and
 * turns every problem into a one-line PatternError naming the file, line, field and pattern id.
 */

import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as Yaml from 'yaml';
import { lazy } from '../lazy.js';

const yaml = lazy<typeof Yaml>('yaml');
import { PatternError, describeFsError } from '../errors.js';
import { SideFileError, readSideFile } from '../side-file.js';
import { patternSchema, type PatternSpec } from './schema.js';
import { compileChecked, compilePattern, type CompiledPattern } from './compile.js';
import { decideUserRegexes, VerdictCache, writeAtomic, type UserRegexDecision } from './safety.js';
import { TOOL_VERSION } from '../version.js';
import { UNVERIFIED_BUDGET_MS } from './regex-engine.js';

/** The bundled library: `patterns/` at the package root. */
export const BUNDLED_PATTERNS_DIR = fileURLToPath(new URL('../../patterns/', import.meta.url));

export interface LoadedLibrary {
  patterns: CompiledPattern[];
  /** Notes for stderr, e.g. a user pattern replacing a bundled one. */
  notices: string[];
}

/** Displays a path relative to the working directory when that is shorter. */
export function displayPath(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && rel.length < file.length ? rel : file;
}

/**
 * Largest pattern file read: one signature is a few KiB (the bundled ones are 2–6 KiB), so 1 MiB
 * is far beyond any real one and keeps a hostile file from costing time or memory.
 */
export const MAX_PATTERN_BYTES = 1024 * 1024;

/** YAML aliases one pattern file may expand (the yaml library's default): an alias bomb exceeds it. */
const MAX_ALIAS_COUNT = 100;

/**
 * Lists the pattern files of a directory (its regular `.yaml`/`.yml` files, sorted for
 * determinism), or the path itself when it is a file or a pipe.
 */
export function patternFiles(path: string): string[] {
  let st;
  try {
    st = statSync(path);
  } catch (err) {
    throw new PatternError(displayPath(path), describeFsError(err));
  }
  if (!st.isDirectory()) return [path];
  let names: string[];
  try {
    names = readdirSync(path);
  } catch (err) {
    throw new PatternError(displayPath(path), describeFsError(err));
  }
  const out: string[] = [];
  for (const name of names.filter((f) => f.endsWith('.yaml') || f.endsWith('.yml')).sort()) {
    const full = join(path, name);
    let entry;
    try {
      entry = statSync(full, { throwIfNoEntry: false });
    } catch (err) {
      throw new PatternError(displayPath(full), describeFsError(err));
    }
    // A FIFO, socket or device named *.yaml in a directory is not a pattern file (and could block).
    if (entry?.isFile()) out.push(full);
  }
  return out;
}

function readPatternBytes(file: string): Buffer {
  try {
    return readSideFile(file, MAX_PATTERN_BYTES);
  } catch (err) {
    if (err instanceof SideFileError) throw new PatternError(displayPath(file), err.message);
    throw err;
  }
}

/** Whether an error is V8's stack overflow (a deeply nested document). */
function isStackOverflow(err: unknown): boolean {
  return err instanceof RangeError && /call stack/i.test(err.message);
}

/**
 * The first repeated key of any mapping, found in one pass (the yaml library's own check compares
 * each key with every earlier one: quadratic in a mapping's size).
 */
function firstDuplicateKey(doc: Yaml.Document): Yaml.Node | null {
  const { visit, isScalar, isNode } = yaml();
  let found: Yaml.Node | null = null;
  visit(doc, {
    Map(_key, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = isScalar(pair.key) ? pair.key.value : pair.key;
        if (seen.has(key)) {
          found = isNode(pair.key) ? pair.key : map;
          return visit.BREAK;
        }
        seen.add(key);
      }
      return undefined;
    },
  });
  return found;
}

/** Reads and validates one pattern file. */
export function loadPatternFile(file: string): CompiledPattern {
  return parsePatternFile(file, readPatternBytes(file).toString('utf8'));
}

/** Validates the text of one pattern file. */
function parsePatternFile(file: string, text: string): CompiledPattern {
  const shown = displayPath(file);
  const { LineCounter, parseDocument, isNode } = yaml();
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length > 0) {
    const e = doc.errors[0]!;
    const line = e.linePos?.[0]?.line ?? lineCounter.linePos(e.pos[0]).line;
    if (/call stack/i.test(e.message)) throw new PatternError(shown, 'invalid YAML: nested too deeply', undefined, line);
    throw new PatternError(shown, `invalid YAML: ${e.message.split('\n')[0]}`, undefined, line);
  }
  let data: unknown;
  try {
    const duplicate = firstDuplicateKey(doc);
    if (duplicate) {
      throw new PatternError(shown, 'invalid YAML: Map keys must be unique', undefined, duplicate.range ? lineCounter.linePos(duplicate.range[0]).line : undefined);
    }
    data = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    if (err instanceof ReferenceError && /alias/i.test(err.message)) {
      throw new PatternError(shown, `invalid YAML: too many alias expansions (more than ${MAX_ALIAS_COUNT}; an alias bomb?)`);
    }
    if (isStackOverflow(err)) throw new PatternError(shown, 'invalid YAML: nested too deeply');
    throw err;
  }
  const rawId =
    data && typeof data === 'object' && typeof (data as Record<string, unknown>)['id'] === 'string'
      ? ((data as Record<string, unknown>)['id'] as string)
      : undefined;
  const lineOf = (path: readonly PropertyKey[]): number | undefined => {
    // Walk up the path until a node with a position is found (a missing key has none).
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n) as (string | number)[], true);
      if (isNode(node) && node.range) return lineCounter.linePos(node.range[0]).line;
    }
    return undefined;
  };

  const parsed = patternSchema().safeParse(data);
  if (!parsed.success) {
    // A misspelt key also makes the real key "missing": report the misspelling, the actual mistake.
    const issues = [...parsed.error.issues].sort(
      (a, b) => Number(b.code === 'unrecognized_keys') - Number(a.code === 'unrecognized_keys'),
    );
    const issue = issues[0]!;
    const path = issue.code === 'unrecognized_keys' ? [...issue.path, issue.keys[0]!] : issue.path;
    const field = path.length > 0 ? path.map(String).join('.') : '(top level)';
    const message = issue.code === 'unrecognized_keys' ? 'unknown key' : issue.message;
    throw new PatternError(shown, `${field}: ${message}`, rawId, lineOf(path));
  }
  return compilePattern(parsed.data, shown, (path) => lineOf(path));
}

export interface LoadOptions {
  /** Run a user's regex that neither RE2 can run nor recheck can prove safe (time-boxed per line). */
  allowUnverifiedRegex?: boolean;
  /**
   * Where recheck's verdicts on user regexes are kept across runs (null: nowhere); default
   * VerdictCache.defaultFile(). The validated user pattern files are kept beside it (SpecCache).
   */
  verdictCache?: string | null;
  /** recheck's time limit per regex (tests shorten it). */
  recheckTimeoutMs?: number;
  bundledDir?: string;
  /** The build's validated bundled library (see PRECOMPILED_PATH). */
  precompiled?: string;
  /** Limits on distinct keywords (tests lower them); default MAX_KEYWORDS and MAX_KEYWORD_CHARS. */
  keywordLimits?: { count: number; chars: number };
}

/**
 * Loads the bundled library and then each extra directory in order. A later pattern with an id
 * that already exists replaces the earlier one, and a notice says so.
 */
export function loadLibrary(extraDirs: string[] = [], options: LoadOptions = {}): LoadedLibrary {
  const bundledDir = options.bundledDir ?? BUNDLED_PATTERNS_DIR;
  const byId = new Map<string, CompiledPattern>();
  const notices: string[] = [];
  // What the build validated already, for the bundled files it saw (by content).
  const known = readPrecompiled(options.precompiled ?? PRECOMPILED_PATH);
  let cache: VerdictCache | null = null;
  const cacheFile = options.verdictCache === undefined ? VerdictCache.defaultFile() : options.verdictCache;
  let specs: SpecCache | null = null;
  for (const [i, dir] of [bundledDir, ...extraDirs].entries()) {
    const seenHere = new Set<string>();
    for (const file of patternFiles(dir)) {
      if (i > 0) specs ??= new SpecCache(cacheFile === null ? null : join(dirname(cacheFile), 'user-patterns.json'));
      let p = i === 0 ? loadBundled(file, known, options.precompiled ?? PRECOMPILED_PATH) : specs ? loadUserFile(file, specs) : loadPatternFile(file);
      if (seenHere.has(p.spec.id)) {
        throw new PatternError(p.file, `id: duplicate id ${p.spec.id} in ${displayPath(dir)}`, p.spec.id);
      }
      seenHere.add(p.spec.id);
      // Bundled regexes have recorded verdicts (checked by the test suite); a user's are decided here, before use.
      if (i > 0) {
        cache ??= new VerdictCache(cacheFile, options.recheckTimeoutMs);
        const decisions = decideUserRegexes(p, cache, options.allowUnverifiedRegex === true);
        cache.save();
        assertAccepted(p, decisions);
        p = compileChecked(p.spec, p.file, decisions.map((d) => d.engine!));
      }
      const previous = byId.get(p.spec.id);
      if (previous && i > 0) {
        notices.push(`pattern ${p.spec.id} from ${p.file} replaces the one from ${previous.file}`);
      }
      byId.set(p.spec.id, p);
    }
  }
  specs?.save();
  assertKeywordLimits([...byId.values()], options.keywordLimits ?? { count: MAX_KEYWORDS, chars: MAX_KEYWORD_CHARS });
  return { patterns: [...byId.values()].sort((a, b) => a.spec.id.localeCompare(b.spec.id)), notices };
}

/** Distinct keywords the library may hold: each costs memory in the keyword automata (about 20 bytes a character). */
export const MAX_KEYWORDS = 200_000;
/** Characters (UTF-16 code units) of distinct keywords the library may hold. */
export const MAX_KEYWORD_CHARS = 4 * 1024 * 1024;

/** A clear error, naming the file that goes over, instead of an automaton that takes all memory. */
function assertKeywordLimits(patterns: CompiledPattern[], limits: { count: number; chars: number }): void {
  const seen = new Set<string>();
  let chars = 0;
  for (const p of patterns) {
    for (const k of p.keywords) {
      if (seen.has(k)) continue;
      seen.add(k);
      chars += k.length;
      if (seen.size > limits.count || chars > limits.chars) {
        const what = seen.size > limits.count ? `more than ${limits.count.toLocaleString('en-US')} distinct keywords` : `more than ${limits.chars.toLocaleString('en-US')} characters of distinct keywords`;
        throw new PatternError(p.file, `match.keywords: with this file the library holds ${what}, the limit; use fewer, shorter keywords (the regex does the rest)`, p.spec.id);
      }
    }
  }
}

/**
 * The bundled library as the build validated it (`npm run build` writes it next to this module):
 * per file name, a digest of the file and its spec. Start-up then reads and hashes the YAML files
 * instead of parsing and validating them; a file edited since the build is loaded from YAML.
 */
export const PRECOMPILED_PATH = fileURLToPath(new URL('./bundled-patterns.json', import.meta.url));

interface Precompiled {
  version: 1;
  files: Record<string, { digest: string; spec: PatternSpec }>;
}

function digestOf(bytes: Buffer): string {
  return createHash('sha1').update(bytes).digest('hex');
}

/** A file's identity (device, inode, size, modification and change times), or null when it cannot be seen. */
function fileStamp(path: string): string | null {
  try {
    const st = statSync(path, { bigint: true });
    return `${st.dev}:${st.ino}:${st.size}:${st.mtimeNs}:${st.ctimeNs}`;
  } catch {
    return null;
  }
}

/**
 * The precompiled library read last, by path and the file's identity (inode, size, modification
 * time): a process that loads the library many times (the TUI, a program using `run()`, a test
 * suite) parses the half-megabyte file once, and again only after a build rewrote it.
 */
const precompiledRead = new Map<string, { stamp: string; data: Precompiled | null }>();

/** The precompiled library, or null when there is none (running from sources) or it is unreadable. */
function readPrecompiled(path: string): Precompiled | null {
  const stamp = fileStamp(path);
  if (stamp === null) return null;
  const cached = precompiledRead.get(path);
  if (cached?.stamp === stamp) return cached.data;
  let data: Precompiled | null;
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Precompiled;
    data = parsed.version === 1 && parsed.files && typeof parsed.files === 'object' ? parsed : null;
  } catch {
    data = null;
  }
  precompiledRead.set(path, { stamp, data });
  return data;
}

/**
 * Bundled patterns already validated and compiled in this process, by file, content digest and
 * displayed name: a process that analyses many times (the TUI, a test suite, a program using
 * `run()`) compiles each bundled file once. Bounded by the number of bundled files (and their
 * edits). User patterns are never kept: their regexes are decided per run.
 */
const compiledBundled = new Map<string, CompiledPattern>();

/**
 * The digest of each bundled file read in this process, with the file's identity then: a file
 * whose identity is unchanged is not read and hashed again (an edit changes its change time).
 */
const bundledDigests = new Map<string, { stamp: string; digest: string }>();

function loadBundled(file: string, known: Precompiled | null, precompiledPath: string): CompiledPattern {
  const stamp = fileStamp(file);
  const seen = bundledDigests.get(file);
  let bytes: Buffer | undefined;
  let digest: string;
  if (stamp !== null && seen?.stamp === stamp) {
    digest = seen.digest;
  } else {
    bytes = readPatternBytes(file);
    digest = digestOf(bytes);
    if (stamp !== null) bundledDigests.set(file, { stamp, digest });
  }
  // Apart by where the spec comes from (the build's validated copy or the YAML), so either path can be checked.
  const keyOf = (d: string) => `${file}\0${d}\0${displayPath(file)}\0${known ? precompiledPath : ''}`;
  let p = compiledBundled.get(keyOf(digest));
  if (!p) {
    if (!bytes) {
      bytes = readPatternBytes(file);
      digest = digestOf(bytes);
    }
    p = compiledBundled.get(keyOf(digest)) ?? (known ? loadKnown(file, bytes, digest, known) : parsePatternFile(file, bytes.toString('utf8')));
    compiledBundled.set(keyOf(digest), p);
  }
  return p;
}

function loadKnown(file: string, bytes: Buffer, digest: string, known: Precompiled): CompiledPattern {
  const entry = known.files[basename(file)];
  if (entry && entry.digest === digest) {
    try {
      return compileChecked(entry.spec, displayPath(file));
    } catch {
      // A regex this runtime refuses: the YAML path reports it with its line.
    }
  }
  return parsePatternFile(file, bytes.toString('utf8'));
}

/**
 * What the schema makes of a file depends on the schema: cached specs are valid for this build's
 * schema module only (its digest) and this version of the tool.
 */
function schemaStamp(): string {
  for (const name of ['./schema.js', './schema.ts']) {
    try {
      return `${TOOL_VERSION}:${digestOf(readFileSync(new URL(name, import.meta.url)))}`;
    } catch {
      // Running from sources: schema.ts.
    }
  }
  return `${TOOL_VERSION}:unknown`;
}

/**
 * A user's pattern files as the schema validated them, by the digest of their bytes, kept in the
 * user's cache directory beside the regex verdicts (`user-patterns.json`): a second run with the
 * same files neither parses YAML nor loads the schema validator. A file that fails validation is
 * never cached (its error, with its line, comes from the YAML path every time). An unreadable,
 * corrupt or outdated cache is ignored and rewritten; writes are atomic.
 */
export class SpecCache {
  static readonly MAX_ENTRIES = 1000;
  private readonly specs = new Map<string, PatternSpec>();
  private dirty = false;
  private readonly stamp = schemaStamp();

  constructor(readonly file: string | null) {
    if (file === null) return;
    try {
      const data = JSON.parse(readFileSync(file, 'utf8')) as { schema?: unknown; specs?: Record<string, PatternSpec> };
      if (data.schema !== this.stamp || !data.specs || typeof data.specs !== 'object') return;
      for (const [digest, spec] of Object.entries(data.specs)) if (spec && typeof spec === 'object') this.specs.set(digest, spec);
    } catch {
      // No cache yet, or a broken one: it is rewritten.
    }
  }

  get(digest: string): PatternSpec | undefined {
    return this.specs.get(digest);
  }

  set(digest: string, spec: PatternSpec): void {
    if (this.specs.has(digest)) return;
    this.specs.set(digest, spec);
    while (this.specs.size > SpecCache.MAX_ENTRIES) this.specs.delete(this.specs.keys().next().value!);
    this.dirty = true;
  }

  save(): void {
    if (!this.dirty || this.file === null) return;
    try {
      writeAtomic(this.file, JSON.stringify({ schema: this.stamp, specs: Object.fromEntries(this.specs) }));
      this.dirty = false;
    } catch {
      // A read-only home: the next run validates again.
    }
  }
}

/** A user's pattern file: from the spec cache when its bytes were validated before, else from YAML. */
function loadUserFile(file: string, specs: SpecCache): CompiledPattern {
  const bytes = readPatternBytes(file);
  const digest = digestOf(bytes);
  const spec = specs.get(digest);
  if (spec) {
    try {
      return compilePattern(spec, displayPath(file), () => undefined);
    } catch {
      // Not what this runtime compiles (a hand-edited cache): the YAML path decides.
    }
  }
  const p = parsePatternFile(file, bytes.toString('utf8'));
  specs.set(digest, p.spec);
  return p;
}

/** Validates the bundled library and writes what loadLibrary() reuses (the build runs this). */
export function writePrecompiled(bundledDir = BUNDLED_PATTERNS_DIR, path = PRECOMPILED_PATH): number {
  const files: Precompiled['files'] = {};
  for (const file of patternFiles(bundledDir)) {
    const bytes = readPatternBytes(file);
    files[basename(file)] = { digest: digestOf(bytes), spec: parsePatternFile(file, bytes.toString('utf8')).spec };
  }
  writeFileSync(path, JSON.stringify({ version: 1, files } satisfies Precompiled));
  return Object.keys(files).length;
}

/** Why a user's regex is refused, or null when it is accepted. */
export function refusalOf(d: UserRegexDecision): string | null {
  if (d.engine !== null) return null;
  if (d.status === 'vulnerable') return `unsafe regex (${d.detail}); avoid nested or adjacent unbounded quantifiers such as (a+)+ or .*x.*`;
  return (
    `unverified regex: RE2 cannot run it (a backreference or lookaround) and recheck could not prove it safe (${d.detail || 'gave up'}); ` +
    `rewrite it without those, or pass --allow-unverified-regex to run it with a limit of ${UNVERIFIED_BUDGET_MS} ms per line`
  );
}

/** Refuses a pattern with a regex that can backtrack catastrophically, or that nothing could verify. */
function assertAccepted(p: CompiledPattern, decisions: UserRegexDecision[]): void {
  for (const d of decisions) {
    const why = refusalOf(d);
    if (why === null) continue;
    const path = p.regexes.length === 1 && typeof p.spec.match.regex === 'string' ? 'match.regex' : `match.regex.${d.index}`;
    throw new PatternError(p.file, `${path}: ${why}`, p.spec.id);
  }
}

export type { PatternSpec };
