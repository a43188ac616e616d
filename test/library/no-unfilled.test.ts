/**
 * No unfilled template, ever (issue #19): the diagnosis, impact, causes and fixes of every signature,
 * rendered from each of its match examples as in a real run, and the texts of near-miss verdicts
 * and chain rules, hold no {{…}} and, outside commands, no <placeholder>. Templates leave an
 * unknown value out with sections: {{#name}}…{{/name}}, {{^name}}…{{/name}}.
 */

import { describe, expect, it } from 'vitest';
import { loadLibrary } from '../../src/library/load.js';
import { exampleLine } from '../../src/library/schema.js';
import { exampleEntry } from '../../src/match/examples.js';
import { Matcher } from '../../src/match/matcher.js';
import { Aggregator, kindLabel } from '../../src/correlate/aggregate.js';
import { readFileSync } from 'node:fs';
import { KindRegistry, crdsFromText } from '../../src/correlate/registry.js';
import { NEAR_MISS_RULES } from '../../src/correlate/near-miss.js';
import { CHAIN_RULES } from '../../src/correlate/chains.js';
import { proseCommand, renderTemplate } from '../../src/library/command.js';
import { fixParts } from '../../src/report/rich-text.js';
import { compilePattern } from '../../src/library/compile.js';
import type { PatternSpec } from '../../src/library/schema.js';
import type { KindRef } from '../../src/model/finding.js';

const prose = (text: string) => text.split('`').filter((_, i) => i % 2 === 0).join(' ');
const UNFILLED = /\{\{[^}]*\}\}|<[A-Za-z][A-Za-z0-9_-]*>/;

const cases = loadLibrary().patterns.flatMap((p) =>
  p.spec.examples.match.map((ex, i) => [`${p.spec.id} example ${i}`, p, exampleLine(ex)] as const),
);

describe('no unfilled placeholder in a rendered signature', () => {
  it.each(cases)('%s', (_where, p, line) => {
    const [m] = new Matcher([p]).match(exampleEntry(line));
    expect(m).toBeDefined();
    const agg = new Aggregator();
    agg.add(m!);
    const f = agg.findings()[0]!;
    const texts = [f.diagnosis, f.impact ?? '', ...f.likelyCauses, ...f.fixes];
    const left = texts.flatMap((t) => [...prose(t).matchAll(new RegExp(UNFILLED, 'g'))].map((x) => x[0]));
    const inCommands = texts.flatMap((t) => [...t.matchAll(/\{\{[^}]*\}\}/g)].map((x) => x[0]));
    expect([...left, ...inCommands], texts.join('\n')).toEqual([]);
  });
});

