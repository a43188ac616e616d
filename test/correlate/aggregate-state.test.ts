/**
 * What an aggregator keeps per finding, and how its state is handed over: the records of a state
 * are taken over as they are (no copy per finding), same-line partners are short distinct lists
 * with a cap, and link rules are remembered by cause. The merge stays exact (test/perf/ranges
 * checks whole reports over 1–8 byte ranges).
 */

import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { loadLibrary } from '../../src/library/load.js';
import { Matcher, signatureKeywords } from '../../src/match/matcher.js';
import { EntryAssembler, newAssemblerCounters } from '../../src/parse/assembler.js';
import { frameLines } from '../../src/framing/lines.js';
import { Aggregator } from '../../src/correlate/aggregate.js';
import { copyFinding } from '../../src/model/finding.js';
import { shiftEvidence } from '../../src/correlate/evidence-store.js';
import { UnknownCollector } from '../../src/correlate/unknown/collect.js';
import { matchEntry } from '../../src/parallel/live.js';

const library = loadLibrary();
const keywords = signatureKeywords(library.patterns);
const matcher = new Matcher(library.patterns);

const pad = (i: number) => String(i).padStart(6, '0');
/** A line that is a finding of its own (a kind per line), as bench/correlation.mjs writes them. */
const kindLine = (i: number) =>
  `E0612 10:11:12.123456       1 garbagecollector.go:360] "error syncing item" err="unable to get REST mapping for example.com/v1/Kind${pad(i)}." logger="garbage-collector-controller"\n`;
/** A line with two findings (an RBAC denial per subject, and the informer's failure, one for all lines). */
const rbacLine = (i: number) =>
  `E0612 10:11:13.123456       1 reflector.go:158] k8s.io/client-go/informers/factory.go:160: Failed to watch *v1.Secret: failed to list *v1.Secret: secrets is forbidden: User "system:serviceaccount:demo:op${pad(i)}" cannot list resource "secrets" in API group "" at the cluster scope\n`;

async function aggregate(text: string, firstLine = 1): Promise<Aggregator> {
  const aggregator = new Aggregator();
  const unknown = new UnknownCollector();
  const assembler = new EntryAssembler('input.log', newAssemblerCounters(), (e) => matchEntry(e, matcher, aggregator, unknown), 2026, { matchKeywords: keywords, startKeywords: keywords });
  let lineNo = firstLine - 1;
  for await (const line of frameLines(Readable.from([Buffer.from(text)]), { bytes: 0, truncated: 0 })) assembler.push(line, ++lineNo);
  assembler.flush();
  return aggregator;
}

const lines = (n: number, line: (i: number) => string, from = 0) => Array.from({ length: n }, (_, i) => line(from + i)).join('');

