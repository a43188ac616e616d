/** `patterns list`, `patterns test [DIR…]` and `explain ID`: the library, for users and pattern authors. */

import { Command, Option } from 'commander';
import { EXIT } from '../exit-codes.js';
import { collect, type Io } from '../io.js';
import { BUNDLED_PATTERNS_DIR, loadLibrary, loadPatternFile, patternFiles } from '../../library/load.js';
import type { CompiledPattern } from '../../library/compile.js';
import { renderTemplate } from '../../library/command.js';
import { checkPatternRegexes, readVerdicts, verdictsFileFor } from '../../library/safety.js';
import { runExamples } from '../../match/examples.js';
import { exampleLine } from '../../library/schema.js';
import { terminalSafe as safe } from '../../report/terminal-safe.js';
import { wrap } from '../../report/text.js';
import { UsageError } from '../../errors.js';

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

function explainPattern(p: CompiledPattern, width: number): string {
  const s = p.spec;
  const out: string[] = [];
  out.push(`${s.id}  (${s.severity}, family ${s.family})`, safe(s.title), '');
  if (s.components.length) out.push(`Logged by: ${s.components.join(', ')}`);
  out.push(`Defined in: ${p.file}`, '');
  // Templates as the user sees them with no log line: what a line would name shows as <name>.
  const generic = (t: string) => safe(renderTemplate(t, {}));
  out.push('What it means', wrap(generic(s.diagnosis), width, '  '), '');
  out.push('Why it happens', wrap(safe(s.explanation), width, '  '), '');
  out.push('Likely causes');
  s.causes.forEach((c, i) => out.push(wrap(generic(c), width, '     ').replace(/^ {5}/, `  ${i + 1}. `)));
  out.push('', 'Fix');
  s.fixes.forEach((c, i) => out.push(wrap(generic(c), width, '     ').replace(/^ {5}/, `  ${i + 1}. `)));
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
  for (const dir of dirs) {
    // Verdicts recorded beside the patterns (the bundled library has them) spare recheck's seconds per regex.
    const recorded = readVerdicts(verdictsFileFor(dir));
    for (const file of patternFiles(dir)) {
      const p = loadPatternFile(file);
      signatures++;
      const problems: string[] = [];
      for (const r of runExamples(p)) {
        examples++;
        if (r.outcome !== 'ok') {
          problems.push(`  ${r.kind}[${r.index}] ${r.outcome}: ${r.detail}\n    ${safe(r.line)}`);
        }
      }
      for (const v of checkPatternRegexes(p, recorded)) {
        if (v.status === 'vulnerable') problems.push(`  match.regex[${v.index}] unsafe: ${v.detail}`);
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
    .option('--patterns <dir>', 'extra pattern files; repeatable', collect, [])
    .action((opts: { output: 'text' | 'json'; patterns: string[] }) => {
      const lib = loadLibrary(opts.patterns);
      for (const n of lib.notices) io.stderr.write(`kube-log-doctor: ${n}\n`);
      io.stdout.write(listPatterns(lib.patterns, opts.output));
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
    .option('--patterns <dir>', 'extra pattern files; repeatable', collect, [])
    .action((id: string, opts: { patterns: string[] }) => {
      const lib = loadLibrary(opts.patterns);
      const p = lib.patterns.find((x) => x.spec.id === id);
      if (!p) {
        const close = lib.patterns.filter((x) => x.spec.id.includes(id) || id.includes(x.spec.family)).map((x) => x.spec.id);
        throw new UsageError(`no signature with id ${id}${close.length ? ` (did you mean ${close.slice(0, 3).join(', ')}?)` : ''}; see kube-log-doctor patterns list`);
      }
      io.stdout.write(explainPattern(p, Math.min(io.stdout.columns ?? 100, 100)));
      setCode(EXIT.OK);
    });
}
