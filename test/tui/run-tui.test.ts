/** Where the TUI refuses to start, each with one clear line; and where it reads keys from. */

import { describe, expect, it } from 'vitest';
import { PassThrough } from 'node:stream';
import { EventEmitter } from 'node:events';
import { Console as NodeConsole } from 'node:console';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bashWords } from '../library/shell-words.js';
import { runTui } from '../../src/tui/run-tui.js';
import { keySource } from '../../src/tui/terminal-keys.js';
import { UsageError } from '../../src/errors.js';
import type { Io } from '../../src/cli/io.js';
import { cliOptions, SEED_LOG } from './helpers.js';
import { exitCodeFor, runAnalysis } from '../../src/cli/commands/analyze.js';
import type { TuiOptions } from '../../src/tui/run-tui.js';
import { tempDir } from '../tmp.js';

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

describe('the chosen fix, printed or written, from hostile logs', () => {
  // Ink's patchConsole builds a console.Console; vitest's console has none.
  (console as unknown as { Console?: unknown }).Console ??= NodeConsole;

  /** A terminal for keys that Ink can put in raw mode. */
  function keyTerminal(): NodeJS.ReadStream & PassThrough {
    return Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => undefined, ref: () => undefined, unref: () => undefined }) as unknown as NodeJS.ReadStream & PassThrough;
  }

  /** Runs the TUI on `log`, presses c (print the default fix) and q; returns the file and stdout. */
  async function chooseFix(log: string, opts: { toFile: boolean; patterns?: string[] }): Promise<{ file: string; stdout: string }> {
    const dir = tempDir('kld-sel-');
    const path = join(dir, 'evil.log');
    writeFileSync(path, `${log}\n`);
    const selection = join(dir, 'fix.sh');
    const out = io({ tty: true });
    let printed = '';
    out.stdout.on('data', (c: Buffer) => (printed += c.toString()));
    const keys = keyTerminal();
    // Wait for the analysis itself, not for a frame: Ink draws no live frames when CI is set.
    let analysed: Promise<unknown> | null = null;
    const analyze: TuiOptions['analyze'] = (quietIo, live) => {
      const done = runAnalysis([path], cliOptions({ patterns: opts.patterns ?? [] }), quietIo, { live });
      analysed = done;
      return done;
    };
    const run = runTui([path], { analyze, ...(opts.toFile ? { printSelection: selection } : {}) }, out, {
      stdin: keys,
      signals: new EventEmitter(),
      openTerminal: () => null,
    });
    for (let i = 0; i < 400 && analysed === null; i++) await new Promise((r) => setTimeout(r, 25));
    await analysed;
    // Let the UI take the final report before the keys arrive.
    await new Promise((r) => setTimeout(r, 100));
    keys.write('c');
    await new Promise((r) => setTimeout(r, 100));
    keys.write('q');
    // The TUI returns the report; the tui command turns it into the exit code.
    expect(exitCodeFor(await run, 'none')).toBe(0);
    const after = printed.slice(printed.lastIndexOf('\u001b[?1049l') + '\u001b[?1049l'.length);
    return { file: opts.toFile ? readFileSync(selection, 'utf8') : '', stdout: after };
  }

  const forbidden = (subject: string) =>
    `E0612 10:11:12.123456       1 reflector.go:158] failed to list *v1.Secret: secrets is forbidden: User "${subject}" cannot list resource "secrets" in API group "" at the cluster scope`;

  it('quotes a command substitution in a captured value: the file runs it as one literal word', async () => {
    const { file } = await chooseFix(forbidden('x$(touch /tmp/pwned)'), { toFile: true });
    expect(file).toBe(`kubectl auth can-i list secrets -A --as='x$(touch /tmp/pwned)'\n`);
    expect(bashWords(file)).toEqual([['kld_words', 'kubectl', 'auth', 'can-i', 'list', 'secrets', '-A', '--as=x$(touch /tmp/pwned)']]);
  });

  it('never writes or prints terminal escapes from a log line (OSC 52, OSC 8, title, clear, C1, bidi)', async () => {
    const evil = 'op\u001b]52;c;cHduZWQ=\u0007\u001b]8;;https://evil.example\u0007x\u001b]0;title\u0007\u001b[2J\u009b31m\u202e';
    const toFile = await chooseFix(forbidden(evil), { toFile: true });
    expect(toFile.file).toBe('kubectl auth can-i list secrets -A --as=<subject>\n');
    const printed = await chooseFix(forbidden(evil), { toFile: false });
    expect(printed.stdout).toBe('kubectl auth can-i list secrets -A --as=<subject>\n');
  });

  it('escapes control characters a command itself carries (a user pattern), in the file and on stdout', async () => {
    const dir = tempDir('kld-pat-');
    writeFileSync(
      join(dir, 'evil-fix.yaml'),
      [
        'id: evil-fix',
        'family: evil-fix',
        'title: A fix with escapes',
        'severity: error',
        'match:',
        "  keywords: ['evil marker']",
        "  regex: 'evil marker'",
        'diagnosis: evil',
        'explanation: evil',
        'causes: [evil]',
        'fixes: ["Run: `echo \\e]52;c;cHduZWQ=\\a\\e[2J\\u009b31m\\u202e`"]',
        'examples:',
        "  match: [{line: 'evil marker'}, {line: 'an evil marker'}]",
        "  nomatch: [{line: 'nothing', reason: 'no marker'}]",
      ].join('\n'),
    );
    const expected = 'echo \\x1b]52;c;cHduZWQ=\\x07\\x1b[2J\\x9b31m\\u202e\n';
    expect((await chooseFix('E0612 10:11:12.123456 1 x.go:1] evil marker', { toFile: true, patterns: [dir] })).file).toBe(expected);
    expect((await chooseFix('E0612 10:11:12.123456 1 x.go:1] evil marker', { toFile: false, patterns: [dir] })).stdout).toBe(expected);
  });
});
