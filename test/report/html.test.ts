/**
 * The HTML report, in process: untrusted text stays text, commands come out byte for byte with a
 * copy button, the pictures are drawn from the report's time data, and the page allows nothing
 * but its own inline style and script (by hash).
 */

import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { commandBlock, CSP, fixHtml, MAX_DETAILED, MAX_TIMELINES, renderHtml } from '../../src/report/html.js';
import { chainGraph, MAX_LANE_ROWS, sharedAxis, swimlanes, timelineSvg } from '../../src/report/html-charts.js';
import { fixParts } from '../../src/report/rich-text.js';
import { addTime, emptyHistogram } from '../../src/correlate/time-histogram.js';
import type { Report, TimeHistogram } from '../../src/model/finding.js';
import { finding, report } from './helpers.js';

const T0 = Date.parse('2026-06-12T10:00:00Z');

function hist(...offsetsSeconds: number[]): TimeHistogram {
  const h = emptyHistogram();
  for (const s of offsetsSeconds) addTime(h, T0 + s * 1000);
  return h;
}

const HOSTILE = '<script>alert(1)</script> <img src=x onerror=alert(2)> "quoted" \'single\' & javascript:alert(3) \u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007 \u001b[31mred\u202e';

/** A report whose every log-derived string is hostile. */
function hostileReport(): Report {
  const cause = finding({
    id: 'kind-case-mismatch',
    key: `kind-case-mismatch:${HOSTILE}`,
    origin: 'registry',
    family: 'kind-near-miss',
    title: `Kind ${HOSTILE}`,
    diagnosis: `The logs name ${HOSTILE} and \`kubectl get crd '${HOSTILE}'\`.`,
    likelyCauses: [HOSTILE],
    fixes: [`Edit: ${HOSTILE} → Widget.`, `Check: \`kubectl get widgets -n 'a<b>c'\``],
    objects: [{ kind: 'Widget', namespace: HOSTILE, name: HOSTILE, count: 2 }],
    evidence: [{ source: `${HOSTILE}.log`, line: 3, text: HOSTILE, namespace: HOSTILE, pod: 'p', container: 'c' }],
    causes: ['demo-signature:example.com/v1/Widget'],
  });
  const effect = finding({ causedBy: [cause.key], evidence: [{ source: 'op.log', line: 9, text: HOSTILE }] });
  const r = report([cause, effect], [`${HOSTILE}: unreadable`]);
  r.kinds = [{ group: 'example.com', version: 'v1', kind: 'Widget', resource: 'widgets', count: 3, findings: [cause.key, effect.key], problems: [HOSTILE], objects: [], objectsOmitted: 0 }];
  r.sources = [
    { source: `${HOSTILE}.log`, kind: 'log', layout: 'file', lines: 5, entries: 5, unparsed: 0, findings: [{ key: effect.key, count: 3 }], errors: 0, namespace: HOSTILE, pod: HOSTILE },
    { source: 'b.log', kind: 'log', layout: 'file', lines: 5, entries: 5, unparsed: 0, findings: [{ key: effect.key, count: 2 }], errors: 0 },
  ];
  r.detail = {
    timelines: { [effect.key]: hist(0, 1, 30) },
    // The second source failed first.
    sourceTimelines: [{ [effect.key]: hist(30) }, { [effect.key]: hist(0, 1) }],
    links: [{ cause: cause.key, effect: effect.key, rule: HOSTILE }],
  };
  return r;
}

