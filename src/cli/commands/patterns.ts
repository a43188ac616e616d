/** `patterns list`, `patterns test [DIR…]` and `explain ID`: the library, for users and pattern authors. */

import { EXIT } from '../../exit-codes.js';
import { warn, type Io } from '../io.js';
import { resolve } from 'node:path';
import { BUNDLED_PATTERNS_DIR, loadLibrary, loadPatternFile, patternFiles, refusalOf } from '../../library/load.js';
import { compilePattern, type CompiledPattern } from '../../library/compile.js';
import { renderTemplate } from '../../library/command.js';
import { NEAR_MISS_UNITS, checkUnitExamples, findRuleUnit, type RuleUnit } from '../../correlate/rule-units.js';
import { CHAIN_RULES } from '../../correlate/chains.js';
import { catalogFile } from '../../correlate/catalog.js';
import { checkPatternRegexes, decideUserRegexes, readVerdicts, VerdictCache, verdictsFileFor } from '../../library/safety.js';
import { runExamples } from '../../match/examples.js';
import { exampleLine } from '../../library/schema.js';
import { terminalSafe as safe } from '../../report/terminal-safe.js';
import { wrap, wrapParts } from '../../report/text.js';
import { fixParts, richParts } from '../../report/rich-text.js';
import { reportWidth } from '../../report/width.js';
import { UsageError } from '../../errors.js';
import { todoFields } from '../../correlate/unknown/skeleton.js';

function listPatterns(patterns: CompiledPattern[], format: 'text' | 'json'): string {
  // Signatures, then the near-miss and chain rules (library units too, with `type` saying which).
  const rows = [
    ...patterns.map((p) => ({ type: 'signature', id: p.spec.id, family: p.spec.family, severity: p.spec.severity, title: p.spec.title, components: p.spec.components, file: p.file })),
    ...NEAR_MISS_UNITS.map((u) => ({ type: 'near-miss', id: u.id, family: 'near-miss', severity: u.severity, title: u.title })),
    ...CHAIN_RULES.map((r) => ({ type: 'chain', id: r.id, family: 'chain', severity: '-', title: `${r.cause.join(' | ')} → ${r.effect.join(' | ')}` })),
  ];
  if (format === 'json') return JSON.stringify(rows, null, 2) + '\n';
  const idW = Math.max(2, ...rows.map((r) => r.id.length));
  const famW = Math.max(6, ...rows.map((r) => r.family.length));
  const lines = [`${'ID'.padEnd(idW)}  ${'FAMILY'.padEnd(famW)}  SEVERITY  TITLE`];
  for (const r of rows) lines.push(`${r.id.padEnd(idW)}  ${r.family.padEnd(famW)}  ${r.severity.padEnd(8)}  ${safe(r.title)}`);
  const families = new Set(patterns.map((p) => p.spec.family)).size;
  lines.push('', `${patterns.length} signatures in ${families} families, ${NEAR_MISS_UNITS.length} near-miss rules, ${CHAIN_RULES.length} chain rules`);
  return lines.join('\n') + '\n';
}

/** `explain ID` for a near-miss or chain rule. */
function explainRule(r: RuleUnit, format: string, width: number): string {
  if (format === 'json') return JSON.stringify(r.type === 'near-miss' ? { type: r.type, ...r.unit, check: undefined } : { type: r.type, ...r.rule }, null, 2) + '\n';
  const out: string[] = [];
  if (r.type === 'near-miss') {
    const u = r.unit;
    out.push(`${u.id}  (${u.severity}, near-miss rule: kinds in the logs compared with the registered ones)`, u.title, '');
    out.push('What it checks', wrap(u.description, width, '  '), '');
    out.push('Flags (examples against built-in kinds plus example.com CRDs Widget and Gadget)');
    for (const x of u.invalid) out.push(`  ${x.seen}  →  ${x.edit}`);
    out.push('', 'Lets pass');
    for (const v of u.valid) out.push(`  ${v.seen}  (${v.why})`);
    out.push('', 'Compared with', wrap(SOURCES_TEXT, width, '  '));
  } else {
    const c = r.rule;
    out.push(`${c.id}  (chain rule: links a root cause to what it explains)`, '');
    out.push(`Cause      ${c.cause.join(', ')}`, `Effect     ${c.effect.join(', ')}`, `Linked by  ${c.links.join(' or ')}`, '');
    out.push('Why', wrap(c.because, width, '  '));
  }
  return out.join('\n') + '\n';
}

const SOURCES_TEXT =
  'The cluster\'s kinds first: the built-in kinds of Kubernetes, --crds, --api-resources and CRDs in a bundle. For an API group none of those describes, ' +
  'the bundled catalog of well-known kinds (kube-log-doctor explain catalog), one severity lower and worded "the well-known CRD of <project> registers …; check your installed version". ' +
  'Then kinds the logs themselves name in another spelling (a reconciler\'s controllerKind while the garbage collector fails on another case), one severity lower. ' +
  'Each near-miss finding says where its registered kind came from (registeredFrom in JSON, "registered" in text).';

