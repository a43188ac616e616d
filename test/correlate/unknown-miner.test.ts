/** The unrecognised-error miner: masking, grouping, seeding, caps, and merging in any split. */

import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { createHash } from 'node:crypto';
import { maskMessage } from '../../src/correlate/unknown/mask.js';
import { UnknownCollector } from '../../src/correlate/unknown/collect.js';
import { MAX_GROUPS, mineUnknown } from '../../src/correlate/unknown/drain.js';
import { unknownSeeds, writeSeeds, WRAPPER_FAMILIES } from '../../src/correlate/unknown/known.js';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isUnknownCandidate } from '../../src/match/error-words.js';
import { loadLibrary } from '../../src/library/load.js';
import type { LogEntry } from '../../src/model/entry.js';
import { tempDir } from '../tmp.js';

function entry(message: string, over: Partial<LogEntry> = {}): LogEntry {
  return {
    source: 'op.log',
    line: 1,
    format: 'plain',
    level: 'error',
    time: null,
    message,
    error: null,
    fields: {},
    raw: message,
    continuation: [],
    envelope: null,
    ...over,
  };
}

const none = () => [] as string[];

function mine(messages: readonly string[], seeds: () => readonly string[] = none) {
  const c = new UnknownCollector();
  messages.forEach((m, i) => c.add(entry(m, { line: i + 1 })));
  return mineUnknown(c.exportState(), seeds);
}

describe('masking', () => {
  it.each([
    ['retry 3 of 5 after 1.5s', 'retry <*> of <*> after <*>'],
    ['took 1m30s and 250ms, 512Mi used (80%)', 'took <*> and <*>, <*> used (<*>)'],
    ['uid 8c4f3f5e-5a8e-4f7e-9a7d-2f6c1f0e9b3a gone', 'uid <*> gone'],
    ['dial tcp 10.96.0.1:443: i/o timeout', 'dial tcp <*>: i/o timeout'],
    ['dial tcp [fd00:10:96::1]:443: refused', 'dial tcp <*>: refused'],
    ['digest 0x7ffde4a1 and sha deadbeef1234 differ', 'digest <*> and sha <*> differ'],
    ['secret "db-credentials" not found', 'secret "<*>" not found'],
    ['key shop/orders-archive requeued', 'key <*> requeued'],
    ['resourceVersion=123456 is too old', 'resourceVersion=<*> is too old'],
    ['pod web-7d9f8b6c5-x2x9q on ip-10-0-1-23.ec2.internal', 'pod <*> on <*>'],
    ['at 2026-11-03T09:14:02.517Z', 'at <*>'],
    ['open /var/lib/kubelet/config.yaml: denied', 'open <*>: denied'],
    ['get https://10.0.0.1:6443/apis/apps/v1 failed', 'get <*> failed'],
    ['name="web frontend" replicas=3', 'name="<*>" replicas=<*>'],
  ])('%s → %s', (text, masked) => {
    expect(maskMessage(text)).toBe(masked);
  });

  it('keeps group/versions, domains and words with digits that are not values', () => {
    expect(maskMessage('apps/v1 and autoscaling.aibrix.ai/v1alpha1 from k8s.io: x509: bad cert, utf8 ok')).toBe(
      'apps/v1 and autoscaling.aibrix.ai/v1alpha1 from k8s.io: x509: bad cert, utf8 ok',
    );
  });
});

describe('candidates', () => {
  it('are error-level entries, and warnings or level-less ones with an error word', () => {
    expect(isUnknownCandidate(entry('all good', { level: 'error' }))).toBe(true);
    expect(isUnknownCandidate(entry('all good', { level: 'fatal' }))).toBe(true);
    expect(isUnknownCandidate(entry('upload Failed', { level: 'warning' }))).toBe(true);
    expect(isUnknownCandidate(entry('upload slow', { level: 'warning' }))).toBe(false);
    expect(isUnknownCandidate(entry('connection REFUSED', { level: null }))).toBe(true);
    expect(isUnknownCandidate(entry('slow', { level: null, error: 'context deadline: Timeout' }))).toBe(true);
    expect(isUnknownCandidate(entry('retry after error', { level: 'info' }))).toBe(false);
  });

  it('a wrapper signature (cr-reconciler-error) does not explain a line', () => {
    expect(WRAPPER_FAMILIES.has('cr-reconciler-error')).toBe(true);
    expect(WRAPPER_FAMILIES.has('rbac-forbidden')).toBe(false);
  });
});

