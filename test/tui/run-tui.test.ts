/** Where the TUI refuses to start, each with one clear line; and where it reads keys from. */

import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { runTui } from '../../src/tui/run-tui.js';
import { keySource } from '../../src/tui/terminal-keys.js';
import { UsageError } from '../../src/errors.js';
import type { Io } from '../../src/cli/io.js';
import { cliOptions, SEED_LOG } from './helpers.js';
import { runAnalysis } from '../../src/cli/commands/analyze.js';
import type { TuiOptions } from '../../src/tui/run-tui.js';

/** The TUI's options as the tui command passes them, for `paths`. */
const tuiOptions = (paths: string[], extra: Partial<TuiOptions> = {}): TuiOptions => ({
  analyze: (quietIo, live) => runAnalysis(paths, cliOptions(), quietIo, { live }),
  ...extra,
});

function io(opts: { tty: boolean; env?: NodeJS.ProcessEnv }): Io {
  const out = Object.assign(new PassThrough(), { isTTY: opts.tty, columns: 100, rows: 30 });
  return { stdout: out, stderr: new PassThrough(), env: opts.env ?? {} };
}

function stdin(isTTY: boolean): NodeJS.ReadStream {
  return Object.assign(new PassThrough(), { isTTY }) as unknown as NodeJS.ReadStream;
}

const noTerminal = { signals: process, openTerminal: () => null };

async function refusal(run: Promise<number>): Promise<string> {
  const err = await run.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(UsageError);
  const message = (err as UsageError).message;
  expect(message).not.toContain('\n');
  return message;
}

describe('runTui refuses, with one line and exit code 2', () => {
  it('when standard output is not a terminal', async () => {
    const msg = await refusal(runTui([SEED_LOG], tuiOptions([SEED_LOG]), io({ tty: false }), { stdin: stdin(true), ...noTerminal }));
    expect(msg).toMatch(/^tui needs a terminal, but standard output is not one/);
    expect(new UsageError(msg).exitCode).toBe(2);
  });

  it('when CI is set, where Ink would draw nothing live', async () => {
    const msg = await refusal(runTui([SEED_LOG], tuiOptions([SEED_LOG]), io({ tty: true, env: { CI: 'true' } }), { stdin: stdin(true), ...noTerminal }));
    expect(msg).toContain('CI');
  });

  it('when there is no input: no path, and standard input is the terminal', async () => {
    const msg = await refusal(runTui([], tuiOptions([]), io({ tty: true }), { stdin: stdin(true), ...noTerminal }));
    expect(msg).toMatch(/^tui has no input/);
  });

  it('when logs come through a pipe and there is no terminal to read keys from', async () => {
    const msg = await refusal(runTui(['-'], tuiOptions(['-']), io({ tty: true }), { stdin: stdin(false), ...noTerminal }));
    expect(msg).toMatch(/^tui needs a terminal to read keys from: standard input is the log pipe and \/dev\/tty cannot be opened/);
  });
});

describe('keySource', () => {
  it('uses standard input when it is a terminal and the logs come from files', () => {
    const tty = stdin(true);
    expect(keySource(tty, false, () => null)?.stream).toBe(tty);
  });

  it('opens the controlling terminal when standard input carries the logs', () => {
    const terminal = stdin(true);
    let opened = 0;
    const keys = keySource(stdin(false), true, () => (opened++, terminal));
    expect(opened).toBe(1);
    expect(keys?.stream).toBe(terminal);
  });

  it('gives nothing when there is no terminal at all', () => {
    expect(keySource(stdin(false), true, () => null)).toBeNull();
    expect(keySource(stdin(true), true, () => null)).toBeNull();
  });
});

describe('--print-selection', () => {
  it('is checked before anything is drawn: an unwritable file is a one-line error', async () => {
    const err = await runTui([SEED_LOG], tuiOptions([SEED_LOG], { printSelection: '/nonexistent-dir/selection.txt' }), io({ tty: true }), {
      stdin: stdin(true),
      ...noTerminal,
    }).then(
      () => null,
      (e: unknown) => e as Error,
    );
    expect(err?.message).toBe('/nonexistent-dir/selection.txt: cannot write the selection: no such file or directory');
  });
});
