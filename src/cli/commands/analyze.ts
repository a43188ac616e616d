/** The default command: analyse logs and print the diagnosis. */

import { readFileSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { EXIT } from '../exit-codes.js';
import { collect, type Io } from '../io.js';
import { loadLibrary } from '../../library/load.js';
import { KindRegistry, loadCrds, crdsFromText, loadApiResources } from '../../correlate/registry.js';
import { collectInputs } from '../../input/sources.js';
import { analyze, type AnalyzeOptions } from '../../pipeline.js';
import { SEVERITIES, severityRank, type Report, type Severity } from '../../model/finding.js';
import { renderReport, REPORTERS, type ReporterName } from '../../report/index.js';
import { wantsColor } from '../../report/style.js';
import { INPUT_FORMATS, type InputFormat } from '../../parse/input-format.js';
import { analyzeBundle } from '../../parallel/run-bundle.js';
import { DEFAULT_MAX_EXPANDED_BYTES, parseByteSize } from '../../input/budget.js';
import { progressBar } from '../../report/progress.js';
import { NothingReadableError } from '../../input/nothing-readable.js';
import { signatureKeywords } from '../../match/matcher.js';

export interface AnalyzeCliOptions {
  output: ReporterName;
  crds: string[];
  apiResources: string[];
  by: 'finding' | 'kind' | 'source';
  patterns: string[];
  failOn: Severity | 'none';
  color: boolean;
  maxLineLength: number;
  /** `auto` unless the user named the input format (`--input-format`). */
  inputFormat?: InputFormat;
  /** No progress bar (and no other stderr output but errors). */
  quiet?: boolean;
  /** Exit 2 when any input could not be read completely. */
  strict?: boolean;
  /** Limit on bytes produced by decompression over the whole run. */
  maxExpandedBytes?: number;
  /** Worker threads for bundles: a number, or 'auto'. */
  jobs?: number | 'auto';
  /** Run user regexes that neither RE2 nor recheck can vouch for, time-boxed per line. */
  allowUnverifiedRegex?: boolean;
}

function parseSize(value: string): number {
  const n = parseByteSize(value);
  if (n === null) throw new InvalidArgumentError('expected a size such as 500MiB, 20GiB or 1048576.');
  return n;
}

function parseJobs(value: string): number | 'auto' {
  return value === 'auto' ? 'auto' : parsePositiveInt(value);
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
    .option('--api-resources <file>', 'output of `kubectl api-resources -o wide` or `kubectl get crd -o json`; repeatable', collect, [])
    .addOption(new Option('--by <view>', 'group the text and markdown report by finding, by kind, or by source (JSON gains a per-source list)').choices(['finding', 'kind', 'source']).default('finding'))
    .option('--patterns <dir>', 'extra pattern files, loaded after the bundled ones; repeatable', collect, [])
    .addOption(
      new Option('--fail-on <severity>', 'exit 1 when a finding reaches this severity')
        .choices([...SEVERITIES, 'none'])
        .default('none'),
    )
    .option('--no-color', 'never colour the text report (NO_COLOR is honoured too)')
    .option('--max-line-length <bytes>', 'cut longer lines (counted in stats.truncated)', parsePositiveInt, 1024 * 1024)
    .option('--max-expanded-bytes <size>', 'stop decompressing archives past this many bytes in total (decompression-bomb guard)', parseSize, DEFAULT_MAX_EXPANDED_BYTES)
    .option('--jobs <n>', 'worker threads for directories and archives (at most the core count), or auto', parseJobs, 'auto')
    .option('-q, --quiet', 'no progress bar on stderr')
    .option('--strict', 'exit 2 when any input could not be read completely, even if the rest was analysed')
    .option('--allow-unverified-regex', 'accept --patterns regexes that RE2 cannot run and recheck cannot prove safe (each line then gets at most 100 ms)')
    .addOption(
      new Option('--input-format <name>', 'read every input as this format (stern: declare stern prefixes) instead of detecting it')
        .choices(INPUT_FORMATS)
        .default('auto'),
    );
}

/** Exit code for a finished analysis under --fail-on. */
export function exitCodeFor(report: Report, failOn: Severity | 'none', strict = false): number {
  if (report.stats.errors.length > 0 && report.stats.sources > 0 && report.stats.lines === 0) return EXIT.USAGE_OR_INPUT;
  // Bundles: 2 when nothing at all could be read, or with --strict when anything could not.
  const inputs = report.stats.inputs;
  if (inputs && report.stats.errors.length > 0) {
    const readSomething = report.stats.sources > 0 || inputs.manifests > 0;
    if (!readSomething || strict) return EXIT.USAGE_OR_INPUT;
  }
  if (failOn === 'none') return EXIT.OK;
  const limit = severityRank(failOn);
  return report.findings.some((f) => severityRank(f.severity) <= limit) ? EXIT.FINDINGS : EXIT.OK;
}

/** Pipeline hooks for live use (follow mode, the TUI): snapshots, matches as they happen, stopping. */
export type LiveHooks = Pick<AnalyzeOptions, 'onStart' | 'onMatch' | 'onEntry' | 'signal' | 'idleFlushMs'>;

/**
 * A one-off analysis goes through the bundle runner (directories, archives — standard input too
 * may be one —, layouts, worker threads); live use (follow mode, the TUI) streams through the
 * pipeline directly.
 */
function usesBundleRunner(live: LiveHooks): boolean {
  return Object.keys(live).length === 0;
}

function withProgress(io: Io, quiet: boolean): { progress?: NonNullable<ReturnType<typeof progressBar>> } {
  const bar = progressBar(io.stderr as NodeJS.WritableStream & { isTTY?: boolean }, quiet);
  return bar ? { progress: bar } : {};
}

/** Loads patterns and the kind registry, resolves inputs, and runs the pipeline. */
export async function runAnalysis(paths: string[], opts: AnalyzeCliOptions, io: Io, live: LiveHooks = {}): Promise<Report> {
  const library = loadLibrary(opts.patterns, { allowUnverifiedRegex: opts.allowUnverifiedRegex === true });
  for (const n of library.notices) io.stderr.write(`kube-log-doctor: ${n}\n`);
  const registry = KindRegistry.withBuiltins();
  for (const path of opts.crds) loadCrds(registry, path);
  for (const file of opts.apiResources) loadApiResources(registry, file);
  if (usesBundleRunner(live)) {
    const report = await analyzeBundle(paths, {
      patterns: library.patterns,
      registry,
      maxLineBytes: opts.maxLineLength,
      // Entries only go to the matcher here, so lines that cannot match are counted without a full parse.
      assembler: { inputFormat: opts.inputFormat ?? 'auto', matchKeywords: signatureKeywords(library.patterns) },
      maxExpandedBytes: opts.maxExpandedBytes ?? DEFAULT_MAX_EXPANDED_BYTES,
      jobs: opts.jobs ?? 'auto',
      ...withProgress(io, opts.quiet === true),
    });
    const errors = report.stats.errors;
    if (report.stats.inputs?.files === 0 && errors.length > 0) {
      // Not one path could be opened: no report, as for a single missing file.
      for (const m of errors.slice(0, -1)) io.stderr.write(`kube-log-doctor: ${m}\n`);
      throw new NothingReadableError(errors[errors.length - 1]!);
    }
    for (const m of errors) io.stderr.write(`kube-log-doctor: ${m}\n`);
    return report;
  }
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
    inputFormat: opts.inputFormat ?? 'auto',
    onInputError: (m) => io.stderr.write(`kube-log-doctor: ${m}\n`),
    ...live,
  });
  for (const m of manifestErrors) {
    report.stats.errors.push(m);
    io.stderr.write(`kube-log-doctor: ${m}\n`);
  }
  return report;
}

export async function analyzeCommand(paths: string[], opts: AnalyzeCliOptions, io: Io): Promise<number> {
  const report = await runAnalysis(paths, opts, io);
  // The per-source list is long for a big bundle: JSON carries it when asked for.
  if (opts.by !== 'source') delete report.sources;
  io.stdout.write(
    renderReport(report, opts.output, {
      color: opts.color && wantsColor(io.stdout, io.env),
      width: io.stdout.columns ?? 100,
      by: opts.by,
    }),
  );
  return exitCodeFor(report, opts.failOn, opts.strict === true);
}