describe('HTML report: untrusted text', () => {
  const html = renderHtml(hostileReport());

  it('escapes every log-derived string: no markup, no handler, no URL comes from the log', () => {
    // The only script is the page's own, and the only tags are the renderer's.
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).not.toMatch(/<img|<iframe|<object|<embed|<form|<base/i);
    // No attribute is an event handler (log text with ` onerror=` is text: its `<` is escaped),
    // and every link stays in the page.
    const tags = [...html.matchAll(/<[A-Za-z][^>]*>/g)].map((m) => m[0].replace(/"[^"]*"/g, '""'));
    expect(tags.length).toBeGreaterThan(50);
    expect(tags.filter((t) => /\son[a-z]+\s*=/i.test(t))).toEqual([]);
    for (const m of html.matchAll(/\b(?:href|src|action|xlink:href)\s*=\s*"([^"]*)"/g)) expect(m[1]).toMatch(/^#[A-Za-z0-9_-]+$/);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('javascript:alert(3)'); // as text only
  });

  it('shows terminal escapes and bidi controls visibly, never raw', () => {
    expect(html).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
    expect(html).toContain('\\x1b]8;;https://evil.example\\x07link');
    expect(html).toContain('\\u202e');
  });

  it('allows only its own style and script, by hash, and loads nothing', () => {
    const script = /<script>([\s\S]*)<\/script>/.exec(html)![1]!;
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    const sha = (s: string) => `'sha256-${createHash('sha256').update(s).digest('base64')}'`;
    expect(CSP).toBe(`default-src 'none'; style-src ${sha(style)}; script-src ${sha(script)}; img-src 'none'; base-uri 'none'; form-action 'none'`);
    expect(html).toContain(`<meta http-equiv="Content-Security-Policy" content="${CSP}">`);
    expect(html).not.toMatch(/https?:\/\/(?!evil\.example)/);
    expect(html).not.toMatch(/\sstyle="/);
  });

  it('keeps a command byte for byte in its block, log values quoted as the fix wrote them', () => {
    expect(html).toContain(`<div class="cmd"><pre><code>kubectl get widgets -n &#39;a&lt;b&gt;c&#39;</code></pre><button type="button" class="copy" aria-label="Copy the command">Copy</button></div>`);
  });
});

describe('HTML report: parts', () => {
  it('renders a command as a block with a copy button', () => {
    expect(commandBlock(`kubectl get crd podautoscalers.autoscaling.aibrix.ai -o jsonpath='{.spec.names.kind}'`)).toMatchInlineSnapshot(
      `"<div class="cmd"><pre><code>kubectl get crd podautoscalers.autoscaling.aibrix.ai -o jsonpath=&#39;{.spec.names.kind}&#39;</code></pre><button type="button" class="copy" aria-label="Copy the command">Copy</button></div>"`,
    );
  });

  it('takes every command of a fix out of its prose', () => {
    expect(fixHtml(fixParts('Check health: `kubectl get --raw=/readyz` and `kubectl get pods -A`.'))).toMatchInlineSnapshot(
      `"<p>Check health:</p><div class="cmd"><pre><code>kubectl get --raw=/readyz</code></pre><button type="button" class="copy" aria-label="Copy the command">Copy</button></div><p>and</p><div class="cmd"><pre><code>kubectl get pods -A</code></pre><button type="button" class="copy" aria-label="Copy the command">Copy</button></div>"`,
    );
    expect(fixHtml(fixParts('Use `PodAutoscaler` in the `ownerReferences`.'))).toMatchInlineSnapshot(
      `"<p>Use <code>PodAutoscaler</code> in the <code>ownerReferences</code>.</p>"`,
    );
  });

  it('draws a timeline on the axis all findings share, one bar per second with its count', () => {
    const f = finding();
    const r = report([f]);
    r.detail = { timelines: { [f.key]: hist(0, 0, 2) }, sourceTimelines: [], links: [] };
    const axis = sharedAxis(r)!;
    expect(axis).toEqual({ bucketMs: 1000, lo: T0 / 1000, hi: T0 / 1000 + 2 });
    expect(timelineSvg(f, r.detail.timelines[f.key]!, axis)).toMatchInlineSnapshot(
      `"<svg class="timeline sev-error" viewBox="0 0 3 24" preserveAspectRatio="none" role="img" aria-label="3 timed occurrences of demo-signature over time"><rect x="0.1" y="0" width="0.8" height="24"><title>2 × demo-signature in 2026-06-12T10:00:00Z – 2026-06-12T10:00:01Z
first: op.log:7  E0612 10:00:00.000000 1 widget.go:1] failed</title></rect><rect x="2.1" y="12" width="0.8" height="12"><title>1 × demo-signature in 2026-06-12T10:00:02Z – 2026-06-12T10:00:03Z</title></rect></svg>"`,
    );
  });

  it('draws the chain graph with each edge labelled by its rule, and swimlanes ordered by first failure', () => {
    const r = hostileReport();
    const graph = chainGraph(r)!;
    expect(graph.drawn).toBe(2);
    expect(graph.svg).toContain('class="edge-label"');
    expect(graph.svg).toContain('>&lt;script&gt;alert(1)&lt;/script&gt; &lt;img src=x one…<title>');
    expect(graph.svg.match(/<a href="#f-\d"/g)).toEqual(['<a href="#f-0"', '<a href="#f-1"']);
    const lanes = swimlanes(r, sharedAxis(r)!)!;
    expect(lanes.drawn).toBe(2);
    // b.log failed first: its lane comes first, though it was read second.
    expect([...lanes.html.matchAll(/class="lane-name" title="([^"]*)"/g)].map((m) => m[1])).toEqual(['b.log', expect.stringMatching(/^&lt;script&gt;.*\.log$/)]);
    expect(lanes.html).toContain('demo-signature ×2 in b.log\n2026-06-12T10:00:00Z – 2026-06-12T10:00:02Z\nfirst: op.log:9');
  });

  it('has no swimlanes for one source, and says so when nothing was timed', () => {
    const f = finding();
    const r = report([f]);
    expect(sharedAxis(r)).toBeNull();
    const html = renderHtml(r);
    expect(html).not.toContain('id="swimlanes"');
    expect(html).toContain('seen 2026-06-12T10:00:00.000Z … 2026-06-12T10:01:00.000Z');
  });

  it('stays bounded: timelines for the first findings only, a lane draws its first findings and counts the rest', () => {
    const many = Array.from({ length: MAX_TIMELINES + 1 }, (_, i) => finding({ key: `demo-signature:k${i}` }));
    const r = report(many);
    r.sources = [0, 1].map((n) => ({
      source: `s${n}.log`, kind: 'log' as const, layout: 'file', lines: 1, entries: 1, unparsed: 0, errors: 0,
      findings: many.slice(0, MAX_LANE_ROWS + 3).map((f) => ({ key: f.key, count: 1 })),
    }));
    r.detail = {
      timelines: Object.fromEntries(many.map((f, i) => [f.key, hist(i)])),
      sourceTimelines: r.sources.map(() => Object.fromEntries(many.slice(0, MAX_LANE_ROWS + 3).map((f, i) => [f.key, hist(i)]))),
      links: [],
    };
    const html = renderHtml(r);
    expect(html.match(/<svg class="timeline /g)).toHaveLength(MAX_TIMELINES);
    // The findings past the first ones in full: one row each, with their anchors (links still land).
    expect(html.match(/<article class="finding /g)).toHaveLength(MAX_DETAILED);
    expect(html).toContain(`<h3>1 more finding in brief</h3>`);
    expect(html).toContain(`<tr id="f-${MAX_DETAILED}" data-key="demo-signature:k${MAX_DETAILED}">`);
    expect(html.match(/<tr id="f-\d+"/g)).toHaveLength(many.length - MAX_DETAILED);
    const lanes = swimlanes(r, sharedAxis(r)!)!;
    expect(lanes.html.match(/<g class="c\d">/g)).toHaveLength(2 * MAX_LANE_ROWS);
    expect(lanes.html).toContain('<small>+3 more findings</small>');
  });
});