describe('grouping', () => {
  it('folds lines of one message into one group with a template, and ranks groups by count, single lines last', () => {
    const r = mine([
      'backup upload to bucket "a-1" failed: quota exceeded',
      'license check failed for tenant alpha',
      'backup upload to bucket "b-2" failed: quota exceeded',
      'backup upload to bucket "c-3" failed: quota exceeded',
      'license check failed for tenant beta',
      'disk warmer crashed',
    ]);
    expect(r.groups.map((g) => [g.template, g.count])).toEqual([
      ['backup upload to bucket "<*>" failed: quota exceeded', 3],
      ['license check failed for tenant <*>', 2],
      ['disk warmer crashed', 1],
    ]);
    const g = r.groups[0]!;
    expect(g.id).toBe(`u-${createHash('sha256').update(g.template).digest('hex').slice(0, 12)}`);
    expect(g.examples.map((e) => e.line)).toEqual([1, 3, 4]);
    expect(g.levels).toEqual(['error']);
  });

  it('keeps first/last seen, levels, sources, kinds and objects', () => {
    const c = new UnknownCollector();
    c.add(entry('sync of BucketClaim failed: bucket quota', { time: '2026-01-01T00:00:02Z', fields: { controllerKind: 'BucketClaim', controllerGroup: 'storage.acme.io', name: 'a', namespace: 'shop' } }));
    c.add(entry('sync of BucketClaim failed: bucket quota', { time: '2026-01-01T00:00:01Z', level: 'warning', source: 'b.log', fields: { controllerKind: 'BucketClaim', controllerGroup: 'storage.acme.io', name: 'b', namespace: 'shop' } }));
    const [g] = mineUnknown(c.exportState(), none).groups;
    expect(g).toMatchObject({
      count: 2,
      firstSeen: '2026-01-01T00:00:01Z',
      lastSeen: '2026-01-01T00:00:02Z',
      levels: ['error', 'warning'],
      sources: ['b.log', 'op.log'],
      kinds: [{ group: 'storage.acme.io', kind: 'BucketClaim' }],
      objects: [
        { kind: 'BucketClaim', namespace: 'shop', name: 'a' },
        { kind: 'BucketClaim', namespace: 'shop', name: 'b' },
      ],
    });
  });

  it("lists variants of the signatures' own example messages with the signature they resemble (seeded)", () => {
    const library = loadLibrary();
    const seeds = () => unknownSeeds(library.patterns);
    const variant = 'error syncing item: unable to get REST mapping for autoscaling.aibrix.ai/v1alpha1/PodAutoScaler.';
    expect(seeds().some((s) => s.pattern === 'gc-rest-mapping' && s.template.includes('unable to get REST mapping for'))).toBe(true);
    const messages = ['error syncing item: unable to get REST mapping for example.com/v1/Widget.', 'license check failed for tenant alpha', variant];
    expect(mine(messages).groups.every((g) => g.resembles === undefined)).toBe(true);
    // No line is left out: a line no signature matched is reported, with the look-alike named.
    const r = mine(messages, seeds);
    expect(r.groups.map((g) => [g.template, g.count, g.resembles])).toEqual([
      ['error syncing item: unable to get REST mapping for <*>', 2, 'gc-rest-mapping'],
      ['license check failed for tenant alpha', 1, undefined],
    ]);
  });

  it('names the signature most of a group\'s lines resemble, whatever order the lines came in', () => {
    const seeds = () => [
      { pattern: 'a-crash', template: 'pod sync failed: back-off restarting CrashLoopBackOff container <*>' },
      { pattern: 'b-pull', template: 'pod sync failed: back-off pulling ImagePullBackOff image <*>' },
    ];
    const lines = ['pod sync failed: back-off pulling ImagePullBackOff image x', 'pod sync failed: back-off pulling ImagePullBackOff image y', 'pod sync failed: back-off restarting ErrImagePull image z'];
    for (const order of [lines, [...lines].reverse()]) {
      const r = mine(order, seeds);
      expect(r.groups.map((g) => g.resembles)).toEqual(['b-pull']);
    }
  });

  it("takes the build's stored seeds only for signatures whose examples they were made from", () => {
    const library = loadLibrary();
    const path = join(tempDir('kld-seeds-'), 'seeds.json');
    const made = unknownSeeds(library.patterns, join(path, 'missing'));
    writeSeeds(library.patterns, path);
    expect(unknownSeeds([...library.patterns], path)).toEqual(made);
    // The store is what is read: a seed written into it shows up.
    const stored = JSON.parse(readFileSync(path, 'utf8')) as Record<string, { key: string; seeds: string[] }>;
    stored['gc-rest-mapping']!.seeds.push('planted seed');
    const tampered = path + '.2';
    writeFileSync(tampered, JSON.stringify(stored));
    expect(unknownSeeds([...library.patterns], tampered)).toContainEqual({ pattern: 'gc-rest-mapping', template: 'planted seed' });
    // A signature of that id with other examples (edited, or a user's) is seeded from its own.
    const gc = library.patterns.find((p) => p.spec.id === 'gc-rest-mapping')!;
    const edited = { ...gc, spec: { ...gc.spec, examples: { ...gc.spec.examples, match: ['E0612 10:00:20.717515       1 garbagecollector.go:360] license vault sealed for tenant alpha'] } } };
    const seeds = unknownSeeds([...library.patterns.filter((p) => p !== gc), edited], tampered);
    expect(seeds.map((s) => s.template)).not.toContain('planted seed');
    expect(seeds.some((s) => s.pattern === 'gc-rest-mapping' && s.template.includes('license vault sealed'))).toBe(true);
    // A damaged store is no store.
    const damaged = path + '.3';
    writeFileSync(damaged, '{"gc-rest-mapping": ');
    expect(unknownSeeds([...library.patterns], damaged)).toEqual(made);
  });

  it('holds at most MAX_GROUPS groups and counts the rest', () => {
    const words = (i: number) => [...String(i).padStart(4, '0')].map((d) => 'abcdefghij'[Number(d)]).join('');
    const messages = Array.from({ length: MAX_GROUPS + 50 }, (_, i) => `${words(i)}x ${words(i)}y ${words(i)}z failed`);
    const r = mine(messages);
    expect(r.groups.length).toBe(MAX_GROUPS);
    expect(r.omitted).toEqual({ groups: 50, lines: 50 });
  });
});

