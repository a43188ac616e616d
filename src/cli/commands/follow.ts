/** `-f/--follow` and `--interval`: the analysis on a live input, printed as it happens (src/follow). */

import { Command, InvalidArgumentError } from 'commander';
import type { Io } from '../io.js';
import { dropHtmlFile, exitCodeFor, needsSources, openHtmlFile, runAnalysis, shownReport, writeHtmlFile, writeReport, type AnalyzeCliOptions } from './analyze.js';
import { NdjsonPrinter } from '../../follow/ndjson-printer.js';
import { catalogOf } from '../../analysis.js';
import type { Catalog } from '../../model/catalog.js';
import { colorFor, makeStyle } from '../../report/style.js';
import { runFollow, type SignalSource } from '../../follow/run-follow.js';
import { UsageError } from '../../errors.js';

export const DEFAULT_INTERVAL_SECONDS = 30;

export interface FollowCliOptions {
  follow?: boolean;
  interval?: number;
}

/** Longest --interval: Node's timers hold at most 2^31 − 1 ms (a longer one fires at once, every time). */
export const MAX_INTERVAL_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

function parseSeconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number of seconds.');
  if (n > MAX_INTERVAL_SECONDS) throw new InvalidArgumentError(`at most ${MAX_INTERVAL_SECONDS} seconds (about 24.8 days), the longest timer Node.js keeps.`);
  return n;
}

export function addFollowOptions(cmd: Command): Command {
  return cmd
    .option(
      '-f, --follow',
      'live input (kubectl logs -f … | kube-log-doctor -f): print each new finding at once, then what ' +
        'changed every --interval seconds or on SIGUSR1; the full diagnosis at end of input or Ctrl-C',
    )
    .option('--interval <seconds>', `with --follow: seconds between change summaries (default ${DEFAULT_INTERVAL_SECONDS})`, parseSeconds);
}

/** Options that only make sense with --follow. */
export function checkFollowOptions(opts: FollowCliOptions): void {
  if (opts.interval !== undefined && !opts.follow) throw new UsageError('--interval only applies with --follow (-f).');
}

export async function followCommand(
  paths: string[],
  opts: AnalyzeCliOptions & FollowCliOptions,
  io: Io,
  signals: SignalSource = process,
): Promise<number> {
  // A JSON or Markdown report on stdout must stay one document: the live lines go to stderr then.
  // With -o ndjson stdout is the stream of findings itself.
  const ndjson = opts.output === 'ndjson' ? new NdjsonPrinter((text) => io.stdout.write(text)) : null;
  const liveStream = opts.output === 'text' ? io.stdout : io.stderr;
  const liveTty = liveStream as { isTTY?: boolean };
  const style = makeStyle(colorFor(opts.color, liveTty, io.env));
  let catalog: Catalog | undefined;
  const htmlFile = openHtmlFile(opts);
  let run: Awaited<ReturnType<typeof runFollow>>;
  try {
    run = await runFollow((hooks) => runAnalysis(paths, opts, io, { live: hooks, follow: true, ...(needsSources(opts) ? {} : { sources: false }) }, (k) => (catalog = catalogOf(k.library))), {
      intervalSeconds: opts.interval ?? DEFAULT_INTERVAL_SECONDS,
      write: (text) => liveStream.write(text),
      style,
      signals,
      ...(ndjson ? { printer: ndjson } : {}),
    });
  } catch (err) {
    dropHtmlFile(htmlFile);
    throw err;
  }
  const { stoppedBy } = run;
  const why = stoppedBy ? `stopped by ${stoppedBy}` : 'end of input';
  await writeHtmlFile(htmlFile, run.report);
  // As the batch report does: the per-source list only when asked for.
  const report = shownReport(run.report, opts);
  if (ndjson) {
    ndjson.end(report, why);
  } else {
    liveStream.write(style.dim(`── ${why} · full diagnosis ──`) + '\n');
    await writeReport(report, opts, io, catalog);
  }
  return exitCodeFor(report, opts.failOn, opts.strict === true);
}
