/**
 * The pictures of the HTML report, drawn as SVG at report time (no script needed to see them):
 * a timeline per finding, swimlanes of sources × time, and the causal graph. Every text in them
 * is escaped (html-escape.ts); hovering a mark shows its `<title>`.
 *
 * Timelines and swimlanes share one time axis: the buckets of the union of every finding's
 * histogram (correlate/time-histogram.ts), each histogram coarsened to that width. Bars are drawn
 * in bucket units in an SVG that stretches to the page width; labels are HTML around it.
 */

import type { ChainLink, Finding, Report, SourceSummary, TimeHistogram } from '../model/finding.js';
import { atWidth, histogramTotal, unionHistogram } from '../correlate/time-histogram.js';
import { esc } from './html-escape.js';
import { sourceName } from './by-source.js';

/** Where findings are on the page: index in `report.findings` → anchor. */
export const anchor = (i: number): string => `f-${i}`;

export interface Axis {
  bucketMs: number;
  /** First and last bucket index. */
  lo: number;
  hi: number;
}

function own<T>(r: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(r, key) ? r[key] : undefined;
}

/** A finding's timed occurrences: its own, or (a finding derived by correlation) those of what it explains. */
export function findingHistogram(f: Finding, report: Report): TimeHistogram | null {
  const t = report.detail?.timelines ?? {};
  const mine = own(t, f.key);
  if (mine) return mine;
  const parts = f.causes.map((k) => own(t, k)).filter((h): h is TimeHistogram => h !== undefined);
  return parts.length > 0 ? unionHistogram(parts) : null;
}

/** The axis all charts share, or null when nothing was timed. */
export function sharedAxis(report: Report): Axis | null {
  const all = unionHistogram(Object.values(report.detail?.timelines ?? {}));
  const b = all.buckets;
  if (b.length === 0) return null;
  return { bucketMs: all.bucketMs, lo: b[0]!, hi: b[b.length - 2]! };
}