describe('merging', () => {
  const word = fc.constantFrom('alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta');
  const message = fc.tuple(word, word, word, fc.nat(99)).map(([a, b, c, n]) => `${a} ${b} failed on ${c} after ${n} tries`);

  it('gives the same groups for any split and any cap crossing (bottom-k sample), with lines shifted', () => {
    fc.assert(
      fc.property(fc.array(message, { minLength: 1, maxLength: 120 }), fc.nat(), fc.constantFrom(4, 16, 1000), (messages, cut, max) => {
        const at = cut % (messages.length + 1);
        const whole = new UnknownCollector(max);
        messages.forEach((m, i) => whole.add(entry(m, { line: i + 1 })));
        const a = new UnknownCollector(max);
        const b = new UnknownCollector(max);
        messages.forEach((m, i) => (i < at ? a : b).add(entry(m, { line: i < at ? i + 1 : i - at + 1 })));
        const joined = new UnknownCollector(max);
        joined.mergeState(a.exportState());
        joined.mergeState(b.exportState(), { shift: at });
        const one = new UnknownCollector(max);
        one.mergeState(whole.exportState());
        expect(JSON.stringify(mineUnknown(joined.exportState(), none))).toBe(JSON.stringify(mineUnknown(one.exportState(), none)));
        expect(joined.exportState().templates.length).toBeLessThanOrEqual(max);
      }),
      { numRuns: 200 },
    );
  });
});
