/** The default command: analyse logs and print the diagnosis. */

import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { EXIT } from '../exit-codes.js';
import { collect, type Io } from '../io.js';
import { loadLibrary } from '../../library/load.js';
import { KindRegistry, loadCrds, crdsFromText } from '../../correlate/registry.js';
import { collectInputs } from '../../input/sources.js';
import { analyze } from '../../pipeline.js';
import { SEVERITIES, severityRank, type Report, type Severity } from '../../model/finding.js';
import { renderReport, REPORTERS, type ReporterName } from '../../report/index.js';
import { wantsColor } from '../../report/style.js';

export interface AnalyzeCliOptions {
  output: ReporterName;
  crds: string[];
  patterns: string[];
  failOn: Severity | 'none';
  color: boolean;
  maxLineLength: number;
}

function parsePositiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive whole number.');
  return n;
}

/** Adds the analysis options to a command (the root command, and later `tui`). */
export function addAnalyzeOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option('-o, --output <format>', 'report format').choices(Object.keys(REPORTERS)).default('text'))
    .option('--crds <path>', 'CRD manifests (file or directory, YAML or JSON); repeatable', collect, [])
    .option('--patterns <dir>', 'extra pattern files, loaded after the bundled ones; repeatable', collect, [])
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a finding reaches this severity')
        .choices([...SEVERITIES, 'none'])
        .default('none'),
    )
    .option('--no-color', 'never colour the text report (NO_COLOR is honoured too)')
    .option('--max-line-length <bytes>', 'cut longer lines (counted in stats.truncated)', parsePositiveInt, 1024 * 1024);
}

/** Exit code for a finished analysis under --fail-on. */
export function exitCodeFor(report: Report, failOn: Severity | 'none'): number {
  if (report.stats.errors.length > 0 && report.stats.sources > 0 && report.stats.lines === 0) return EXIT.USAGE_OR_INPUT;
  if (failOn === 'none') return EXIT.OK;
  const limit = severityRank(failOn);
  return report.findings.some((f) => severityRank(f.severity) <= limit) ? EXIT.FINDINGS : EXIT.OK;
}

/** Loads patterns and the kind registry, resolves inputs, and runs the pipeline. */
export async function runAnalysis(paths: string[], opts: AnalyzeCliOptions, io: Io): Promise<Report> {
  const library = loadLibrary(opts.patterns);
  for (const n of library.notices) io.stderr.write(`kube-log-doctor: ${n}\n`);
  const registry = KindRegistry.withBuiltins();
  for (const path of opts.crds) loadCrds(registry, path);
  const inputs = collectInputs(paths);
  const manifestErrors: string[] = [];
  for (const file of inputs.manifests) {
    try {
      for (const k of crdsFromText(readFileSync(file, 'utf8'), file)) registry.add(k);
    } catch (err) {
      manifestErrors.push(err instanceof Error ? err.message : String(err));
    }
  }
  const report = await analyze(inputs.logs, {
    patterns: library.patterns,
    registry,
    maxLineBytes: opts.maxLineLength,
    onInputError: (m) => io.stderr.write(`kube-log-doctor: ${m}\n`),
  });
  for (const m of manifestErrors) {
    report.stats.errors.push(m);
    io.stderr.write(`kube-log-doctor: ${m}\n`);
  }
  return report;
}

export async function analyzeCommand(paths: string[], opts: AnalyzeCliOptions, io: Io): Promise<number> {
  const report = await runAnalysis(paths, opts, io);
  io.stdout.write(
    renderReport(report, opts.output, {
      color: opts.color && wantsColor(io.stdout, io.env),
      width: io.stdout.columns ?? 100,
    }),
  );
  return exitCodeFor(report, opts.failOn);
}
