/** The default command: analyse logs and print the diagnosis. */

import { closeSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { Command, InvalidArgumentError, Option } from 'commander';
import { EXIT } from '../../exit-codes.js';
import { collect, warn, type Io } from '../io.js';
import { analyze, catalogOf, checkSelectionNames, loadKnowledge, type AnalysisOptions, type Input, type Knowledge } from '../../analysis.js';
import type { Catalog } from '../../model/catalog.js';
import { addFilterOptions, filtersFrom, type FilterCliOptions } from './filters.js';
import { hasFilters } from '../../model/filters.js';
import { SEVERITIES, readNothing, severityRank, type Report, type Severity } from '../../model/finding.js';
import { renderReport, REPORTERS, type ReporterName } from '../../report/index.js';
import { COLOR_CHOICES, colorFor, type ColorChoice } from '../../report/style.js';
import { INPUT_FORMATS, type InputFormat } from '../../parse/input-format.js';
import { DEFAULT_MAX_EXPANDED_BYTES, parseByteSize } from '../../input/budget.js';
import { progressBar } from '../../report/progress.js';
import { NothingReadableError } from '../../input/nothing-readable.js';
import { terminalSafe } from '../../report/terminal-safe.js';
import { reportWidth } from '../../report/width.js';
import { MAX_MAX_LINE_BYTES } from '../../framing/lines.js';
import { applyBaseline, readBaseline } from '../../report/baseline.js';
import { loadConfig } from '../../library/config.js';
import { applyIgnore } from '../../correlate/ignore.js';
import { UsageError, describeFsError } from '../../errors.js';

export interface AnalyzeCliOptions extends FilterCliOptions {
  output: ReporterName;
  crds: string[];
  apiResources: string[];
  by: 'finding' | 'kind' | 'source';
  patterns: string[];
  failOn: Severity | 'none';
  /** `--color auto|always|never`; `--no-color` makes it false. */
  color: ColorChoice | false;
  maxLineLength: number;
  /** `auto` unless the user named the input format (`--input-format`). */
  inputFormat?: InputFormat;
  /** No progress bar, no standard-input hint (no stderr output but errors). */
  quiet?: boolean;
  /** Exit 2 when any input could not be read completely. */
  strict?: boolean;
  /** Limit on bytes produced by decompression over the whole run. */
  maxExpandedBytes?: number;
  /** Worker threads for bundles: a number, or 'auto'. */
  jobs?: number | 'auto';
  /** Run user regexes that neither RE2 nor recheck can vouch for, time-boxed per line. */
  allowUnverifiedRegex?: boolean;
  /** An earlier JSON report: findings and groups are marked new, grown or known (`--baseline`). */
  baseline?: string;
  /** The config file (`--config`); else `.kube-log-doctor.yaml` in the working directory, if any. */
  config?: string;
  /** List what ignore rules left out (`--show-ignored`). */
  showIgnored?: boolean;
  /** Also write the HTML report to this file. */
  html?: string;
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
  const withOptions = cmd
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
    .addOption(
      new Option('--color <when>', 'colour the text report and the TUI: auto (on a terminal, unless NO_COLOR is set or TERM=dumb; FORCE_COLOR forces it), always or never')
        .choices(COLOR_CHOICES)
        .default('auto'),
    )
    .option('--no-color', 'never colour the text report or the TUI (same as --color never)')
    .option('--max-line-length <bytes>', 'cut longer lines (counted in stats.truncated); at most 256 MiB', parseLineLength, 1024 * 1024)
    .option('--max-expanded-bytes <size>', 'stop decompressing archives past this many bytes in total (decompression-bomb guard)', parseSize, DEFAULT_MAX_EXPANDED_BYTES)
    .option('--jobs <n>', 'worker threads for directories and archives (at most the core count), or auto', parseJobs, 'auto')
    .option('-q, --quiet', 'no progress bar and no standard-input hint on stderr (errors only)')
    .option('--html <file>', 'also write the report as one self-contained HTML page to this file (beside any -o)')
    .option('--strict', 'exit 2 when any input could not be read completely, even if the rest was analysed')
    .option('--config <file>', 'the config file with ignore rules (default: .kube-log-doctor.yaml in the working directory, when there is one)')
    .option('--show-ignored', 'list the findings and unrecognised errors that ignore rules left out, with their reasons')
    .option('--baseline <report.json>', 'an earlier -o json report: mark findings and unrecognised errors new, grown (count more than doubled) or known, list the resolved ones; --fail-on then counts new and grown findings only')
    .option('--allow-unverified-regex', 'accept --patterns regexes that RE2 cannot run and recheck cannot prove safe (each line then gets at most 100 ms)')
    .addOption(
      new Option('--input-format <name>', 'read every input as this format (stern: declare stern prefixes) instead of detecting it')
        .choices(INPUT_FORMATS)
        .default('auto'),
    );
  // Listed after the others in --help: they narrow the report.
  return addFilterOptions(withOptions);
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
  // Against a baseline only regressions count: new findings and grown ones.
  const counted = report.baseline ? report.findings.filter((f) => f.baseline !== 'known') : report.findings;
  return counted.some((f) => severityRank(f.severity) <= limit) ? EXIT.FINDINGS : EXIT.OK;
}

function withProgress(io: Io, quiet: boolean): { progress?: NonNullable<ReturnType<typeof progressBar>> } {
  const bar = progressBar(io.stderr as NodeJS.WritableStream & { isTTY?: boolean }, quiet, { env: io.env });
  return bar ? { progress: bar } : {};
}

/** What a user who typed the command without a pipe sees, instead of a silent wait. */
export const STDIN_HINT = 'reading logs from standard input; pipe `kubectl logs …` in, or press Ctrl-D';

/**
 * Runs one analysis as the CLI's options say, for every mode (report, follow, TUI): loads the
 * patterns and the kind registry, reads the inputs, and says on stderr what could not be read.
 * Paths that cannot be opened are named before reading starts; when none can, there is no report.
 */
export async function runAnalysis(
  inputs: readonly Input[],
  opts: AnalyzeCliOptions,
  io: Io,
  extra: Pick<AnalysisOptions, 'live' | 'stdin' | 'follow' | 'sources'> = {},
  onKnowledge?: (k: Knowledge) => void,
): Promise<Report> {
  if (io.stdin?.isTTY === true && opts.quiet !== true && (inputs.length === 0 || inputs.includes('-'))) warn(io, STDIN_HINT);
  // Read first: a bad baseline fails before the logs are read. Every mode's final report is compared.
  const baseline = opts.baseline !== undefined ? readBaseline(opts.baseline) : null;
  const config = loadConfig(opts.config, io.cwd);
  const knowledge = loadKnowledge({ patterns: opts.patterns, crds: opts.crds, apiResources: opts.apiResources, allowUnverifiedRegex: opts.allowUnverifiedRegex === true, env: io.env });
  onKnowledge?.(knowledge);
  for (const n of knowledge.library.notices) warn(io, n);
  const filters = filtersFrom(opts);
  checkSelectionNames(filters, knowledge.library);
  let early = 0;
  const report = await analyze(inputs, knowledge, {
    maxLineBytes: opts.maxLineLength,
    inputFormat: opts.inputFormat ?? 'auto',
    maxExpandedBytes: opts.maxExpandedBytes ?? DEFAULT_MAX_EXPANDED_BYTES,
    jobs: opts.jobs ?? 'auto',
    ...(hasFilters(filters) ? { filters } : {}),
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
  // Ignored findings are left out before the comparison, so they never count as resolved or new.
  if (config) applyIgnore(report, config, { show: opts.showIgnored === true });
  if (baseline) applyBaseline(report, baseline, opts.baseline!);
  return report;
}

/** Pieces of the JSON report are written in writes of about this many characters. */
const WRITE_CHARS = 1 << 16;

/** Until the stream has taken what it holds, or can take nothing more (closed, failed: the rest is not written anyway). */
function drained(out: NodeJS.WritableStream): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      out.removeListener('drain', done);
      out.removeListener('close', done);
      out.removeListener('error', done);
      resolve();
    };
    out.once('drain', done);
    out.once('close', done);
    out.once('error', done);
  });
}