/** `explain catalog`: what the bundled catalog of well-known kinds holds, where it comes from, how to refresh it. */
function explainCatalog(format: string, width: number): string {
  const c = catalogFile();
  const releases = c.kubernetes.releases;
  const projects = c.projects.map((p) => ({ project: p.project, repo: p.repo, commit: p.commit, kinds: c.crds.filter((k) => c.projects[k.project] === p && k.until === undefined).length, ...(p.history ? { history: p.history } : {}) }));
  if (format === 'json') {
    return JSON.stringify({ type: 'catalog', file: 'catalog/well-known-kinds.json', kubernetes: { repo: c.kubernetes.repo, releases, kinds: c.kubernetes.kinds.length }, projects }, null, 2) + '\n';
  }
  const out = [
    'catalog  (the bundled catalog of well-known kinds: catalog/well-known-kinds.json)',
    '',
    'What it holds',
    wrap(
      `Every built-in kind of Kubernetes ${releases[0]!.release} to ${releases[releases.length - 1]!.release} (${c.kubernetes.kinds.length} kinds) with its group, plural, scope, the versions each release served and the release that removed a version, ` +
        `and the CRD kinds (group, kind, plural, scope, versions) of ${c.projects.length} operator and add-on projects (${c.crds.filter((k) => k.until === undefined).length} kinds, plus groups and versions some of them used before).`,
      width,
      '  ',
    ),
    '',
    'How it is used',
    wrap(SOURCES_TEXT + ' Built-in removals (extensions/v1beta1 Ingress, removed in 1.22 → networking.k8s.io/v1) are Kubernetes facts and keep their severity. The file is read only when a kind needs it, never at start-up, and never from the network.', width, '  '),
    '',
    'Sources (every entry names its repository, commit and file)',
    wrap(`Kubernetes: ${c.kubernetes.repo} (k8s.io/api) at ${releases.map((r) => r.ref).join(', ')}: +genclient types, +groupName, +genclient:nonNamespaced, zz_generated.prerelease-lifecycle.go`, width, '  '),
    ...projects.map((p) => `  ${p.project.padEnd(34)} ${p.repo}@${p.commit.slice(0, 12)}  ${p.kinds} kinds${p.history ? `; before: ${p.history.map((h) => h.ref).join(', ')}` : ''}`),
    '',
    'Refresh',
    wrap('Edit catalog/sources.json (a project, its repository and the paths of its CRD manifests; older tags for groups it used before), put bare git clones with tags under $KLD_MIRRORS (default /work/.mirror, as <owner>+<name>/repo), then run npm run catalog and commit catalog/well-known-kinds.json.', width, '  '),
  ];
  return out.join('\n') + '\n';
}

/** `explain ID -o json`: the signature as its file defines it (defaults filled in), and where it came from. */
function explainJson(p: CompiledPattern): string {
  return JSON.stringify({ ...p.spec, file: p.file }, null, 2) + '\n';
}

function explainPattern(p: CompiledPattern, width: number): string {
  const s = p.spec;
  const out: string[] = [];
  out.push(`${s.id}  (${s.severity}, family ${s.family})`, safe(s.title), '');
  if (s.components.length) out.push(`Logged by: ${s.components.join(', ')}`);
  out.push(`Defined in: ${p.file}`, '');
  // Templates as the user sees them with no log line: what a line would name shows as <name>.
  const generic = (t: string) => safe(renderTemplate(t, {}));
  out.push('What it means', wrapParts(richParts(generic(s.diagnosis)), width, '  '), '');
  out.push('Why it happens', wrapParts(richParts(safe(s.explanation)), width, '  '), '');
  out.push('Likely causes');
  s.causes.forEach((c, i) => out.push(wrapParts(richParts(generic(c)), width, '     ', `  ${i + 1}. `.padEnd(5))));
  out.push('', 'Fix');
  s.fixes.forEach((c, i) => out.push(wrapParts(fixParts(generic(c)), width, '     ', `  ${i + 1}. `.padEnd(5))));
  out.push('', 'Matches lines like');
  for (const e of s.examples.match) out.push(`  ${safe(exampleLine(e))}`);
  out.push('', 'But not');
  for (const e of s.examples.nomatch) out.push(`  ${safe(exampleLine(e))}`);
  if (s.references.length) out.push('', 'References', ...s.references.map((r) => `  ${r}`));
  return out.join('\n') + '\n';
}

/**
 * Runs every example and the regex safety check of the pattern files under `dirs`. Returns the
 * report text and whether everything passed.
 */
