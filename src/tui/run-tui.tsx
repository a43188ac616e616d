/**
 * Starts the TUI: checks that there is a terminal to draw on and to read keys from, runs the
 * analysis feeding the live store, draws the app on the alternate screen until the user quits,
 * then stops reading and prints (or writes) the fix command the user chose.
 */

import { writeFileSync } from 'node:fs';
import { render } from 'ink';
import type { Io } from '../io.js';
import type { LiveHooks } from '../analysis.js';
import { InputError, UsageError, describeFsError } from '../errors.js';
import type { Report } from '../model/finding.js';
import { terminalSafe } from '../report/terminal-safe.js';
import type { ColorChoice } from '../report/style.js';
import { App } from './app.js';
import { LiveStore } from './live-store.js';
import { keySource, openControllingTerminal, type OpenTerminal } from './terminal-keys.js';

export interface TuiOptions {
  /** Write the chosen fix command here instead of printing it. */
  printSelection?: string;
  /** Runs the analysis (the caller's composition of it) with these live hooks, reporting to `io`. */
  analyze: (io: Io, live: LiveHooks) => Promise<Report>;
  /** `--color auto|always|never` (`--no-color`: false); default auto. */
  color?: ColorChoice | false;
}

export interface TuiDeps {
  stdin: NodeJS.ReadStream;
  signals: Pick<NodeJS.EventEmitter, 'on' | 'off'>;
  openTerminal: OpenTerminal;
}

/** How often the live store publishes a new snapshot (and the UI redraws) while reading. */
const PUBLISH_EVERY_MS = 200;
/** Input pause after which the pending entry is matched. */
const IDLE_FLUSH_MS = 200;
const ENTER_ALT_SCREEN = '\u001b[?1049h\u001b[H';
const LEAVE_ALT_SCREEN = '\u001b[?1049l';
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Whether the TUI colours its screen: `always` and `never` (or `--no-color`) decide, as for the text
 * report; `auto` follows NO_COLOR (set and not empty: no colour) and FORCE_COLOR (set and not 0:
 * colour) like the rest of the CLI, and otherwise leaves it to Ink, which asks the terminal (TERM).
 */
export function tuiColor(choice: ColorChoice | false | undefined, env: NodeJS.ProcessEnv): boolean | undefined {
  if (choice === 'always') return true;
  if (choice === 'never' || choice === false) return false;
  if (env['NO_COLOR'] !== undefined && env['NO_COLOR'] !== '') return false;
  if (env['FORCE_COLOR'] !== undefined && env['FORCE_COLOR'] !== '0') return true;
  return undefined;
}

function isCi(env: NodeJS.ProcessEnv): boolean {
  return ['CI', 'CONTINUOUS_INTEGRATION'].some((k) => env[k] !== undefined && env[k] !== '0' && env[k] !== 'false');
}

/** What the header calls the input. */
function inputLabel(paths: string[]): string {
  const named = paths.map((p) => (p === '-' ? 'stdin' : p));
  return named.length === 0 ? 'stdin' : named.join(' ');
}

/** Writes the chosen command (or nothing) to the --print-selection file, escaped like everything printed. */
function writeSelection(file: string, chosen: string | null): void {
  try {
    writeFileSync(file, chosen === null ? '' : `${terminalSafe(chosen)}\n`);
  } catch (err) {
    throw new InputError(file, `cannot write the selection: ${describeFsError(err)}`);
  }
}

export async function runTui(
  paths: string[],
  opts: TuiOptions,
  io: Io,
  deps: TuiDeps = { stdin: process.stdin, signals: process, openTerminal: openControllingTerminal },
): Promise<Report> {
  if (!io.stdout.isTTY) {
    throw new UsageError('tui needs a terminal, but standard output is not one; for a report use -o text, markdown or json, or -f to follow.');
  }
  if (isCi(io.env)) {
    throw new UsageError('tui does not run with CI set in the environment (Ink draws nothing live there); unset CI, or use -f to follow.');
  }
  const logsFromStdin = paths.length === 0 || paths.includes('-');
  if (logsFromStdin && deps.stdin.isTTY) {
    throw new UsageError('tui has no input: name log files or directories, or pipe logs in (kubectl logs -f … | kube-log-doctor tui).');
  }
  // Fail before drawing, not after the user has made a choice; also clears an old selection.
  if (opts.printSelection !== undefined) writeSelection(opts.printSelection, null);
  const keys = keySource(deps.stdin, logsFromStdin, deps.openTerminal);
  if (!keys) {
    throw new UsageError('tui needs a terminal to read keys from: standard input is the log pipe and /dev/tty cannot be opened; run it from a terminal, or use -f to follow.');
  }

  const store = new LiveStore(inputLabel(paths));
  const controller = new AbortController();
  // Messages would tear the drawn screen; the store shows them in the footer instead.
  const quietIo: Io = {
    ...io,
    stderr: {
      write: (chunk: string | Uint8Array) => {
        store.notice(String(chunk).replace(/^kube-log-doctor: /, '').trim());
        return true;
      },
    } as NodeJS.WritableStream,
  };
  let started!: () => void;
  const ready = new Promise<void>((resolve) => (started = resolve));
  const analysis = opts.analyze(quietIo, {
    ...store.hooks(() => started()),
    signal: controller.signal,
    idleFlushMs: IDLE_FLUSH_MS,
  });
  try {
    // A bad pattern file or an unreadable path fails here, before anything is drawn.
    await Promise.race([ready, analysis]);
  } catch (err) {
    keys.close();
    throw err;
  }
  const outcome: Promise<Report> = analysis.then(
    (report) => {
      store.finish(report, controller.signal.aborted ? 'stopped' : 'done');
      return report;
    },
    (err: unknown) => {
      store.fail(`analysis failed: ${err instanceof Error ? err.message : String(err)}`);
      throw err;
    },
  );
  outcome.catch(() => {});
  store.publish();

  const stdout = io.stdout as NodeJS.WriteStream;
  const selection: { chosen: string | null } = { chosen: null };
  const publisher = setInterval(() => store.publish(), PUBLISH_EVERY_MS);
  stdout.write(ENTER_ALT_SCREEN);
  const color = tuiColor(opts.color, io.env);
  const instance = render(<App store={store} onQuit={(c) => (selection.chosen = c)} {...(color !== undefined ? { color } : {})} />, {
    stdin: keys.stream,
    stdout,
    exitOnCtrlC: false,
    patchConsole: true,
  });
  const onSignal = () => instance.unmount();
  for (const s of STOP_SIGNALS) deps.signals.on(s, onSignal);
  try {
    await instance.waitUntilExit();
  } finally {
    for (const s of STOP_SIGNALS) deps.signals.off(s, onSignal);
    clearInterval(publisher);
    stdout.write(LEAVE_ALT_SCREEN);
    keys.close();
    controller.abort();
  }

  const report = await outcome;
  const { chosen } = selection;
  if (opts.printSelection !== undefined) {
    writeSelection(opts.printSelection, chosen);
  } else if (chosen !== null) {
    io.stdout.write(`${terminalSafe(chosen)}\n`);
  }
  return report;
}