/**
 * Writes the report as the CLI's options say (every mode's final report). JSON is written in
 * pieces (renderJsonChunks, the same text), each once the stream has taken the one before (a
 * pipe to a slower reader would otherwise queue the whole document in memory): a report of
 * thousands of findings is never held as one string as well.
 */
export async function writeReport(report: Report, opts: AnalyzeCliOptions, io: Io, catalog: Catalog | undefined): Promise<void> {
  if (opts.output !== 'json') {
    io.stdout.write(await renderFor(report, opts, io, catalog));
    return;
  }
  // Loaded when used, as report/index.ts loads every renderer.
  const { renderJsonChunks } = await import('../../report/json.js');
  let pending = '';
  for (const chunk of renderJsonChunks(report)) {
    pending += chunk;
    if (pending.length >= WRITE_CHARS) {
      const taken = io.stdout.write(pending);
      pending = '';
      if (taken === false) await drained(io.stdout);
    }
  }
  if (pending) io.stdout.write(pending);
}

/** How the report is rendered for the CLI's options (every mode's final report). */
export async function renderFor(report: Report, opts: AnalyzeCliOptions, io: Io, catalog: Catalog | undefined): Promise<string> {
  return renderReport(report, opts.output, {
    color: colorFor(opts.color, io.stdout, io.env),
    width: reportWidth(io),
    by: opts.by,
    ...(catalog ? { catalog } : {}),
    ...(opts.failOn !== 'none' ? { failAt: opts.failOn } : {}),
  });
}

