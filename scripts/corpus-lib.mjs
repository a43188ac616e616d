/**
 * The real-world corpus (samples/real, issue #19): loading and checking cases, running the CLI on
 * them in-process, and the pass rule. Shared by test/real/corpus.test.ts (which passes the `run` of
 * src/cli/program.ts) and scripts/corpus-rate.mjs (which passes the built one). Format:
 * samples/real/README.md.
 */

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

export const FORMAT_SHAPES = [
  'klog', 'klog-json', 'zap-json', 'zap-console', 'logrus', 'logrus-json', 'logrus-tty', 'logfmt', 'slog',
  'go-log', 'go-panic', 'plain', 'events', 'mixed', 'hclog', 'coredns', 'log4j', 'capnslog',
];
export const PASTE_SHAPES = [
  'spaces-for-tabs', 'epoch-float', 'no-timestamp', 'field-order', 'json-wrapped', 'mid-word-wrap',
  'header-cut', 'quoted', 'indented', 'syslog', 'journald', 'k9s-border', 'shell', 'cloud-json-payload',
  'kubectl-timestamps', 'kubectl-prefix', 'stern', 'cri', 'docker-json', 'truncated', 'escaped',
  'collapsed-spaces', 'prose-prefix', 'console-columns', 'markdown-mangled',
];
export const SHAPES = [...FORMAT_SHAPES, ...PASTE_SHAPES];

/** The paste shapes issue #19 asks the corpus to cover (each by at least one case). */
export const ISSUE_SHAPES = [
  'spaces-for-tabs', 'epoch-float', 'no-timestamp', 'field-order', 'logrus-tty', 'json-wrapped', 'mid-word-wrap',
  'header-cut', 'quoted', 'indented', 'syslog', 'journald', 'k9s-border', 'shell', 'cloud-json-payload',
];

/** Failure causes: a known-failures.json reason starts `<cause>[+<cause>…]: why` (main cause first). */
export const CAUSES = ['line-shape', 'regex', 'kind', 'family', 'template', 'healthy'];

/** The causes a known-failures.json reason names, or [] when it does not start with valid ones. */
export function causesOf(reason) {
  const m = /^([a-z-]+(?:\+[a-z-]+)*): \S/.exec(reason);
  if (!m) return [];
  const causes = m[1].split('+');
  return causes.every((c) => CAUSES.includes(c)) ? causes : [];
}

const kebab = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const idOrNew = z.string().regex(/^(?:new:)?[a-z0-9]+(?:-[a-z0-9]+)*$/, 'a kebab-case id, or new:<kebab-case id>');
// Kind, v1/Kind, group/version/Kind, Kind.group, or a resource: resources.group, resources (core)
const kindRef = z
  .string()
  .regex(
    /^(?:(?:[a-z0-9][a-z0-9.-]*\/)?v[0-9][a-z0-9]*\/[A-Z][A-Za-z0-9]*|[A-Z][A-Za-z0-9]*(?:\.[a-z0-9][a-z0-9.-]*)?|[a-z][a-z0-9]*(?:\.[a-z0-9][a-z0-9.-]*)?)$/,
    'Kind, v1/Kind, group/version/Kind, Kind.group, resources.group or resources',
  );

export const CaseSchema = z
  .strictObject({
    source: z.url({ protocol: /^https$/ }),
    component: z.string().min(1),
    shapes: z.array(z.enum(SHAPES)).min(1),
    healthy: z.boolean(),
    expect: z.strictObject({
      families: z.array(idOrNew),
      findings: z.array(idOrNew),
      kinds: z.array(kindRef),
    }),
    note: z.string().min(1),
  })
  .superRefine((c, ctx) => {
    const { families, findings, kinds } = c.expect;
    if (c.healthy && families.length + findings.length + kinds.length > 0) {
      ctx.addIssue({ code: 'custom', path: ['expect'], message: 'a healthy case expects nothing' });
    }
    if (!c.healthy && families.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['expect', 'families'], message: 'a problem case expects at least one family' });
    }
  });

/** The ids a case may name: signature ids and families, plus the kind near-miss rules. */
export function knownIds(patterns, nearMissIds) {
  const findings = new Set([...patterns.map((p) => p.id), ...nearMissIds]);
  const families = new Set(patterns.map((p) => p.family));
  families.add('kind-near-miss');
  return { findings, families };
}

/**
 * Every case directory under `dir`, with its parsed case.json or the problems that stop it from
 * being run. `known` (from knownIds) checks that expected ids exist unless they are `new:` ones.
 */
