/** `patterns list`, `patterns test [DIR…]` and `explain ID`: the library, for users and pattern authors. */

import { Command, Option } from 'commander';
import { EXIT } from '../../exit-codes.js';
import { collect, warn, type Io } from '../io.js';
import { resolve } from 'node:path';
import { BUNDLED_PATTERNS_DIR, loadLibrary, loadPatternFile, patternFiles, refusalOf } from '../../library/load.js';
import { compilePattern, type CompiledPattern } from '../../library/compile.js';
import { renderTemplate } from '../../library/command.js';
import { checkPatternRegexes, decideUserRegexes, readVerdicts, VerdictCache, verdictsFileFor } from '../../library/safety.js';
import { runExamples } from '../../match/examples.js';
import { exampleLine } from '../../library/schema.js';
import { terminalSafe as safe } from '../../report/terminal-safe.js';
import { wrapParts } from '../../report/text.js';
import { fixParts, richParts } from '../../report/rich-text.js';
import { reportWidth } from '../../report/width.js';
import { UsageError } from '../../errors.js';
import { subcommandOptions } from '../options.js';

function listPatterns(patterns: CompiledPattern[], format: 'text' | 'json'): string {
  if (format === 'json') {
    const rows = patterns.map((p) => ({
      id: p.spec.id,
      family: p.spec.family,
      severity: p.spec.severity,
      title: p.spec.title,
      components: p.spec.components,
      file: p.file,
    }));
    return JSON.stringify(rows, null, 2) + '\n';
  }
  const idW = Math.max(2, ...patterns.map((p) => p.spec.id.length));
  const famW = Math.max(6, ...patterns.map((p) => p.spec.family.length));
  const lines = [`${'ID'.padEnd(idW)}  ${'FAMILY'.padEnd(famW)}  SEVERITY  TITLE`];
  for (const p of patterns) {
    lines.push(`${p.spec.id.padEnd(idW)}  ${p.spec.family.padEnd(famW)}  ${p.spec.severity.padEnd(8)}  ${safe(p.spec.title)}`);
  }
  const families = new Set(patterns.map((p) => p.spec.family)).size;
  lines.push('', `${patterns.length} signatures in ${families} families`);
  return lines.join('\n') + '\n';
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
export function testPatterns(dirs: string[]): { text: string; ok: boolean } {
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
        cache ??= new VerdictCache(VerdictCache.defaultFile());
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

export function addPatternCommands(program: Command, io: Io, setCode: (c: number) => void): void {
  const patterns = program.command('patterns').description('list and test the signature library');
  patterns
    .command('list')
    .description('list every signature: id, family, severity, title')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--patterns <dir>', 'extra pattern files, loaded after the bundled ones; repeatable', collect, [])
    .action((_local: unknown, cmd: Command) => {
      const opts = subcommandOptions<{ output: string; patterns: string[] }>(cmd);
      const lib = loadLibrary(opts.patterns, { allowUnverifiedRegex: true });
      for (const n of lib.notices) warn(io, n);
      io.stdout.write(listPatterns(lib.patterns, opts.output === 'json' ? 'json' : 'text'));
      setCode(EXIT.OK);
    });
  patterns
    .command('test')
    .description("run every signature's examples and regex safety check (the bundled library when no DIR is given)")
    .argument('[dirs...]', 'pattern directories or files')
    .action((dirs: string[]) => {
      const { text, ok } = testPatterns(dirs.length > 0 ? dirs : [BUNDLED_PATTERNS_DIR]);
      io.stdout.write(text);
      setCode(ok ? EXIT.OK : EXIT.FINDINGS);
    });
  program
    .command('explain')
    .description('show a signature in full: meaning, causes, fixes and examples')
    .argument('<id>', 'signature id (see patterns list)')
    .addOption(new Option('-o, --output <format>', 'output format').choices(['text', 'json']).default('text'))
    .option('--patterns <dir>', 'extra pattern files, loaded after the bundled ones; repeatable', collect, [])
    .action((id: string, _local: unknown, cmd: Command) => {
      const opts = subcommandOptions<{ output: string; patterns: string[] }>(cmd);
      const lib = loadLibrary(opts.patterns, { allowUnverifiedRegex: true });
      const p = lib.patterns.find((x) => x.spec.id === id);
      if (!p) {
        const close = lib.patterns.filter((x) => x.spec.id.includes(id) || id.includes(x.spec.family)).map((x) => x.spec.id);
        throw new UsageError(`no signature with id ${id}${close.length ? ` (did you mean ${close.slice(0, 3).join(', ')}?)` : ''}; see kube-log-doctor patterns list`);
      }
      io.stdout.write(opts.output === 'json' ? explainJson(p) : explainPattern(p, Math.min(reportWidth(io), 100)));
      setCode(EXIT.OK);
    });
}
