/**
 * The cheap classification of klog and zap JSON lines must agree with the full parser on every
 * line it vouches for (format, level, no multi-line value), and the prefilter built on it must
 * never turn away a line whose parsed match text holds a keyword.
 */

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { classifyQuiet, type MatchSpan } from '../../src/parse/quiet-line.js';
import { QuietBytes, quietByteScanner } from '../../src/parse/quiet-bytes.js';
import { detectPayload } from '../../src/parse/detect.js';
import { matchText } from '../../src/model/entry.js';
import { LinePrefilter } from '../../src/match/line-prefilter.js';
import { FOUND, KeywordAutomaton, NO_STOP } from '../../src/match/keyword-automaton.js';
import { loadLibrary } from '../../src/library/load.js';
import { signatureKeywords } from '../../src/match/matcher.js';
import { exampleLine } from '../../src/library/schema.js';
import { parseJsonObject } from '../../src/parse/formats/json-object.js';
import { peelShortTimestamp, shortTimestampBytes, splitSternPrefix, sternPrefixBytes } from '../../src/parse/envelopes/stern.js';

const library = loadLibrary();
const keywords = signatureKeywords(library.patterns);
const prefilter = new LinePrefilter(keywords);
const exact = new KeywordAutomaton(keywords);
const ctx = { year: 2025, refTime: null };
const quietBytes = new QuietBytes(quietByteScanner(keywords));

const LINES = [
  ...readFileSync('samples/formats/klog.log', 'utf8').split('\n'),
  ...readFileSync('samples/formats/zap-json.log', 'utf8').split('\n'),
  ...readFileSync('samples/formats/klog-json.log', 'utf8').split('\n'),
  ...library.patterns.flatMap((p) => [...p.spec.examples.match, ...p.spec.examples.nomatch].map(exampleLine)).flatMap((l) => l.split('\n')),
];

/** Splices that probe the classifier's edges: escapes, duplicate keys, odd JSON, klog pairs and blocks. */
const EDITS = ['\\', '\\"', '"', ' err=', ' err=7', ' err=[1, 2]', ' x=<', '=<', ',"level":7', ',"msg":{}', ',"error":null', ',"err":"e"', ',"ts":1', ',"stacktrace":"s","stacktrace":"t"', ' ', '\t', '{', '}', ':', '1', 'I', '\u00b5', '\ufffd', '\u0000'];

const line = fc.oneof(
  fc.constantFrom(...LINES),
  fc.tuple(fc.constantFrom(...LINES), fc.nat(), fc.constantFrom(...EDITS), fc.nat({ max: 3 })).map(([l, at, edit, cut]) => {
    const i = l.length === 0 ? 0 : at % (l.length + 1);
    return l.slice(0, i) + edit + l.slice(i + cut);
  }),
);

describe('quiet classification', () => {
  it('agrees with the full parser on format and level, and never hides a matchable line', () => {
    fc.assert(
      fc.property(line, (l) => {
        const span: MatchSpan = { text: null, from: 0, to: 0 };
        const cls = classifyQuiet(l, span);
        if (cls === null) return;
        const parsed = detectPayload(l, ctx);
        expect(parsed).not.toBeNull();
        expect({ format: parsed!.format, level: parsed!.level, openBlock: parsed!.openBlock }).toEqual({ format: cls.format, level: cls.level, openBlock: null });
        const text = matchText(parsed!);
        if (span.text !== null) expect(span.text).toBe(text);
        const mayMatch = span.text !== null ? prefilter.mayMatchText(span.text) : prefilter.mayMatch(l, span.from, span.to);
        // A line the prefilter turns away must have a match text without any keyword.
        if (!mayMatch) expect(exact.test(text)).toBe(false);
      }),
      { numRuns: 5000 },
    );
  });

  it('vouches for the ordinary lines of both formats', () => {
    const span: MatchSpan = { text: null, from: 0, to: 0 };
    expect(classifyQuiet('I0612 10:00:06.321615       1 shared_informer.go:313] Waiting for caches to sync for ReplicaSet', span)).toMatchObject({ format: 'klog', level: 'info' });
    expect(classifyQuiet('{"level":"debug","ts":"2024-05-01T10:00:04Z","msg":"reconciling","controller":"memcached"}', span)).toMatchObject({ format: 'zap-json', level: 'debug' });
    expect(span.text).toBe('reconciling');
    // Left to the full parser: a klog block, an unquoted err, JSON without a level.
    expect(classifyQuiet('E0612 10:00:15.000123       1 runtime.go:142] "Observed a panic" stacktrace=<', span)).toBeNull();
    expect(classifyQuiet('E0612 10:00:15.000123       1 x.go:1] "failed" err=42', span)).toBeNull();
    expect(classifyQuiet('{"ts":1714557600000.1,"caller":"x.go:1","msg":"hi","v":0}', span)).toBeNull();
  });
});