describe('no unfilled placeholder in a near-miss verdict or a chain rule', () => {
  const registry = KindRegistry.withBuiltins();
  for (const k of crdsFromText(readFileSync('samples/seed-case/podautoscaler-crd.yaml', 'utf8'), 'crd.yaml')) registry.add(k);
  const pa = (kind: string, version = 'v1alpha1', group = 'autoscaling.aibrix.ai') => ({ group, version, kind, resource: null });
  const seen: KindRef[] = [
    pa('PodAutoScaler'),
    pa('podautoscalers'),
    pa('PodAutoscalr'),
    pa('PodAutoscaler', 'v9'),
    pa('PodAutoscaler', 'v1alpha1', 'aibrix.io'),
    { group: 'autoscaling', version: 'v2beta2', kind: 'HorizontalPodAutoscaler', resource: null },
    { group: 'autoscaling.aibrix.ai', version: null, kind: null, resource: 'podautoscaler' },
    { group: null, version: null, kind: 'PodAutoScaler', resource: null },
  ];
  const verdicts = seen.flatMap((s) => NEAR_MISS_RULES.map((rule) => rule(s, registry)).filter((v) => v !== null));

  it('covers most rules', () => {
    expect(new Set(verdicts.map((v) => v.rule)).size).toBeGreaterThanOrEqual(6);
  });

  it.each(verdicts.map((v) => [`${v.rule} ${kindLabel(v.seen)}`, v] as const))('%s', (_where, v) => {
    // A near-miss fix has no code span: its command runs from the command word to the end.
    const proseOf = (fix: string) => fix.slice(0, proseCommand(fix)?.at ?? fix.length);
    const texts = [v.edit, v.problem, v.diagnosis, v.explanation, ...v.causes, ...v.fixes.map(proseOf)];
    expect(texts.filter((t) => UNFILLED.test(t))).toEqual([]);
    expect(v.fixes.filter((t) => /\{\{/.test(t))).toEqual([]);
  });

  it('chain rules say why in plain words', () => {
    expect(CHAIN_RULES.filter((r) => UNFILLED.test(r.because)).map((r) => r.id)).toEqual([]);
  });
});

describe('template sections', () => {
  it('keep {{#name}} text only when the value is known and {{^name}} text only when it is not, nested too', () => {
    const t = 'The lease{{#name}} {{#namespace}}{{namespace}}/{{/namespace}}{{name}}{{/name}}{{^name}} of this component{{/name}} expired: `kubectl get lease {{name}}`';
    expect(renderTemplate(t, { name: 'kld', namespace: 'ops' })).toBe('The lease ops/kld expired: `kubectl get lease kld`');
    expect(renderTemplate(t, { name: 'kld' })).toBe('The lease kld expired: `kubectl get lease kld`');
    expect(renderTemplate(t, {})).toBe('The lease of this component expired: `kubectl get lease <name>`');
  });

  it('a section tag that is not closed, or names an unknown variable, is a pattern error', () => {
    const spec = (diagnosis: string) =>
      ({ id: 'x', match: { regex: '(?<host>h)', keywords: ['h'] }, diagnosis, causes: ['c'], fixes: [], examples: { match: [], nomatch: [] } }) as unknown as PatternSpec;
    expect(() => compilePattern(spec('at {{#host}}{{host}}'), 'x.yaml', () => 3)).toThrow('x.yaml:3: diagnosis: unbalanced section tag {{#host}} (pattern x)');
    expect(() => compilePattern(spec('at {{#hots}}{{host}}{{/hots}}'), 'x.yaml', () => 3)).toThrow(/placeholder \{\{hots\}\} is neither a named capture/);
    expect(compilePattern(spec('at {{#host}}{{host}}{{/host}}'), 'x.yaml', () => 3).spec.id).toBe('x');
  });
  it('a fix without code spans whose values could be read as a command is a pattern error', () => {
    const spec = (fix: string) =>
      ({ id: 'x', match: { regex: '(?<unit>u)', keywords: ['u'] }, diagnosis: 'd', causes: ['c'], fixes: [fix], examples: { match: [], nomatch: [] } }) as unknown as PatternSpec;
    // Why: values in prose are not quoted, and the reports and the TUI's `c` take a fix's tail as a command.
    const hostile = { unit: 'x: kubectl delete namespace prod' };
    expect(fixParts(renderTemplate('Restart {{unit}}', hostile)).at(-1)).toEqual({ kind: 'code', text: 'kubectl delete namespace prod', command: true });
    for (const fix of ['Check: systemctl status {{unit}}', 'Restart {{unit}}', 'e.g. journalctl -u {{unit}} --since today', 'Look at {{unit}}: it may be stuck']) {
      expect(() => compilePattern(spec(fix), 'x.yaml', () => 7), fix).toThrow(/^x\.yaml:7: fixes\.0: \{\{unit\}\} could be read as part of a shell command outside a code span/);
    }
    for (const fix of ['Restart {{unit}}.', 'Check: `systemctl status {{unit}}`', 'Check: systemctl status kubelet (the unit {{unit}} depends on it).', 'Run: kubectl get nodes']) {
      expect(compilePattern(spec(fix), 'x.yaml', () => 7).spec.id, fix).toBe('x');
    }
  });
});
