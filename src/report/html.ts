/**
 * `-o html` / `--html FILE`: the diagnosis as one self-contained page — summary, the causal graph,
 * swimlanes of sources × time, each finding with its timeline, fixes and evidence, the kinds
 * table. Nothing is loaded from anywhere: styles and the one small script are inline, allowed by
 * their hashes in a Content-Security-Policy that forbids every other source, inline event
 * handlers included. Log text is escaped everywhere (html-escape.ts) and never becomes markup.
 */

import { createHash } from 'node:crypto';
import type { Finding, KindSummary, Report, Severity } from '../model/finding.js';
import { SEVERITIES } from '../model/finding.js';
import { kindLabel, objectLabel } from '../correlate/aggregate.js';
import { kindKey } from '../correlate/gvk.js';
import { evidenceOrigin } from './evidence-origin.js';
import { esc } from './html-escape.js';
import { anchor, axisLabels, chainGraph, findingHistogram, sharedAxis, swimlanes, timelineSvg, type Axis } from './html-charts.js';
import { fixParts, logLiterals, richParts, type Part } from './rich-text.js';
import { filtersLine, moreObjects, nothingFound, omittedLines, plural, summaryLine } from './text.js';
import { terminalSafe as safe } from './terminal-safe.js';
import { clipExample, groupFields, NEW_SIGNATURE_HINT, UNKNOWN_SHOWN, unknownTotalLine } from './unknown.js';
import { baselineLines } from './baseline.js';
import { ignoreLines } from './ignore.js';