describe('quiet classification on bytes', () => {
  it('vouches only for lines the full parser reads alike and whose match text holds no keyword', () => {
    fc.assert(
      fc.property(line, fc.nat({ max: 8 }), (l, pad) => {
        // The line sits inside a larger buffer, after other bytes, as in a chunk.
        const buf = Buffer.concat([Buffer.alloc(pad, 0x22), Buffer.from(l, 'utf8'), Buffer.from('\n"x err= \x1b"')]);
        const end = buf.length - 14;
        quietBytes.newBuffer();
        const cls = quietBytes.classify(buf, pad, end);
        if (cls === null) return;
        const decoded = buf.toString('utf8', pad, end);
        const parsed = detectPayload(decoded, ctx);
        expect(parsed).not.toBeNull();
        expect({ format: parsed!.format, level: parsed!.level, openBlock: parsed!.openBlock }).toEqual({ format: cls.format, level: cls.level, openBlock: null });
        expect(exact.test(matchText(parsed!))).toBe(false);
        // Never more than the string path vouches for.
        expect(classifyQuiet(decoded, { text: null, from: 0, to: 0 })).toBe(cls);
      }),
      { numRuns: 5000 },
    );
  });

  it('vouches for ordinary klog and zap lines, and leaves escapes, err pairs and envelopes to the string path', () => {
    const at = (l: string) => {
      quietBytes.newBuffer();
      return quietBytes.classify(Buffer.from(l), 0, Buffer.byteLength(l));
    };
    expect(at('I0612 10:00:06.321615       1 controller.go:220] "Starting workers" controller="replicaset" worker_count=5 duration="7µs"')).toMatchObject({ format: 'klog', level: 'info' });
    expect(at('W0612 10:00:06.321615       1 x.go:1] Starting workers for ReplicaSet')).toMatchObject({ format: 'klog', level: 'warning' });
    expect(at('{"level":"debug","ts":"2024-05-01T10:00:04Z","msg":"reconciling","controller":"memcached","n":[1,{"a":null}],"ok":true}')).toMatchObject({ format: 'zap-json', level: 'debug' });
    // Error-level lines, and warnings or level-less lines with an error word, may be unrecognised errors: parsed.
    expect(at('{"level":"error","ts":1.5e9,"msg":"update skipped","error":"boom"}')).toBeNull();
    expect(at('E0612 10:00:15.000123       1 x.go:1] "cache warm"')).toBeNull();
    expect(at('W0612 10:00:06.321615       1 x.go:1] "Upload failed" object="a/b"')).toBeNull();
    expect(at('{"level":"warn","ts":1.5e9,"msg":"upload","error":"Timeout"}')).toBeNull();
    expect(at('{"level":"warn","ts":1.5e9,"msg":"upload slow","elapsed":"3s"}')).toMatchObject({ format: 'zap-json', level: 'warning' });
    expect(at('I0612 10:00:06.321615       1 x.go:1] "Upload failed, retrying"')).toMatchObject({ format: 'klog', level: 'info' });
    expect(at('E0612 10:00:15.000123       1 x.go:1] "failed" err="boom"')).toBeNull();
    expect(at('I0612 10:00:06.321615       1 x.go:1] "say \\"hi\\""')).toBeNull();
    expect(at('I0612 10:00:06.321615       1 x.go:1] "\x1b[31mred"')).toBeNull();
    expect(at('{"level":"info","ts":1,"msg":"a\\nb"}')).toBeNull();
    expect(at('{"log":"{\\"level\\":\\"info\\"}\\n","stream":"stderr","time":"2024-05-01T10:00:00Z"}')).toBeNull();
    expect(at('{"level":"info","ts":1,"msg":"x","error":{"code":1}}')).toBeNull();
    expect(at('{"level":"info","ts":1,"msg":"x",}')).toBeNull();
    expect(at('{"level":"info","ts":1,"msg":"unable to get REST mapping for x"}')).toBeNull();
  });
});