describe('aggregator state', () => {
  it('hands its findings over as they are, and is done afterwards', async () => {
    const a = await aggregate(lines(50, kindLine));
    const state = a.exportState();
    expect(state.findings).toHaveLength(50);
    expect(() => a.exportState()).toThrow(/after finish/);
    const merged = new Aggregator();
    merged.mergeState(state);
    const records = state.findings.map((r) => r.finding);
    const findings = merged.finish();
    // Taken over, not copied: the merged aggregator's findings are the state's own.
    expect(findings.every((f, i) => f === records[i])).toBe(true);
    // And they are what one aggregator over the same lines gives (evidence lines read back from the store).
    const one = (await aggregate(lines(50, kindLine))).findings();
    // (An aggregated finding as a plain one: copyFinding reads the values it shares with its signature.)
    expect(JSON.stringify(findings.map((f) => copyFinding(f, { diagnosis: '', likelyCauses: [], fixes: [], evidence: merged.evidence(f.key)!, impact: null })))).toBe(
      JSON.stringify(one.map((f) => ({ ...f, diagnosis: '', likelyCauses: [], fixes: [], impact: null }))),
    );
    expect(merged.texts(findings[49]!.key)).toEqual({
      diagnosis: one[49]!.diagnosis,
      likelyCauses: one[49]!.likelyCauses,
      fixes: one[49]!.fixes,
      impact: one[49]!.impact,
    });
  });

  it("takes a state's records over: later merges fold into them", async () => {
    const states = await Promise.all([0, 1, 2, 3, 4, 5].map(async (n) => (await aggregate(lines(2, kindLine), 1 + 2 * n)).exportState()));
    const merged = new Aggregator();
    for (const s of states) merged.mergeState(s);
    const record = states[0]!.findings[0]!;
    // Five evidence lines were merged in after the first: the last one is the record's own now.
    expect(record.finding.count).toBe(6);
    expect(record.moreEvidence).toHaveLength(3);
    expect(record.lastEvidence?.line).toBe(11);
    const [f] = merged.finish();
    // The finding itself holds none: the aggregator reads them back.
    expect(f!.evidence).toEqual([]);
    expect(merged.evidence(f!.key)!.map((e) => e.line)).toEqual([1, 3, 5, 7, 11]);
    expect(merged.evidence(f!.key)![2]!.text).toBe(kindLine(0).trimEnd());
  });

  it("takes over a copy of a state as the copy says (a range's lines shifted), not as the aggregator left it", async () => {
    const state = (await aggregate(lines(2, kindLine))).exportState();
    const shifted = { ...state, evidence: shiftEvidence(state.evidence, 100) };
    const merged = new Aggregator();
    merged.mergeState(shifted);
    expect(merged.finish().map((f) => merged.evidence(f.key)!.map((e) => e.line))).toEqual([[101], [102]]);
  });

  it('keeps each kind ref of its own, with the values of the line', async () => {
    const findings = (await aggregate(lines(3, kindLine))).findings();
    expect(findings.map((f) => f.kinds)).toEqual([0, 1, 2].map((i) => [{ group: 'example.com', version: 'v1', kind: `Kind${pad(i)}`, resource: null }]));
    expect(findings.map((f) => f.captures)).toEqual([0, 1, 2].map((i) => ({ group: 'example.com', version: 'v1', kind: `Kind${pad(i)}` })));
  });

  it('lists same-line partners once each, up to 32, and merges halves as one reader', async () => {
    const whole = await aggregate(lines(60, rbacLine));
    const pairs = whole.sameLinePairs();
    const informer = [...pairs.keys()].find((k) => k.startsWith('informer-'))!;
    const subjects = [...pairs.keys()].filter((k) => k.startsWith('rbac-'));
    expect(subjects).toHaveLength(60);
    // One partner is held as its key alone, more as a list.
    for (const k of subjects) expect(pairs.get(k)).toBe(informer);
    expect(pairs.get(informer)).toEqual(subjects.slice(0, 32));

    const first = await aggregate(lines(20, rbacLine));
    const second = await aggregate(lines(40, rbacLine, 20), 21);
    const merged = new Aggregator();
    merged.mergeState(first.exportState());
    merged.mergeState(second.exportState());
    expect([...merged.sameLinePairs()]).toEqual([...pairs]);
  });
});

describe('timelines', () => {
  const total = (h: { buckets: number[] } | undefined) => (h ? h.buckets.filter((_, i) => i % 2 === 1).reduce((a, b) => a + b, 0) : 0);

  it.each([
    ['in one thread', (s: ReturnType<Aggregator['exportState']>) => s],
    ['from another thread', (s: ReturnType<Aggregator['exportState']>) => structuredClone(s)],
  ])("count each finding's own occurrences, %s", async (_, send) => {
    // Three findings first seen in the same second; then the first one again, in a later state.
    const merged = new Aggregator();
    merged.mergeState(send((await aggregate(lines(3, kindLine))).exportState()));
    merged.mergeState(send((await aggregate(lines(1, kindLine), 4)).exportState()));
    const keys = [...merged.keys()];
    const timelines = merged.timelines(keys);
    expect(keys.map((k) => total(timelines[k]))).toEqual([2, 1, 1]);
    expect(merged.finish().map((f) => f.count)).toEqual([2, 1, 1]);
  });
});