const STYLE = `
:root{--fg:#1d232b;--muted:#5b6673;--bg:#fff;--panel:#f5f7fa;--line:#d9dee5;--code:#f0f2f5;
--critical:#a4161a;--error:#d9480f;--warning:#c98a00;--info:#1c6fc4;--accent:#3b5bdb;--near:#fff4d6}
*{box-sizing:border-box}
body{margin:0;overflow-wrap:break-word;font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
main{max-width:1120px;margin:0 auto;padding:16px}
h1{font-size:1.5rem;margin:.2em 0}h2{font-size:1.25rem;margin:1.6em 0 .5em;border-bottom:1px solid var(--line);padding-bottom:.2em}
h3{font-size:1.05rem;margin:0 0 .4em;display:flex;flex-wrap:wrap;gap:.4em;align-items:baseline}
h4{font-size:.95rem;margin:1em 0 .3em}
a{color:var(--accent)}
code,pre{font:13px/1.45 ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace}
code{background:var(--code);padding:0 .25em;border-radius:3px;overflow-wrap:anywhere}
pre{margin:0;background:var(--code);padding:.5em .7em;border-radius:4px;overflow-x:auto}
pre code{background:none;padding:0;overflow-wrap:normal}
.summary{color:var(--muted)}
.chips{display:flex;flex-wrap:wrap;gap:.5em;margin:.6em 0;padding:0;list-style:none}
.chip{border-radius:999px;padding:.15em .75em;font-weight:600;border:1px solid var(--line);background:var(--panel)}
.chip.sev-critical,.chip.sev-error,.chip.sev-warning,.chip.sev-info{color:#fff;border:none}
.chip.zero{opacity:.45}
.sev-critical{--sev:var(--critical)}.sev-error{--sev:var(--error)}.sev-warning{--sev:var(--warning)}.sev-info{--sev:var(--info)}
.chip[class*=sev-]{background:var(--sev)}
.inputs{display:grid;grid-template-columns:repeat(auto-fill,minmax(150px,1fr));gap:.3em 1em;margin:.5em 0;padding:0;list-style:none;font-size:.9rem}
.inputs b{font-variant-numeric:tabular-nums}
.errors{border-left:4px solid var(--warning);background:#fff8e6;padding:.4em .8em;margin:.6em 0}
.errors li{overflow-wrap:anywhere}
.scroll{overflow-x:auto;border:1px solid var(--line);border-radius:6px;background:var(--panel)}
svg.graph{display:block}
.node rect{fill:#fff;stroke:var(--sev);stroke-width:1.5}.node rect.bar{fill:var(--sev);stroke:none}
.node.root rect{stroke-width:3}
.node text{fill:var(--fg);font:12px system-ui,sans-serif}.node .node-id{font-weight:700;font-family:ui-monospace,Menlo,Consolas,monospace}
.node:hover rect{fill:#eef2ff}
.edge{fill:none;stroke:#7b8794;stroke-width:1.5}
marker path{fill:#7b8794}
.edge-label{font:11px ui-monospace,Menlo,Consolas,monospace;fill:#39424e;paint-order:stroke;stroke:var(--panel);stroke-width:4px;stroke-linejoin:round}
.finding{border:1px solid var(--line);border-left:6px solid var(--sev);border-radius:6px;padding:12px 14px;margin:14px 0;background:#fff;content-visibility:auto;contain-intrinsic-size:auto 480px}
.sev{color:#fff;background:var(--sev);border-radius:4px;padding:0 .45em;font-size:.8rem;font-weight:700;letter-spacing:.03em}
.count{color:var(--muted);font-variant-numeric:tabular-nums}
.tag{border:1px solid var(--sev);color:var(--sev);border-radius:4px;padding:0 .4em;font-size:.8rem;font-weight:600}
dl.meta{display:grid;grid-template-columns:max-content 1fr;gap:.15em .9em;margin:.4em 0;font-size:.9rem}
dl.meta dt{color:var(--muted)}dl.meta dd{margin:0;overflow-wrap:anywhere}
.chart{margin:.5em 0}
svg.timeline{display:block;width:100%;height:34px;background:var(--panel);border-radius:3px}
svg.timeline rect{fill:var(--sev)}svg.timeline rect:hover{fill:var(--fg)}
.axis{display:flex;justify-content:space-between;gap:.5em;font-size:.75rem;color:var(--muted);flex-wrap:wrap}
.fixes li,.causes li{margin:.3em 0}
.cmd{position:relative;margin:.35em 0}
.cmd pre{padding-right:4.8em}
.copy{position:absolute;top:4px;right:4px;font:12px system-ui,sans-serif;padding:.2em .6em;border:1px solid var(--line);border-radius:4px;background:#fff;cursor:pointer}
.copy:hover{background:var(--panel)}
.evidence{list-style:none;padding:0;margin:0}
.evidence li{margin:.35em 0}
.evidence .where{font-size:.8rem;color:var(--muted);overflow-wrap:anywhere}
.evidence pre{white-space:pre-wrap;overflow-wrap:anywhere}
details{margin:.5em 0}summary{cursor:pointer;color:var(--muted)}
.lanes{display:grid;grid-template-columns:minmax(120px,340px) 1fr;gap:3px 10px;align-items:center}
.lane{display:contents}
.lane-name{font:12px/1.25 ui-monospace,Menlo,Consolas,monospace;text-align:right;min-width:0}
.lane-name span,.lane-name small{display:block;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.lane-name small{color:var(--muted);font-size:10px}
.lane svg{display:block;width:100%;background:var(--panel)}
.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:.3em 1.2em;font-size:.85rem}
.swatch{display:inline-block;width:.9em;height:.9em;border-radius:2px;margin-right:.3em;vertical-align:-.1em}
.c0{fill:#1f77b4;background:#1f77b4}.c1{fill:#d62728;background:#d62728}.c2{fill:#2ca02c;background:#2ca02c}.c3{fill:#ff7f0e;background:#ff7f0e}
.c4{fill:#9467bd;background:#9467bd}.c5{fill:#8c564b;background:#8c564b}.c6{fill:#e377c2;background:#e377c2}.c7{fill:#17becf;background:#17becf}
.c8{fill:#bcbd22;background:#bcbd22}.c9{fill:#7f7f7f;background:#7f7f7f}
table{border-collapse:collapse;width:100%;font-size:.9rem}
th,td{border-bottom:1px solid var(--line);padding:.35em .5em;text-align:left;vertical-align:top}
td{overflow-wrap:anywhere}
th{background:var(--panel)}
tr.near-miss td{background:var(--near)}
.seen{color:var(--critical);font-weight:600}.registered{color:#2b8a3e;font-weight:600}
.table-wrap{overflow-x:auto}
.note{color:var(--muted);font-size:.85rem}
footer{color:var(--muted);font-size:.8rem;margin:2em 0 1em}
.offscreen{position:fixed;left:-9999px;top:0}
@media (max-width:640px){main{padding:10px}body{font-size:14px}
.lanes{grid-template-columns:1fr}.lane-name{text-align:left}
dl.meta{grid-template-columns:1fr}dl.meta dt{margin-top:.3em}
.kinds-table thead{display:none}.kinds-table tr{display:block;border-bottom:1px solid var(--line);padding:.3em 0}.kinds-table td{display:block;border:none;padding:.1em .3em}
.kinds-table td[data-label]::before{content:attr(data-label) ": ";color:var(--muted)}}
`;