export function testPatterns(dirs: string[], env: NodeJS.ProcessEnv = process.env): { text: string; ok: boolean } {
  const lines: string[] = [];
  let examples = 0;
  let failures = 0;
  let signatures = 0;
  let cache: VerdictCache | null = null;
  for (const dir of dirs) {
    // The bundled library runs on V8 with verdicts recorded beside it; any other directory is
    // tested as --patterns would run it (RE2 where it can, else V8 if recheck proves it safe).
    const bundled = resolve(dir) === resolve(BUNDLED_PATTERNS_DIR);
    const recorded = bundled ? readVerdicts(verdictsFileFor(dir)) : new Map();
    for (const file of patternFiles(dir)) {
      let p = loadPatternFile(file);
      signatures++;
      const problems: string[] = [];
      if (!bundled) {
        cache ??= new VerdictCache(VerdictCache.defaultFile(env));
        const decisions = decideUserRegexes(p, cache, false);
        cache.save();
        for (const d of decisions) {
          const why = refusalOf(d);
          if (why !== null) problems.push(`  match.regex[${d.index}] ${why}`);
        }
        // Examples run on the engine the analysis will use (an unverified regex: time-boxed, as with the flag).
        p = compilePattern(p.spec, p.file, () => undefined, decisions.map((d) => d.engine ?? (d.status === 'unknown' ? 'v8-time-boxed' : 'v8')));
      }
      for (const r of runExamples(p)) {
        examples++;
        if (r.outcome !== 'ok') {
          problems.push(`  ${r.kind}[${r.index}] ${r.outcome}: ${r.detail}\n    ${safe(r.line)}`);
        }
      }
      // A skeleton from `patterns new` is finished when no TODO text is left.
      for (const f of todoFields(p.spec)) problems.push(`  ${f}: TODO — still to be written`);
      if (bundled) {
        for (const v of checkPatternRegexes(p, recorded)) {
          if (v.status === 'vulnerable') problems.push(`  match.regex[${v.index}] unsafe: ${v.detail}`);
        }
      }
      if (problems.length > 0) {
        failures += problems.length;
        lines.push(`FAIL ${p.file} (${p.spec.id})`, ...problems);
      } else {
        lines.push(`ok   ${p.file} (${p.spec.id})`);
      }
    }
  }
  if (signatures === 0) {
    lines.push('no pattern files found');
    return { text: lines.join('\n') + '\n', ok: false };
  }
  lines.push('', `${signatures} signatures, ${examples} examples: ${failures === 0 ? 'all passed' : `${failures} failed`}`);
  return { text: lines.join('\n') + '\n', ok: failures === 0 };
}

/** `patterns list`: the exit code. */
export function listCommand(opts: { output: string; patterns: string[] }, io: Io): number {
  const lib = loadLibrary(opts.patterns, { allowUnverifiedRegex: true, verdictCache: VerdictCache.defaultFile(io.env) });
  for (const n of lib.notices) warn(io, n);
  io.stdout.write(listPatterns(lib.patterns, opts.output === 'json' ? 'json' : 'text'));
  return EXIT.OK;
}

/** `patterns test [DIR...]`: the exit code. */
export function testCommand(dirs: string[], io: Io): number {
  const { text, ok } = testPatterns(dirs.length > 0 ? dirs : [BUNDLED_PATTERNS_DIR], io.env);
  io.stdout.write(text);
  // The bundled library holds the near-miss rules too: their examples run with it.
  const ruleFailures = dirs.length > 0 ? [] : NEAR_MISS_UNITS.flatMap((u) => checkUnitExamples(u));
  for (const f of ruleFailures) io.stdout.write(`FAIL ${safe(f)}\n`);
  if (dirs.length === 0) io.stdout.write(`near-miss rules: ${NEAR_MISS_UNITS.length} rules, ${ruleFailures.length} failing examples\n`);
  return ok && ruleFailures.length === 0 ? EXIT.OK : EXIT.FINDINGS;
}

/** `explain ID`: a signature, a near-miss rule, or the catalog; the exit code. */
export function explainCommand(id: string, opts: { output: string; patterns: string[] }, io: Io): number {
  if (id === 'catalog') {
    io.stdout.write(explainCatalog(opts.output, Math.min(reportWidth(io), 100)));
    return EXIT.OK;
  }
  const lib = loadLibrary(opts.patterns, { allowUnverifiedRegex: true, verdictCache: VerdictCache.defaultFile(io.env) });
  const p = lib.patterns.find((x) => x.spec.id === id);
  const rule = p ? null : findRuleUnit(id);
  if (rule) {
    io.stdout.write(explainRule(rule, opts.output, Math.min(reportWidth(io), 100)));
    return EXIT.OK;
  }
  if (!p) {
    const close = lib.patterns.filter((x) => x.spec.id.includes(id) || id.includes(x.spec.family)).map((x) => x.spec.id);
    throw new UsageError(`no signature with id ${id}${close.length ? ` (did you mean ${close.slice(0, 3).join(', ')}?)` : ''}; see kube-log-doctor patterns list`);
  }
  io.stdout.write(opts.output === 'json' ? explainJson(p) : explainPattern(p, Math.min(reportWidth(io), 100)));
  return EXIT.OK;
}