/** A time as the report shows it: ISO 8601 to the second, UTC. */
export function isoSecond(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The bucket's time span, in words. */
function bucketSpan(axis: Axis, index: number): string {
  const from = index * axis.bucketMs;
  return `${isoSecond(from)} – ${isoSecond(from + axis.bucketMs)}`;
}

function width(axis: Axis): number {
  return axis.hi - axis.lo + 1;
}

/** `[index, count]` pairs of `h` at the axis' width. */
function pairs(h: TimeHistogram, axis: Axis): [number, number][] {
  const at = atWidth(h, axis.bucketMs).buckets;
  const out: [number, number][] = [];
  for (let i = 0; i < at.length; i += 2) out.push([at[i]!, at[i + 1]!]);
  return out;
}

const CHART_HEIGHT = 24;

/** The axis under a chart: its first and last time. */
export function axisLabels(axis: Axis): string {
  const span = (axis.hi + 1 - axis.lo) * axis.bucketMs;
  return (
    `<div class="axis"><span>${esc(isoSecond(axis.lo * axis.bucketMs))}</span>` +
    `<span>${esc(`${formatDuration(axis.bucketMs)} per bar · ${formatDuration(span)} in all`)}</span>` +
    `<span>${esc(isoSecond((axis.hi + 1) * axis.bucketMs))}</span></div>`
  );
}

export function formatDuration(ms: number): string {
  const s = ms / 1000;
  if (s < 120) return `${Math.round(s)} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172800) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86400)} d`;
}

/** A finding's occurrences over the shared axis, one bar per bucket; each bar's title gives its count (the first's also the first evidence line). */
export function timelineSvg(f: Finding, h: TimeHistogram, axis: Axis): string {
  const bars = pairs(h, axis);
  const max = Math.max(...bars.map(([, n]) => n));
  const first = f.evidence[0];
  const firstLine = first ? `\nfirst: ${first.source}:${first.line}  ${cut(first.text, 160)}` : '';
  const rects = bars.map(([i, n], k) => {
    const hgt = Math.max(2, Math.round((n / max) * CHART_HEIGHT * 10) / 10);
    // The first bar holds the first occurrence: its title gives the first evidence line.
    const title = `${n.toLocaleString('en-US')} × ${f.id} in ${bucketSpan(axis, i)}${k === 0 ? firstLine : ''}`;
    return `<rect x="${i - axis.lo + 0.1}" y="${CHART_HEIGHT - hgt}" width="0.8" height="${hgt}"><title>${esc(title, true)}</title></rect>`;
  });
  const total = histogramTotal(h);
  return (
    `<svg class="timeline sev-${f.severity}" viewBox="0 0 ${width(axis)} ${CHART_HEIGHT}" preserveAspectRatio="none" role="img" ` +
    `aria-label="${esc(`${total} timed occurrences of ${f.id} over time`)}">${rects.join('')}</svg>`
  );
}

function cut(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n)}…` : s;
}

/** A lane's name: the pod and container (the part that differs) first, the namespace under it. */
function laneName(s: SourceSummary, more: number): string {
  const extra = more > 0 ? `+${more} more finding${more === 1 ? '' : 's'}` : undefined;
  if (s.kind === 'log' && s.pod !== undefined) {
    const main = [s.pod, s.container].filter((p): p is string => p !== undefined).join('/');
    const under = [s.namespace, s.previous ? 'previous instance' : undefined, extra].filter((p): p is string => p !== undefined).join(' · ');
    return `<span>${esc(main)}</span>${under ? `<small>${esc(under)}</small>` : ''}`;
  }
  return `<span>${esc(sourceName(s))}</span>${extra ? `<small>${esc(extra)}</small>` : ''}`;
}

/** Colours of the swimlanes, one per finding in order (CSS classes c0…c9; they repeat after ten). */
export const LANE_COLOURS = 10;
/** Most lanes drawn (the earliest to fail first). */
export const MAX_LANES = 150;
/** Most findings drawn in one lane (the first in report order); the lane's name counts the rest. */
export const MAX_LANE_ROWS = 12;

export interface Swimlanes {
  html: string;
  /** Lanes drawn and lanes with timed findings in all. */
  drawn: number;
  total: number;
}

/**
 * Sources × time: one lane per source with timed findings, ordered by when its first finding
 * occurred (input order on ties), each finding a colour; a mark's title gives the finding, its
 * count in that source, the span and the first evidence line from that source.
 */
export function swimlanes(report: Report, axis: Axis): Swimlanes | null {
  const sources = report.sources ?? [];
  const per = report.detail?.sourceTimelines ?? [];
  if (sources.length < 2 || per.length !== sources.length) return null;
  const order = new Map(report.findings.map((f, i) => [f.key, i]));
  const colour = new Map<string, number>();
  const lanes: { s: SourceSummary; at: number; input: number; rows: { key: string; h: TimeHistogram; count: number }[]; more: number }[] = [];
  sources.forEach((s, input) => {
    const rows = s.findings
      .filter((x) => order.has(x.key) && Object.hasOwn(per[input]!, x.key))
      .map((x) => ({ key: x.key, h: per[input]![x.key]!, count: x.count }))
      .sort((a, b) => order.get(a.key)! - order.get(b.key)!);
    if (rows.length === 0) return;
    const at = Math.min(...rows.map((r) => atWidth(r.h, axis.bucketMs).buckets[0]!));
    lanes.push({ s, at, input, rows: rows.slice(0, MAX_LANE_ROWS), more: rows.length - Math.min(rows.length, MAX_LANE_ROWS) });
  });
  if (lanes.length < 2) return null;
  lanes.sort((a, b) => a.at - b.at || a.input - b.input);
  const drawn = lanes.slice(0, MAX_LANES);
  // Colours by story order of the findings drawn, so the legend reads like the report.
  const keys = [...new Set(drawn.flatMap((l) => l.rows.map((r) => r.key)))].sort((a, b) => order.get(a)! - order.get(b)!);
  keys.forEach((k, i) => colour.set(k, i % LANE_COLOURS));
  const byKey = new Map(report.findings.map((f) => [f.key, f]));
  const out: string[] = ['<div class="lanes">'];
  for (const lane of drawn) {
    const rowH = 7;
    const hgt = Math.max(14, lane.rows.length * rowH);
    const marks = lane.rows.map((r, row) => {
      const f = byKey.get(r.key)!;
      const ps = pairs(r.h, axis);
      const y = (hgt - lane.rows.length * rowH) / 2 + row * rowH;
      const ev = f.evidence.find((e) => e.source === lane.s.source) ?? f.evidence[0];
      const from = ps[0]![0] * axis.bucketMs;
      const to = (ps[ps.length - 1]![0] + 1) * axis.bucketMs;
      const title =
        `${f.id} ×${r.count.toLocaleString('en-US')} in ${sourceName(lane.s)}\n${isoSecond(from)} – ${isoSecond(to)}` +
        (ev ? `\nfirst: ${ev.source}:${ev.line}  ${cut(ev.text, 160)}` : '');
      // Neighbouring buckets with occurrences are drawn as one mark.
      const runs: [number, number][] = [];
      for (const [i] of ps) {
        const last = runs[runs.length - 1];
        if (last && last[1] === i - 1) last[1] = i;
        else runs.push([i, i]);
      }
      const rects = runs.map(([a, b]) => `<rect x="${a - axis.lo}" y="${y}" width="${b - a + 1}" height="${rowH - 1}"/>`).join('');
      return `<g class="c${colour.get(r.key)}"><title>${esc(title, true)}</title>${rects}</g>`;
    });
    out.push(
      `<div class="lane"><div class="lane-name" title="${esc(lane.s.source)}">${laneName(lane.s, lane.more)}</div>` +
        `<svg viewBox="0 0 ${width(axis)} ${hgt}" height="${hgt + 2}" preserveAspectRatio="none" role="img" aria-label="${esc(`findings of ${sourceName(lane.s)} over time`)}">` +
        `${marks.join('')}</svg></div>`,
    );
  }
  out.push('</div>', axisLabels(axis));
  out.push('<ul class="legend">');
  for (const k of keys) {
    const f = byKey.get(k)!;
    out.push(`<li><span class="swatch c${colour.get(k)}"></span><a href="#${anchor(order.get(k)!)}">${esc(f.id)}</a> ${esc(f.title)}</li>`);
  }
  out.push('</ul>');
  return { html: out.join('\n'), drawn: drawn.length, total: lanes.length };
}

/** Most findings drawn in the causal graph (whole chains, the first in report order). */
export const MAX_GRAPH_NODES = 120;

const NODE_W = 270;
const NODE_H = 46;
const COL_GAP = 280;
const ROW_GAP = 18;
const PAD = 10;

export interface ChainGraph {
  svg: string;
  drawn: number;
  total: number;
}

/**
 * Root causes and what follows from them, left to right: each chain (a connected set of linked
 * findings) in its own band, each finding in the column of its longest path from a root cause;
 * an edge is labelled with the chain rule that linked the two. Nodes link to their findings.
 */
export function chainGraph(report: Report): ChainGraph | null {
  const links: ChainLink[] = report.detail?.links ?? [];
  if (links.length === 0) return null;
  const index = new Map(report.findings.map((f, i) => [f.key, i]));
  const usable = links.filter((l) => index.has(l.cause) && index.has(l.effect));
  const out = new Map<string, ChainLink[]>();
  const into = new Map<string, ChainLink[]>();
  for (const l of usable) {
    (out.get(l.cause) ?? out.set(l.cause, []).get(l.cause)!).push(l);
    (into.get(l.effect) ?? into.set(l.effect, []).get(l.effect)!).push(l);
  }
  // Chains: connected sets of linked findings, in the order their first finding is listed.
  const component = new Map<string, number>();
  const chains: string[][] = [];
  for (const f of report.findings) {
    if (component.has(f.key) || (!out.has(f.key) && !into.has(f.key))) continue;
    const members: string[] = [];
    const stack = [f.key];
    component.set(f.key, chains.length);
    while (stack.length > 0) {
      const k = stack.pop()!;
      members.push(k);
      for (const l of [...(out.get(k) ?? []), ...(into.get(k) ?? [])]) {
        for (const n of [l.cause, l.effect]) {
          if (!component.has(n)) {
            component.set(n, chains.length);
            stack.push(n);
          }
        }
      }
    }
    chains.push(members.sort((a, b) => index.get(a)! - index.get(b)!));
  }
  const total = chains.reduce((n, c) => n + c.length, 0);
  const drawnChains: string[][] = [];
  let nodes = 0;
  for (const c of chains) {
    if (nodes > 0 && nodes + c.length > MAX_GRAPH_NODES) break;
    drawnChains.push(c.slice(0, MAX_GRAPH_NODES));
    nodes += Math.min(c.length, MAX_GRAPH_NODES);
  }
  const pos = new Map<string, { x: number; y: number }>();
  let top = PAD;
  let maxCols = 1;
  for (const members of drawnChains) {
    const inChain = new Set(members);
    const depth = new Map<string, number>();
    // Longest path from a root: links never form a cycle; a bounded relaxation settles it.
    for (const k of members) depth.set(k, 0);
    for (let round = 0; round < members.length; round++) {
      let changed = false;
      for (const k of members) {
        for (const l of out.get(k) ?? []) {
          if (!inChain.has(l.effect)) continue;
          const d = depth.get(k)! + 1;
          if (d > depth.get(l.effect)!) {
            depth.set(l.effect, d);
            changed = true;
          }
        }
      }
      if (!changed) break;
    }
    const columns: string[][] = [];
    for (const k of members) (columns[depth.get(k)!] ??= []).push(k);
    let rows = 0;
    columns.forEach((col, c) => {
      col.forEach((k, r) => pos.set(k, { x: PAD + c * (NODE_W + COL_GAP), y: top + r * (NODE_H + ROW_GAP) }));
      rows = Math.max(rows, col.length);
    });
    maxCols = Math.max(maxCols, columns.length);
    top += rows * (NODE_H + ROW_GAP) + ROW_GAP;
  }
  const w = PAD * 2 + maxCols * NODE_W + (maxCols - 1) * COL_GAP;
  const h = top - 2 * ROW_GAP + PAD;
  const parts: string[] = [
    `<svg class="graph" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}" role="img" aria-label="causal chains: root causes and their consequences">`,
    '<defs><marker id="arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z"/></marker></defs>',
  ];
  const edgeLabels: string[] = [];
  for (const l of usable) {
    const a = pos.get(l.cause);
    const b = pos.get(l.effect);
    if (!a || !b) continue;
    const x1 = a.x + NODE_W;
    const y1 = a.y + NODE_H / 2;
    const x2 = b.x;
    const y2 = b.y + NODE_H / 2;
    const mx = (x1 + x2) / 2;
    parts.push(`<path class="edge" d="M${x1},${y1}C${mx},${y1} ${mx},${y2} ${x2 - 2},${y2}" marker-end="url(#arrow)"><title>${esc(l.rule)}</title></path>`);
    // The label sits on the middle of its edge (the edges of one cause part there).
    edgeLabels.push(`<text class="edge-label" x="${mx}" y="${(y1 + y2) / 2 + 4}" text-anchor="middle" data-rule="${esc(l.rule)}">${esc(cut(l.rule, 40))}<title>${esc(l.rule)}</title></text>`);
  }
  for (const [key, p] of pos) {
    const i = index.get(key)!;
    const f = report.findings[i]!;
    const root = f.causedBy.length === 0;
    parts.push(
      `<a href="#${anchor(i)}" class="node sev-${f.severity}${root ? ' root' : ''}" data-key="${esc(key)}">` +
        `<title>${esc(`${f.severity.toUpperCase()} ${f.id} ×${f.count}: ${f.title}`)}</title>` +
        `<rect x="${p.x}" y="${p.y}" width="${NODE_W}" height="${NODE_H}" rx="6"/>` +
        `<rect class="bar" x="${p.x}" y="${p.y}" width="6" height="${NODE_H}" rx="2"/>` +
        `<text x="${p.x + 14}" y="${p.y + 18}" class="node-id">${esc(cut(`${f.id} ×${f.count.toLocaleString('en-US')}`, 34))}</text>` +
        `<text x="${p.x + 14}" y="${p.y + 36}" class="node-title">${esc(cut(f.title, 38))}</text></a>`,
    );
  }
  parts.push(...edgeLabels, '</svg>');
  return { svg: parts.join('\n'), drawn: pos.size, total };
}
