/** Ending a stream cleanly when a run is stopped (Ctrl-C in follow mode, quitting the TUI). */

import { PassThrough, type Readable } from 'node:stream';

/**
 * The input, ending cleanly (as at its end) when the signal aborts, so that a last line without
 * its newline is still framed and counted; the underlying stream is destroyed (a pipe that never
 * ends).
 */
export function endOnAbort(input: Readable, signal: AbortSignal): Readable {
  const gate = new PassThrough();
  input.on('error', (err) => gate.destroy(err));
  input.pipe(gate);
  const stop = (): void => {
    input.unpipe(gate);
    gate.end();
    input.destroy();
  };
  if (signal.aborted) stop();
  else signal.addEventListener('abort', stop, { once: true });
  gate.on('close', () => signal.removeEventListener('abort', stop));
  return gate;
}
