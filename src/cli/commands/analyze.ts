/** The default command: analyse logs and print the diagnosis. */

import { Command, InvalidArgumentError, Option } from 'commander';
import { EXIT } from '../../exit-codes.js';
import { collect, warn, type Io } from '../io.js';
import { analyze, loadKnowledge, type AnalysisOptions, type Input } from '../../analysis.js';
import { SEVERITIES, readNothing, severityRank, type Report, type Severity } from '../../model/finding.js';
import { renderReport, REPORTERS, type ReporterName } from '../../report/index.js';
import { wantsColor } from '../../report/style.js';
import { INPUT_FORMATS, type InputFormat } from '../../parse/input-format.js';
import { DEFAULT_MAX_EXPANDED_BYTES, parseByteSize } from '../../input/budget.js';
import { progressBar } from '../../report/progress.js';
import { NothingReadableError } from '../../input/nothing-readable.js';
import { terminalSafe } from '../../report/terminal-safe.js';
import { reportWidth } from '../../report/width.js';
import { MAX_MAX_LINE_BYTES } from '../../framing/lines.js';

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

function parseLineLength(value: string): number {
  const n = parsePositiveInt(value);
  if (n > MAX_MAX_LINE_BYTES) throw new InvalidArgumentError(`at most ${MAX_MAX_LINE_BYTES} (256 MiB): a longer line cannot be held as one string.`);
  return n;
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
    .option('--max-line-length <bytes>', 'cut longer lines (counted in stats.truncated); at most 256 MiB', parseLineLength, 1024 * 1024)
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
  // Nothing read is never "healthy".
  if (readNothing(report)) return EXIT.USAGE_OR_INPUT;
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

function withProgress(io: Io, quiet: boolean): { progress?: NonNullable<ReturnType<typeof progressBar>> } {
  const bar = progressBar(io.stderr as NodeJS.WritableStream & { isTTY?: boolean }, quiet);
  return bar ? { progress: bar } : {};
}

/**
 * Runs one analysis as the CLI's options say, for every mode (report, follow, TUI): loads the
 * patterns and the kind registry, reads the inputs, and says on stderr what could not be read.
 * Paths that cannot be opened are named before reading starts; when none can, there is no report.
 */
export async function runAnalysis(inputs: readonly Input[], opts: AnalyzeCliOptions, io: Io, extra: Pick<AnalysisOptions, 'live' | 'stdin' | 'follow'> = {}): Promise<Report> {
  const knowledge = loadKnowledge({ patterns: opts.patterns, crds: opts.crds, apiResources: opts.apiResources, allowUnverifiedRegex: opts.allowUnverifiedRegex === true, env: io.env });
  for (const n of knowledge.library.notices) warn(io, n);
  let early = 0;
  const report = await analyze(inputs, knowledge, {
    maxLineBytes: opts.maxLineLength,
    inputFormat: opts.inputFormat ?? 'auto',
    maxExpandedBytes: opts.maxExpandedBytes ?? DEFAULT_MAX_EXPANDED_BYTES,
    jobs: opts.jobs ?? 'auto',
    ...(io.stdin ? { stdin: io.stdin } : {}),
    ...extra,
    // A live run has no progress bar: the live output or the UI is the progress.
    ...(extra.live ? {} : withProgress(io, opts.quiet === true)),
    onResolved: (errors, files) => {
      early = errors.length;
      if (files === 0 && errors.length > 0) {
        // Not one path could be opened: no report, as for a single missing file.
        for (const m of errors.slice(0, -1)) warn(io, m);
        throw new NothingReadableError(terminalSafe(errors[errors.length - 1]!));
      }
      for (const m of errors) warn(io, m);
    },
  });
  for (const m of report.stats.errors.slice(early)) warn(io, m);
  return report;
}

export async function analyzeCommand(paths: string[], opts: AnalyzeCliOptions, io: Io): Promise<number> {
  const report = await runAnalysis(paths, opts, io);
  // The per-source list is long for a big bundle: JSON carries it when asked for.
  if (opts.by !== 'source') delete report.sources;
  io.stdout.write(
    renderReport(report, opts.output, {
      color: opts.color && wantsColor(io.stdout, io.env),
      width: reportWidth(io),
      by: opts.by,
    }),
  );
  return exitCodeFor(report, opts.failOn, opts.strict === true);
}