/**
 * `--html FILE`, opened before the analysis (so a path that cannot be written is said at once,
 * not after reading a bundle); null without the option.
 */
export function openHtmlFile(opts: Pick<AnalyzeCliOptions, 'html'>): { path: string; fd: number } | null {
  const path = opts.html;
  if (path === undefined) return null;
  if (path === '' || path === '-') throw new UsageError('--html needs a file name (use -o html for standard output).');
  try {
    return { path, fd: openSync(path, 'w') };
  } catch (err) {
    throw new UsageError(`${path}: cannot write the HTML report: ${describeFsError(err)}`);
  }
}

/** Closes and removes the `--html` file when the run fails before it could be written. */
export function dropHtmlFile(file: { path: string; fd: number } | null): void {
  if (!file) return;
  closeSync(file.fd);
  try {
    unlinkSync(file.path);
  } catch {
    // Already gone: nothing to clean up.
  }
}

/** Writes the HTML report (from the whole report: it draws the sources) to the file from openHtmlFile. */
export async function writeHtmlFile(file: { path: string; fd: number } | null, report: Report): Promise<void> {
  if (!file) return;
  const { renderHtml } = await import('../../report/html.js');
  try {
    writeSync(file.fd, renderHtml(report));
  } catch (err) {
    throw new UsageError(`${file.path}: cannot write the HTML report: ${describeFsError(err)}`);
  } finally {
    closeSync(file.fd);
  }
}

/**
 * Whether the report needs its per-source list and per-source timelines: `--by source` and the
 * HTML report (`-o html`, `--html`) show them; for any other report they are not made.
 */
export function needsSources(opts: Pick<AnalyzeCliOptions, 'by' | 'output' | 'html'>): boolean {
  return opts.by === 'source' || opts.output === 'html' || opts.html !== undefined;
}

/** What `-o` prints: the report as the options say (the per-source list only with --by source, or for HTML). */
export function shownReport(report: Report, opts: Pick<AnalyzeCliOptions, 'by' | 'output'>): Report {
  // The per-source list is long for a big bundle: JSON carries it when asked for.
  if (opts.by === 'source' || opts.output === 'html') return report;
  const { sources: _sources, ...rest } = report;
  return rest;
}

export async function analyzeCommand(paths: string[], opts: AnalyzeCliOptions, io: Io): Promise<number> {
  const htmlFile = openHtmlFile(opts);
  let catalog: Catalog | undefined;
  let report: Report;
  try {
    report = await runAnalysis(paths, opts, io, needsSources(opts) ? {} : { sources: false }, (k) => (catalog = catalogOf(k.library)));
  } catch (err) {
    dropHtmlFile(htmlFile);
    throw err;
  }
  await writeHtmlFile(htmlFile, report);
  report = shownReport(report, opts);
  await writeReport(report, opts, io, catalog);
  return exitCodeFor(report, opts.failOn, opts.strict === true);
}