/** Copy buttons: listeners attached here (the policy allows no inline handlers); copies the command's text as shown. */
const SCRIPT = `
(function () {
  function fallback(text) {
    var area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.className = 'offscreen';
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
    document.body.removeChild(area);
    return ok;
  }
  function done(button, ok) {
    button.textContent = ok ? 'Copied' : 'Select and copy';
    setTimeout(function () { button.textContent = 'Copy'; }, 1500);
  }
  var buttons = document.querySelectorAll('button.copy');
  for (var i = 0; i < buttons.length; i++) {
    buttons[i].addEventListener('click', function (event) {
      var button = event.currentTarget;
      var code = button.parentNode.querySelector('code');
      var text = code ? code.textContent : '';
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(text).then(function () { done(button, true); }, function () { done(button, fallback(text)); });
      } else {
        done(button, fallback(text));
      }
    });
  }
})();
`;

const hash = (s: string): string => `'sha256-${createHash('sha256').update(s, 'utf8').digest('base64')}'`;

/** Nothing from anywhere: only the inline style and script above, by hash; no handlers, no forms, no base. */
export const CSP = `default-src 'none'; style-src ${hash(STYLE)}; script-src ${hash(SCRIPT)}; img-src 'none'; base-uri 'none'; form-action 'none'`;

/** Inline parts: running text escaped, code as `<code>`. */
function inline(parts: readonly Part[]): string {
  return parts.map((p) => (p.kind === 'text' ? esc(p.text) : `<code>${esc(p.text)}</code>`)).join('');
}

/** A command as a block with a copy button; the button copies the block's text, which is the command byte for byte. */
export function commandBlock(command: string): string {
  return `<div class="cmd"><pre><code>${esc(command)}</code></pre><button type="button" class="copy" aria-label="Copy the command">Copy</button></div>`;
}

/**
 * A fix: its prose with every shell command taken out into a block of its own (punctuation left
 * alone after a command is dropped, as the text report does).
 */
export function fixHtml(parts: readonly Part[]): string {
  const out: string[] = [];
  let para: Part[] = [];
  const flush = () => {
    if (para.some((p) => p.kind === 'code' || !/^[\s.,;:]*$/.test(p.text))) out.push(`<p>${inline(para).trim()}</p>`);
    para = [];
  };
  for (const p of parts) {
    if (p.kind === 'code' && p.command) {
      flush();
      out.push(commandBlock(p.text));
    } else para.push(p);
  }
  flush();
  return out.join('');
}