export function loadCases(dir, known) {
  const cases = [];
  for (const id of readdirSync(dir).sort()) {
    const caseDir = join(dir, id);
    if (!statSync(caseDir).isDirectory()) continue;
    const problems = [];
    if (!kebab.test(id)) problems.push(`directory name ${id} is not kebab-case`);
    const input = join(caseDir, 'input.log');
    if (!existsSync(input)) problems.push('no input.log');
    else {
      const text = readFileSync(input, 'utf8');
      if (text.trim() === '') problems.push('input.log is empty');
      else if (!text.endsWith('\n')) problems.push('input.log does not end with a newline');
    }
    let spec;
    const file = join(caseDir, 'case.json');
    if (!existsSync(file)) problems.push('no case.json');
    else {
      let raw;
      try {
        raw = JSON.parse(readFileSync(file, 'utf8'));
      } catch (e) {
        problems.push(`case.json: ${e.message}`);
      }
      if (raw !== undefined) {
        const parsed = CaseSchema.safeParse(raw);
        if (!parsed.success) {
          for (const issue of parsed.error.issues) problems.push(`case.json ${issue.path.join('.') || '(root)'}: ${issue.message}`);
        } else spec = parsed.data;
      }
    }
    if (spec && known) {
      for (const f of spec.expect.families) {
        if (!f.startsWith('new:') && !known.families.has(f)) problems.push(`unknown family ${f} (prefix new: for a proposed one)`);
        if (f.startsWith('new:') && known.families.has(f.slice(4))) problems.push(`family ${f.slice(4)} exists now: drop the new: prefix`);
      }
      for (const f of spec.expect.findings) {
        if (!f.startsWith('new:') && !known.findings.has(f)) problems.push(`unknown finding id ${f} (prefix new: for a proposed one)`);
        if (f.startsWith('new:') && known.findings.has(f.slice(4))) problems.push(`finding id ${f.slice(4)} exists now: drop the new: prefix`);
      }
    }
    cases.push({ id, dir: caseDir, input, spec, problems });
  }
  return cases;
}

/** Runs the CLI (`run` from cli/program) with `-o json` on one file; never throws. */
export async function runCase(run, input) {
  const out = [];
  const err = [];
  const sink = (buf) => ({ write: (s) => (buf.push(String(s)), true) });
  const io = { stdout: sink(out), stderr: sink(err), env: { NO_COLOR: '1' } };
  let code;
  try {
    code = await run(['node', 'kube-log-doctor', input, '-o', 'json'], io);
  } catch (e) {
    return { code: 70, report: null, stderr: `${err.join('')}${e?.stack ?? e}` };
  }
  let report = null;
  try {
    report = JSON.parse(out.join(''));
  } catch {
    /* reported below */
  }
  return { code, report, stderr: err.join('') };
}

/**
 * `Kind`, `v1/Kind`, `group/version/Kind`, `Kind.group` → the parts that must match; a lower-case
 * `resources.group` or `resources` (core group) matches a kind's resource instead.
 */
export function parseKindRef(ref) {
  if (/^[a-z][a-z0-9]*(?:\.[a-z0-9.-]+)?$/.test(ref) && !/^v[0-9]/.test(ref)) {
    const dot = ref.indexOf('.');
    return dot > 0 ? { resource: ref.slice(0, dot), group: ref.slice(dot + 1) } : { resource: ref, group: '' };
  }
  const parts = ref.split('/');
  if (parts.length === 3) return { group: parts[0], version: parts[1], kind: parts[2] };
  if (parts.length === 2) return { group: '', version: parts[0], kind: parts[1] };
  const dot = ref.indexOf('.');
  if (dot > 0) return { kind: ref.slice(0, dot), group: ref.slice(dot + 1) };
  return { kind: ref };
}

export function kindMatches(want, k) {
  if (want.resource !== undefined) return k.resource === want.resource && k.group === want.group;
  return (
    k.kind === want.kind &&
    (want.group === undefined || k.group === want.group) &&
    (want.version === undefined || k.version === want.version)
  );
}

const PLACEHOLDER = /\{\{\s*[A-Za-z_][\w.]*\s*\}\}/;

function unfilled(finding) {
  const texts = [finding.title, finding.diagnosis, finding.explanation, finding.impact, ...(finding.likelyCauses ?? []), ...(finding.fixes ?? [])];
  const hit = texts.find((t) => typeof t === 'string' && PLACEHOLDER.test(t));
  return hit === undefined ? null : hit.match(PLACEHOLDER)[0];
}

const fmtKind = (k) =>
  k.kind ? (k.group ? `${k.group}/` : '') + (k.version ? `${k.version}/` : '') + k.kind : `${k.resource ?? '?'}${k.group ? `.${k.group}` : ''}`;

/**
 * The pass rule (samples/real/README.md). Returns `{ pass, reasons, ids }`: why it fails, and the
 * expected finding ids that were reported (the stricter secondary rate).
 */
