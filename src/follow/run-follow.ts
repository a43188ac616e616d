/**
 * Follow mode: runs the analysis on a live input, announcing each new finding the moment its
 * first occurrence is read, printing what changed every interval (or on SIGUSR1), and on end of
 * input or SIGINT/SIGTERM returning the report so the caller prints the full diagnosis once.
 */

import type { LiveAnalysis, LiveHooks } from '../analysis.js';
import type { Report } from '../model/finding.js';
import type { Style } from '../report/style.js';
import { FollowPrinter } from './follow-printer.js';

/** Signals that stop the analysis; the second one is left to the default handler (exit at once). */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;
/** Input pause after which the pending entry is matched rather than kept for continuation lines. */
export const FOLLOW_IDLE_FLUSH_MS = 200;

export type SignalSource = Pick<NodeJS.EventEmitter, 'on' | 'once' | 'off'>;

/** The pipeline hooks follow mode drives. */
export type FollowHooks = Required<Pick<LiveHooks, 'signal' | 'idleFlushMs' | 'onStart' | 'onMatch' | 'onEntry'>>;

export interface FollowOptions {
  /** Seconds between change blocks. */
  intervalSeconds: number;
  write: (text: string) => void;
  style: Style;
  signals: SignalSource;
  now?: () => Date;
}

export interface FollowOutcome {
  report: Report;
  /** The signal that stopped the input, or null when it ended by itself. */
  stoppedBy: NodeJS.Signals | null;
}

/** Runs `analyze` (given the live hooks) under follow mode's printing and signal handling. */
export async function runFollow(
  analyze: (hooks: FollowHooks) => Promise<Report>,
  opts: FollowOptions,
): Promise<FollowOutcome> {
  const printer = new FollowPrinter(opts.write, opts.style, opts.now);
  const controller = new AbortController();
  let live: LiveAnalysis | null = null;
  let sawNew = false;
  let stoppedBy: NodeJS.Signals | null = null;

  const stop = (signal: NodeJS.Signals) => {
    if (stoppedBy === null) stoppedBy = signal;
    for (const s of STOP_SIGNALS) opts.signals.off(s, stop);
    controller.abort();
  };
  const changes = (forced: boolean) => {
    if (live) printer.printChanges(live.snapshot(), forced);
  };
  const onUsr1 = () => changes(true);
  for (const s of STOP_SIGNALS) opts.signals.once(s, stop);
  // Windows has no SIGUSR1; the interval still runs there.
  if (process.platform !== 'win32') opts.signals.on('SIGUSR1', onUsr1);
  const timer = setInterval(() => changes(false), opts.intervalSeconds * 1000);
  timer.unref();

  try {
    const report = await analyze({
      signal: controller.signal,
      idleFlushMs: FOLLOW_IDLE_FLUSH_MS,
      onStart: (handle) => {
        live = handle;
      },
      onMatch: (_match, _key, isNew) => {
        if (isNew) sawNew = true;
      },
      // Announce after the whole entry is matched, so findings linked by this very line are there.
      onEntry: (entry) => {
        if (!sawNew || !live) return;
        sawNew = false;
        printer.announceNew(live.snapshot(), entry.time);
      },
    });
    return { report, stoppedBy };
  } finally {
    clearInterval(timer);
    for (const s of STOP_SIGNALS) opts.signals.off(s, stop);
    opts.signals.off('SIGUSR1', onUsr1);
  }
}