function sevChips(report: Report): string {
  const counts = new Map<Severity, number>(SEVERITIES.map((s) => [s, 0]));
  for (const f of report.findings) counts.set(f.severity, counts.get(f.severity)! + 1);
  return (
    '<ul class="chips" aria-label="findings by severity">' +
    SEVERITIES.map((s) => `<li class="chip sev-${s}${counts.get(s) === 0 ? ' zero' : ''}">${counts.get(s)} ${s}</li>`).join('') +
    '</ul>'
  );
}

function inputsList(report: Report): string {
  const s = report.stats;
  const items: [string, string][] = [
    ['sources', s.sources.toLocaleString('en-US')],
    ['lines', s.lines.toLocaleString('en-US')],
    ['entries', s.entries.toLocaleString('en-US')],
    ['bytes', s.bytes.toLocaleString('en-US')],
  ];
  if (s.unparsed > 0) items.push(['in no known format', s.unparsed.toLocaleString('en-US')]);
  if (s.truncated > 0) items.push(['lines cut', s.truncated.toLocaleString('en-US')]);
  const i = s.inputs;
  if (i) {
    items.push(['files', i.files.toLocaleString('en-US')], ['logs', i.logs.toLocaleString('en-US')]);
    if (i.archives > 0) items.push(['archives', i.archives.toLocaleString('en-US')]);
    if (i.eventLists > 0) items.push(['event lists', i.eventLists.toLocaleString('en-US')]);
    if (i.manifests > 0) items.push(['manifests', `${i.manifests.toLocaleString('en-US')} (${plural(i.bundleKinds, 'kind')})`]);
    if (i.duplicates > 0) items.push(['duplicate logs dropped', i.duplicates.toLocaleString('en-US')]);
    for (const [why, n] of Object.entries(i.skipped)) items.push([`skipped: ${why}`, n.toLocaleString('en-US')]);
  }
  const formats = Object.entries(s.byFormat).map(([k, n]) => `${k} ${n.toLocaleString('en-US')}`);
  if (formats.length > 0) items.push(['formats', formats.join(', ')]);
  return `<ul class="inputs">${items.map(([k, v]) => `<li>${esc(k)}: <b>${esc(v)}</b></li>`).join('')}</ul>`;
}

function findingLink(key: string, index: Map<string, number>, byKey: Map<string, Finding>): string {
  const i = index.get(key);
  const f = byKey.get(key);
  return i === undefined || !f ? `<code>${esc(key)}</code>` : `<a href="#${anchor(i)}"><code>${esc(f.id)}</code></a>`;
}

/**
 * Findings shown in full, each with its timeline (the first in report order); later ones get one
 * table row each, so that a bundle with thousands of findings still gives a page that opens at once.
 */
export const MAX_DETAILED = 100;
export const MAX_TIMELINES = MAX_DETAILED;

function timeline(f: Finding, i: number, report: Report, axis: Axis | null): string {
  const seen = f.firstSeen ? (f.firstSeen === f.lastSeen ? esc(f.firstSeen) : `${esc(f.firstSeen)} … ${esc(f.lastSeen ?? '')}`) : '';
  const h = axis && i < MAX_TIMELINES ? findingHistogram(f, report) : null;
  if (!axis || !h) return seen ? `<p class="note">seen ${seen}</p>` : '';
  return `<div class="chart">${timelineSvg(f, h, axis)}${axisLabels(axis)}</div>`;
}

