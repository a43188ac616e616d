/**
 * The progress bar for batch analysis: bytes read of the total, rate, and the file being read,
 * drawn on stderr with cli-progress — only when stderr is a terminal (and not TERM=dumb, which
 * cannot move the cursor), never under --quiet, and only once the work has taken a second: a run
 * that ends sooner draws nothing at all. The file name is untrusted (it comes from an archive)
 * and is escaped before it is drawn.
 */

import type cliProgressTypes from 'cli-progress';
import { lazy } from '../lazy.js';

const cliProgress = lazy<typeof cliProgressTypes>('cli-progress');
import type { ProgressSink } from '../parallel/run-bundle.js';
import { formatBytes } from '../input/budget.js';
import { terminalSafe } from './terminal-safe.js';

const NAME_WIDTH = 40;

function shortName(label: string): string {
  const safe = terminalSafe(label);
  return safe.length <= NAME_WIDTH ? safe.padEnd(NAME_WIDTH) : `…${safe.slice(safe.length - NAME_WIDTH + 1)}`;
}

/** How long a run works before its progress is shown. */
export const PROGRESS_DELAY_MS = 1000;

export interface ProgressOptions {
  env?: NodeJS.ProcessEnv;
  /** Milliseconds before anything is drawn (default PROGRESS_DELAY_MS). */
  delayMs?: number;
  /** The clock (tests pass their own). */
  now?: () => number;
}

/** A progress sink that draws on `stream`, or null when nothing may be drawn there. */
export function progressBar(stream: NodeJS.WritableStream & { isTTY?: boolean }, quiet: boolean, options: ProgressOptions = {}): ProgressSink | null {
  if (quiet || !stream.isTTY || options.env?.['TERM'] === 'dumb') return null;
  const now = options.now ?? Date.now;
  const delayMs = options.delayMs ?? PROGRESS_DELAY_MS;
  const started = now();
  let done = 0;
  let total = 0;
  const bar = new (cliProgress().SingleBar)(
    {
      stream,
      format: ' {bar} {percentage}% | {doneBytes} of {totalBytes} | {rate} | {file}',
      hideCursor: true,
      clearOnComplete: true,
      fps: 5,
    },
    cliProgress().Presets.shades_classic,
  );
  const payload = (file?: string) => {
    const seconds = Math.max((now() - started) / 1000, 0.001);
    return {
      doneBytes: formatBytes(done),
      totalBytes: formatBytes(total),
      rate: `${formatBytes(Math.round(done / seconds))}/s`,
      ...(file !== undefined ? { file: shortName(file) } : {}),
    };
  };
  // Nothing is drawn until the run has worked for delayMs: checked on every update (a busy
  // main thread runs no timers) and by a timer (a run that waits for input makes no updates).
  let state: 'waiting' | 'drawing' | 'stopped' = 'waiting';
  let file = '';
  let timer: NodeJS.Timeout | undefined;
  const due = () => {
    if (state !== 'waiting' || total === 0 || now() - started < delayMs) return state === 'drawing';
    state = 'drawing';
    if (timer) clearTimeout(timer);
    bar.start(total, done, { ...payload(), file });
    return true;
  };
  return {
    start(totalBytes) {
      total = Math.max(totalBytes, 1);
      if (due()) return;
      timer = setTimeout(due, Math.max(delayMs - (now() - started), 0));
      timer.unref();
    },
    advance(bytes) {
      done = Math.min(Math.max(done + bytes, 0), total);
      if (due()) bar.update(done, payload());
    },
    current(label) {
      file = shortName(label);
      if (due()) bar.update(done, payload(label));
    },
    stop() {
      if (timer) clearTimeout(timer);
      if (state === 'drawing') bar.stop();
      state = 'stopped';
    },
  };
}
