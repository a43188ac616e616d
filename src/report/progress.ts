/**
 * The progress bar for batch analysis: bytes read of the total, rate, and the file being read,
 * drawn on stderr with cli-progress — only when stderr is a terminal, never under --quiet.
 * The file name is untrusted (it comes from an archive) and is escaped before it is drawn.
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

/** A progress sink that draws on `stream`, or null when nothing may be drawn there. */
export function progressBar(stream: NodeJS.WritableStream & { isTTY?: boolean }, quiet: boolean): ProgressSink | null {
  if (quiet || !stream.isTTY) return null;
  const started = Date.now();
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
    const seconds = Math.max((Date.now() - started) / 1000, 0.001);
    return {
      doneBytes: formatBytes(done),
      totalBytes: formatBytes(total),
      rate: `${formatBytes(Math.round(done / seconds))}/s`,
      ...(file !== undefined ? { file: shortName(file) } : {}),
    };
  };
  return {
    start(totalBytes) {
      total = Math.max(totalBytes, 1);
      bar.start(total, 0, { ...payload(), file: '' });
    },
    advance(bytes) {
      done = Math.min(Math.max(done + bytes, 0), total);
      bar.update(done, payload());
    },
    current(label) {
      bar.update(done, payload(label));
    },
    stop() {
      bar.stop();
    },
  };
}