function renderFinding(f: Finding, i: number, report: Report, axis: Axis | null, index: Map<string, number>, byKey: Map<string, Finding>): string {
  const literals = logLiterals(f).map((l) => safe(l));
  const rich = (s: string) => inline(richParts(safe(s), literals));
  const root = f.causes.length > 0 && f.causedBy.length === 0;
  const out: string[] = [
    `<article class="finding sev-${f.severity}" id="${anchor(i)}" data-key="${esc(f.key)}">`,
    `<h3><span class="sev">${f.severity.toUpperCase()}</span><span class="title">${esc(f.title)}</span>` +
      `<code class="id">${esc(f.id)}</code><span class="count">×${f.count.toLocaleString('en-US')}</span>${root ? '<span class="tag">root cause</span>' : ''}</h3>`,
  ];
  const rows: [string, string][] = [];
  if (f.kinds.length > 0) rows.push(['kinds', f.kinds.map((k) => `<code>${esc(kindLabel(k))}</code>`).join(', ')]);
  if (f.objects.length > 0) {
    rows.push(['objects', f.objects.map((o) => `<code>${esc(objectLabel(o))}</code> (${o.count.toLocaleString('en-US')})`).join(', ') + esc(moreObjects(0, f.objectsOmitted))]);
  }
  if (f.firstSeen) rows.push(['first seen', esc(f.firstSeen)], ['last seen', esc(f.lastSeen ?? f.firstSeen)]);
  if (f.causedBy.length > 0) rows.push(['caused by', f.causedBy.map((k) => findingLink(k, index, byKey)).join(', ')]);
  if (f.causes.length > 0) rows.push(['causes', f.causes.map((k) => findingLink(k, index, byKey)).join(', ')]);
  if (rows.length > 0) out.push(`<dl class="meta">${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>`);
  out.push(timeline(f, i, report, axis));
  out.push(`<p class="diagnosis">${rich(f.diagnosis)}</p>`);
  const advice = [
    `<h4>Why</h4><p>${rich(f.explanation)}</p>`,
    `<h4>Likely causes</h4><ol class="causes">${f.likelyCauses.map((c) => `<li>${rich(c)}</li>`).join('')}</ol>`,
    `<h4>Fix</h4><ol class="fixes">${f.fixes.map((c) => `<li>${fixHtml(fixParts(safe(c), literals))}</li>`).join('')}</ol>`,
  ].join('');
  if (f.causedBy.length === 0) out.push(advice);
  else {
    const roots = f.causedBy.map((k) => findingLink(k, index, byKey)).join(', ');
    out.push(`<p class="note">Fix the root cause first: ${roots}.</p><details><summary>This finding's own advice</summary>${advice}</details>`);
  }
  if (f.evidence.length > 0) {
    out.push('<h4>Evidence</h4><ul class="evidence">');
    for (const e of f.evidence) {
      const origin = evidenceOrigin(e);
      out.push(`<li><div class="where">${origin ? `${esc(origin)} · ` : ''}<code>${esc(e.source)}:${e.line}</code></div><pre><code>${esc(e.text)}</code></pre></li>`);
    }
    out.push('</ul>');
  }
  out.push('</article>');
  return out.join('\n');
}

/** The findings past MAX_DETAILED, one row each (the row keeps the finding's anchor, so links still land). */
function briefFindings(report: Report, from: number): string {
  const rest = report.findings.slice(from);
  const rows = rest.map((f, j) => {
    const e = f.evidence[0];
    const kinds = f.kinds.slice(0, 3).map((k) => `<code>${esc(kindLabel(k))}</code>`).join(', ') + (f.kinds.length > 3 ? ', …' : '');
    return (
      `<tr id="${anchor(from + j)}" data-key="${esc(f.key)}"><td class="sev sev-${f.severity}">${f.severity.toUpperCase()}</td><td><code class="id">${esc(f.id)}</code></td>` +
      `<td>×${f.count.toLocaleString('en-US')}</td><td>${esc(f.title)}</td><td>${kinds}</td><td>${e ? `<code>${esc(e.source)}:${e.line}</code>` : ''}</td></tr>`
    );
  });
  return [
    `<h3>${plural(rest.length, 'more finding')} in brief</h3>`,
    `<p class="note">The first ${MAX_DETAILED} findings are shown in full; for the others, <code>-o json</code>, <code>-o text</code> or <code>--only ID</code> give the diagnosis and fixes.</p>`,
    '<div class="scroll"><table class="brief"><thead><tr><th>severity</th><th>id</th><th>count</th><th>title</th><th>kinds</th><th>first evidence</th></tr></thead><tbody>',
    ...rows,
    '</tbody></table></div>',
  ].join('\n');
}