describe('keyword automaton', () => {
  it('finds exactly the literals String.includes finds', () => {
    const alphabet = fc.constantFrom('a', 'b', 'ab', 'ba', ': ', 'µ', 'é', 'x', ' ');
    fc.assert(
      fc.property(fc.array(fc.array(alphabet, { minLength: 1, maxLength: 4 }).map((a) => a.join('')), { minLength: 1, maxLength: 6 }), fc.array(alphabet, { maxLength: 30 }).map((a) => a.join('')), (lits, text) => {
        const automaton = new KeywordAutomaton(lits);
        expect(automaton.test(text)).toBe(lits.some((k) => text.includes(k)));
        const found = new Set<number>();
        automaton.forEachMatch(text, (i) => found.add(i));
        expect([...found].sort()).toEqual(lits.flatMap((k, i) => (text.includes(k) ? [i] : [])).sort());
      }),
      { numRuns: 2000 },
    );
  });

  it('over UTF-8 bytes finds what the scan of the decoded text finds, and reports poison bytes', () => {
    const alphabet = fc.constantFrom('a', 'b', 'ab', ': ', 'µ', 'é', '€', 'x', ' ', '\\');
    fc.assert(
      fc.property(fc.array(fc.array(alphabet, { minLength: 1, maxLength: 4 }).map((a) => a.join('')), { minLength: 1, maxLength: 6 }), fc.array(alphabet, { maxLength: 30 }).map((a) => a.join('')), (lits, text) => {
        const bytes = Buffer.from(text);
        const plain = KeywordAutomaton.forBytes(lits);
        expect(plain.scanBytes(bytes, 0, bytes.length, 0) === FOUND).toBe(lits.some((k) => text.includes(k)));
        const poisoned = KeywordAutomaton.forBytes(lits, [0x5c]);
        expect(poisoned.scanBytes(bytes, 0, bytes.length, 0) === FOUND).toBe(lits.some((k) => text.includes(k)) || text.includes('\\'));
        // Up to a stop byte (a space): its index, unless a literal came before it.
        const stop = bytes.indexOf(0x20);
        const before = stop === -1 ? text : bytes.subarray(0, stop).toString();
        const expected = lits.some((k) => before.includes(k)) ? FOUND : stop === -1 ? NO_STOP : stop;
        expect(plain.scanBytesTo(bytes, 0, bytes.length, 0x20)).toBe(expected);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('stern prefixes on bytes', () => {
  // Tokens made of the characters that decide a split: names' own, their neighbours in ASCII, upper case, spaces, TABs, non-ASCII.
  const token = fc.string({ unit: fc.constantFrom(...'ab-.0959zAZ_/ \t\u00e9'), maxLength: 12 });
  const pod = fc.constantFrom('web-6d4f8b9c7-x2x9q', 'api-0', 'web-abcde', 'web-abcd', 'web-', '-0', 'web', 'a.b-12', 'Web-0');
  const text = fc.oneof(
    fc.tuple(token, token, token, token).map((t) => t.join(' ')),
    fc.tuple(fc.option(token), pod, token, token).map(([ns, p, c, rest]) => `${ns === null ? '' : `${ns} `}${p} ${c} ${rest}`),
  );

  it('split exactly where splitSternPrefix splits, into the lane of the same pod and container', () => {
    fc.assert(
      fc.property(text, fc.constantFrom(2 as const, 3 as const), fc.nat({ max: 4 }), (t, tokens, pad) => {
        const buf = Buffer.concat([Buffer.alloc(pad, 0x61), Buffer.from(t, 'utf8'), Buffer.from(' x-0 y ')]);
        const end = buf.length - 7;
        const s = splitSternPrefix(t, tokens);
        const b = sternPrefixBytes(buf, pad, end, tokens);
        if (s === null) {
          expect(b).toBeNull();
          return;
        }
        expect(b).not.toBeNull();
        expect(buf.toString('utf8', b!.rest, end)).toBe(s.rest);
        expect(b!.key).toBe(`${s.namespace ?? ''}/${s.pod}/${s.container}/`);
      }),
      { numRuns: 20000 },
    );
  });

  it("read stern's short time exactly where peelShortTimestamp does", () => {
    const time = fc.string({ unit: fc.constantFrom(...'0159-: x'), maxLength: 17 });
    fc.assert(
      fc.property(time, (t) => {
        const n = shortTimestampBytes(Buffer.from(t), 0, t.length);
        const s = peelShortTimestamp(t, 2025);
        expect(n === 0 ? null : t.slice(n)).toBe(s === null ? null : s.rest);
      }),
      { numRuns: 20000 },
    );
  });
});

describe('a zap line read by the quiet classification and then parsed', () => {
  it('is parsed from JSON once: the parser takes the object of that same line, once, and never of another line', () => {
    const a = '{"level":"error","ts":"2024-05-01T10:00:04Z","msg":"Reconciler error","error":"deployments.apps \\"web\\" not found","o":{"n":1}}';
    const b = '{"level":"info","ts":"2024-05-01T10:00:05Z","msg":"other"}';
    const span: MatchSpan = { text: null, from: 0, to: 0 };
    expect(classifyQuiet(a, span)).toMatchObject({ format: 'zap-json', level: 'error' });
    // Another line first: parsed on its own, and the handed object is gone.
    expect(parseJsonObject(b)).toEqual(JSON.parse(b));
    const fresh = parseJsonObject(a);
    expect(fresh).toEqual(JSON.parse(a));
    classifyQuiet(a, span);
    const taken = parseJsonObject(a);
    expect(taken).toEqual(JSON.parse(a));
    // Only once: a second parse of the line makes an object of its own.
    const again = parseJsonObject(a);
    expect(again).toEqual(JSON.parse(a));
    expect(again).not.toBe(taken);
    expect((again as { o: object }).o).not.toBe((taken as { o: object }).o);
  });
});
