/**
 * Follow mode: runs the analysis on a live input, announcing each new finding the moment its
 * first occurrence is read, printing what changed every interval (or on SIGUSR1), and on end of
 * input or SIGINT/SIGTERM returning the report so the caller prints the full diagnosis once.
 */

import type { LiveAnalysis, LiveHooks } from '../analysis.js';
import type { Report } from '../model/finding.js';
import type { Style } from '../report/style.js';
import { FollowPrinter, type LivePrinter } from './follow-printer.js';

/** Signals that stop the analysis; the second one is left to the default handler (exit at once). */
const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;
/** Input pause after which the pending entry is matched rather than kept for continuation lines. */
export const FOLLOW_IDLE_FLUSH_MS = 200;

/**
 * Announcing takes a snapshot, that is a correlation of every finding. After one, the next waits
 * at least this long and ten times what the last took, so a burst of new findings costs a few
 * correlations rather than one each; the findings of a burst are announced together.
 */
const MIN_ANNOUNCE_GAP_MS = 100;
const ANNOUNCE_COST_FACTOR = 10;

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
  /** Prints instead of the text lines (`-o ndjson`); `write` and `style` are then unused. */
  printer?: LivePrinter;
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
  const printer = opts.printer ?? new FollowPrinter(opts.write, opts.style, opts.now);
  const controller = new AbortController();
  let live: LiveAnalysis | null = null;
  let sawNew = false;
  /** New findings not announced yet, and the time of the entry that brought the first of them. */
  let pending = false;
  let pendingTime: string | null = null;
  let nextAnnounceAt = 0;
  let announceTimer: NodeJS.Timeout | null = null;
  let stoppedBy: NodeJS.Signals | null = null;

  const stop = (signal: NodeJS.Signals) => {
    if (stoppedBy === null) stoppedBy = signal;
    for (const s of STOP_SIGNALS) opts.signals.off(s, stop);
    controller.abort();
  };
  const changes = (forced: boolean) => {
    if (live) printer.printChanges(live.snapshot(), forced);
  };
  const announce = () => {
    announceTimer = null;
    if (!pending || !live) return;
    pending = false;
    const started = Date.now();
    printer.announceNew(live.snapshot(), pendingTime);
    const took = Date.now() - started;
    nextAnnounceAt = Date.now() + Math.max(MIN_ANNOUNCE_GAP_MS, ANNOUNCE_COST_FACTOR * took);
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
        if (!pending) pendingTime = entry.time;
        pending = true;
        const wait = nextAnnounceAt - Date.now();
        if (wait <= 0) announce();
        else announceTimer ??= setTimeout(announce, wait);
      },
    });
    // What is still pending is announced from the final report, before the caller prints it.
    if (pending) printer.announceNew(report, pendingTime);
    return { report, stoppedBy };
  } finally {
    if (announceTimer) clearTimeout(announceTimer);
    clearInterval(timer);
    for (const s of STOP_SIGNALS) opts.signals.off(s, stop);
    opts.signals.off('SIGUSR1', onUsr1);
  }
}