/** The kinds table: each kind with its count, findings and problems; near misses say what is registered and the edit. */
function kindsTable(report: Report, index: Map<string, number>, byKey: Map<string, Finding>): string {
  if (report.kinds.length === 0) return '<p>No finding names a kind.</p>';
  const nearMiss = new Map<string, Finding>();
  for (const f of report.findings) if (f.origin === 'registry' && f.kinds[0]) nearMiss.set(kindKey(f.kinds[0]), f);
  const rows = report.kinds.map((k: KindSummary) => {
    const miss = nearMiss.get(kindKey(k));
    const problems = k.problems.map((p) => `<div>${esc(p)}</div>`).join('');
    let near = '';
    if (miss) {
      const registered = miss.kinds[1];
      const edit = miss.fixes[0]?.startsWith('Edit: ') ? miss.fixes[0].slice('Edit: '.length).replace(/\.$/, '') : null;
      near =
        `<div>seen <span class="seen">${esc(kindLabel(k))}</span>${registered ? ` · registered <span class="registered">${esc(kindLabel(registered))}</span>` : ''}</div>` +
        (edit ? `<div>edit: <code>${esc(edit)}</code></div>` : '') +
        `<div>${findingLink(miss.key, index, byKey)}</div>`;
    }
    const findings = k.findings.map((key) => findingLink(key, index, byKey)).join(', ');
    const objects = k.objects.length > 0 ? `<div class="note">objects: ${esc(k.objects.slice(0, 10).map((o) => `${objectLabel(o)} (${o.count})`).join(', ') + moreObjects(Math.max(0, k.objects.length - 10), k.objectsOmitted))}</div>` : '';
    return (
      `<tr${k.problems.length > 0 || miss ? ' class="near-miss"' : ''}><td><code>${esc(kindLabel(k))}</code></td>` +
      `<td${k.resource ? ' data-label="resource"' : ''}>${esc(k.resource ?? '')}</td>` +
      `<td data-label="occurrences">${k.count.toLocaleString('en-US')}</td><td>${findings}${objects}</td><td>${problems}${near}</td></tr>`
    );
  });
  const more = report.omitted?.kinds ? `<p class="note">${plural(report.omitted.kinds, 'more kind')} not listed</p>` : '';
  return (
    '<div class="table-wrap"><table class="kinds-table"><thead><tr><th>kind</th><th>resource</th><th>occurrences</th><th>findings</th><th>problem · near miss</th></tr></thead><tbody>' +
    rows.join('\n') +
    `</tbody></table></div>${more}`
  );
}

/** The unrecognised-error groups: the largest, each with its template, fields and example lines. */
function unknownSection(report: Report): string {
  const total = unknownTotalLine(report);
  if (total === null) return '';
  const out = ['<section id="unknown"><h2>Unrecognised errors</h2>', '<p class="note">Error lines no signature knows, grouped by message (variable parts as &lt;*&gt;).</p>'];
  for (const g of (report.unknown ?? []).slice(0, UNKNOWN_SHOWN)) {
    out.push(
      `<article class="finding unknown sev-info" data-group="${esc(g.id)}"><h3><code class="id">${esc(g.id)}</code><span class="count">×${g.count.toLocaleString('en-US')}</span></h3>` +
        `<pre><code>${esc(g.template)}</code></pre>` +
        `<dl class="meta">${groupFields(g).map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>` +
        `<ul class="evidence">${g.examples.map((e) => `<li><div class="where"><code>${esc(e.source)}:${e.line}</code></div><pre><code>${esc(clipExample(e.text))}</code></pre></li>`).join('')}</ul></article>`,
    );
  }
  out.push(`<p>${esc(total)}</p>`, `<p class="note">${esc(NEW_SIGNATURE_HINT)}</p>`, '</section>');
  return out.join('\n');
}