export function evaluate(spec, result) {
  const reasons = [];
  if (result.code !== 0 && result.code !== 1) reasons.push(`exit code ${result.code}: ${result.stderr.trim().split('\n')[0]}`);
  const findings = result.report?.findings;
  if (!Array.isArray(findings)) {
    reasons.push('no JSON report');
    return { pass: false, reasons, idsOk: false };
  }
  for (const f of findings) {
    const p = unfilled(f);
    if (p) reasons.push(`template: ${f.id} shows ${p}`);
  }
  if (spec.healthy) {
    const bad = findings.filter((f) => f.severity === 'error' || f.severity === 'critical');
    if (bad.length) reasons.push(`healthy: ${bad.map((f) => `${f.severity} ${f.id}`).join(', ')}`);
  } else {
    const families = new Set(findings.map((f) => f.family));
    const missing = spec.expect.families.filter((f) => !families.has(f));
    if (missing.length) {
      const got = [...new Set(findings.map((f) => f.id))].join(', ') || 'no findings';
      reasons.push(`family missing: ${missing.join(', ')} (got ${got})`);
    }
    const kinds = findings.flatMap((f) => f.kinds ?? []);
    const missingKinds = spec.expect.kinds.filter((ref) => !kinds.some((k) => kindMatches(parseKindRef(ref), k)));
    if (missingKinds.length) {
      const got = [...new Set(kinds.map(fmtKind))].join(', ') || 'none';
      reasons.push(`kind missing: ${missingKinds.join(', ')} (got ${got})`);
    }
  }
  const ids = new Set(findings.map((f) => f.id));
  const idsOk = spec.expect.findings.every((id) => ids.has(id));
  return { pass: reasons.length === 0, reasons, idsOk };
}

/**
 * A first guess at the cause of a failure, for a new known-failures.json entry (review it before
 * committing): template, healthy, family (a new: family), kind (only kinds missing), else line-shape
 * when some lines stayed unparsed, regex when every line was parsed.
 */
export function guessCause(spec, result, verdict) {
  const r = verdict.reasons;
  if (r.some((x) => x.startsWith('template:'))) return 'template';
  if (r.some((x) => x.startsWith('healthy:'))) return 'healthy';
  if (spec.expect.families.some((f) => f.startsWith('new:'))) return 'family';
  if (r.every((x) => x.startsWith('kind missing:'))) return 'kind';
  return (result.report?.stats?.unparsed ?? 0) > 0 ? 'line-shape' : 'regex';
}

/** Pass counts per key, for the rate tables. */
export function tally(rows, keysOf) {
  const by = new Map();
  for (const r of rows) {
    for (const key of keysOf(r)) {
      const t = by.get(key) ?? { key, total: 0, pass: 0 };
      t.total++;
      if (r.pass) t.pass++;
      by.set(key, t);
    }
  }
  return [...by.values()].sort((a, b) => b.total - a.total || a.key.localeCompare(b.key));
}

export const pct = (n, d) => (d === 0 ? '—' : `${((100 * n) / d).toFixed(1)}%`);

/** The summary lines: overall, problem, healthy, ids, then per component and per shape. */
export function rateReport(rows, knownFailures = {}) {
  const problem = rows.filter((r) => !r.spec.healthy);
  const healthy = rows.filter((r) => r.spec.healthy);
  const lines = [
    `real-world corpus: ${rows.filter((r) => r.pass).length}/${rows.length} cases pass (${pct(rows.filter((r) => r.pass).length, rows.length)})`,
    `  problem excerpts diagnosed (family + kinds): ${problem.filter((r) => r.pass).length}/${problem.length} (${pct(problem.filter((r) => r.pass).length, problem.length)})`,
    `  problem excerpts with every expected finding id: ${problem.filter((r) => r.idsOk).length}/${problem.length} (${pct(problem.filter((r) => r.idsOk).length, problem.length)})`,
    `  healthy excerpts without error-level findings: ${healthy.filter((r) => r.pass).length}/${healthy.length} (${pct(healthy.filter((r) => r.pass).length, healthy.length)})`,
    `  components: ${new Set(rows.map((r) => r.spec.component)).size}`,
  ];
  const missing = ISSUE_SHAPES.filter((s) => !rows.some((r) => r.spec.shapes.includes(s)));
  if (missing.length) lines.push(`  issue #19 paste shapes not covered yet: ${missing.join(', ')}`);
  const table = (title, t) => {
    lines.push('', title);
    const w = Math.max(...t.map((x) => x.key.length), 4);
    for (const x of t) lines.push(`  ${x.key.padEnd(w)}  ${String(x.pass).padStart(3)}/${String(x.total).padEnd(3)}  ${pct(x.pass, x.total)}`);
  };
  table('by component', tally(rows, (r) => [r.spec.component]));
  table('by shape', tally(rows, (r) => r.spec.shapes));
  const failing = rows.filter((r) => !r.pass);
  if (failing.length) {
    lines.push('', 'failures by cause (known-failures.json; a case can have several)');
    const by = new Map();
    for (const r of failing) {
      const causes = causesOf(knownFailures[r.id] ?? '');
      for (const c of causes.length ? causes : ['unlisted']) by.set(c, (by.get(c) ?? 0) + 1);
      const main = causes[0] ?? 'unlisted';
      by.set(`${main} (main)`, (by.get(`${main} (main)`) ?? 0) + 1);
    }
    for (const c of [...CAUSES, 'unlisted']) {
      if (by.has(c)) lines.push(`  ${c.padEnd(10)}  ${String(by.get(c)).padStart(3)} cases, main cause of ${by.get(`${c} (main)`) ?? 0}`);
    }
  }
  return lines.join('\n');
}