export function renderHtml(report: Report): string {
  const index = new Map(report.findings.map((f, i) => [f.key, i]));
  const byKey = new Map(report.findings.map((f) => [f.key, f]));
  const axis = sharedAxis(report);
  const total = report.findings.length + (report.omitted?.findings ?? 0);
  const body: string[] = [];
  body.push('<header>', '<h1>kube-log-doctor diagnosis</h1>', `<p class="summary">${esc(summaryLine(report))}</p>`);
  const filters = filtersLine(report);
  if (filters !== null) body.push(`<p class="summary">filters: ${esc(filters)}</p>`);
  body.push(sevChips(report), inputsList(report));
  const compared = baselineLines(report);
  if (compared.length > 0) body.push(`<p><b>${esc(compared[0]!)}</b></p><ul>${compared.slice(1).map((l) => `<li>${esc(l)}</li>`).join('')}</ul>`);
  const ignoring = ignoreLines(report);
  if (ignoring.length > 0) body.push(`<ul class="note">${ignoring.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>`);
  if (report.stats.errors.length > 0) {
    body.push(`<div class="errors"><b>${plural(report.stats.errors.length, 'input error')}</b><ul>${report.stats.errors.map((e) => `<li>${esc(e)}</li>`).join('')}</ul></div>`);
  }
  body.push('</header>');
  if (report.findings.length === 0) {
    const [head, ...inputs] = nothingFound(report);
    body.push(`<p>${esc(head!)}</p>`);
    if (inputs.length > 0) body.push(`<ul>${inputs.map((l) => `<li>${esc(l.trim())}</li>`).join('')}</ul>`);
  }
  const graph = chainGraph(report);
  if (graph) {
    body.push('<section id="chains"><h2>Root causes and what follows from them</h2>');
    body.push('<p class="note">Each arrow goes from a cause to a consequence and is labelled with the chain rule that links them; a box opens its finding.</p>');
    body.push(`<div class="scroll">${graph.svg}</div>`);
    if (graph.drawn < graph.total) body.push(`<p class="note">${plural(graph.total - graph.drawn, 'more linked finding')} not drawn; they are listed below.</p>`);
    body.push('</section>');
  }
  const lanes = axis ? swimlanes(report, axis) : null;
  if (lanes) {
    body.push('<section id="swimlanes"><h2>Sources over time</h2>');
    body.push('<p class="note">One lane per source, the earliest to fail first; each finding has its colour. Hover a mark for its count and first evidence line.</p>');
    body.push(lanes.html);
    if (lanes.drawn < lanes.total) body.push(`<p class="note">${plural(lanes.total - lanes.drawn, 'more source')} with findings not drawn.</p>`);
    body.push('</section>');
  }
  if (report.findings.length > 0) {
    body.push(`<section id="findings"><h2>${plural(total, 'finding')}</h2>`);
    report.findings.slice(0, MAX_DETAILED).forEach((f, i) => body.push(renderFinding(f, i, report, axis, index, byKey)));
    if (report.findings.length > MAX_DETAILED) body.push(briefFindings(report, MAX_DETAILED));
    const omitted = omittedLines(report);
    if (omitted.length > 0) body.push(`<h3>Not listed</h3><ul>${omitted.map((l) => `<li>${esc(l)}</li>`).join('')}</ul>`);
    body.push('</section>');
  }
  body.push(unknownSection(report));
  body.push('<section id="kinds"><h2>Kinds</h2>', kindsTable(report, index, byKey), '</section>');
  body.push('<footer>Made by kube-log-doctor. Times are the logs’ own, in UTC.</footer>');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${CSP}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="referrer" content="no-referrer">',
    `<title>${esc(`kube-log-doctor: ${plural(total, 'finding')}`)}</title>`,
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<main>',
    ...body,
    '</main>',
    `<script>${SCRIPT}</script>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
