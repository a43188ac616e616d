/** Shared set-up for the TUI tests: a live store fed by the real pipeline, and key presses. */

import { Command } from 'commander';
import { addAnalyzeOptions, runAnalysis, type AnalyzeCliOptions } from '../../src/cli/commands/analyze.js';
import type { Io } from '../../src/cli/io.js';
import { LiveStore } from '../../src/tui/live-store.js';

export const SEED_LOG = 'samples/seed-case/kube-controller-manager.log';
export const SEED_CRD = 'samples/seed-case/podautoscaler-crd.yaml';

/** The analysis options as the CLI defaults them, plus overrides. */
export function cliOptions(extra: Partial<AnalyzeCliOptions> = {}): AnalyzeCliOptions {
  const cmd = addAnalyzeOptions(new Command()).exitOverride();
  cmd.parse([], { from: 'user' });
  return { ...cmd.opts<AnalyzeCliOptions>(), ...extra };
}

export function silentIo(messages: string[] = []): Io {
  const sink = { write: (s: string) => (messages.push(s), true) } as unknown as NodeJS.WritableStream;
  return { stdout: sink, stderr: sink, env: {} };
}

/** A store after the whole of `paths` went through the pipeline, as the TUI sees it at end of input. */
export async function analyzedStore(paths: string[], extra: Partial<AnalyzeCliOptions> = {}): Promise<LiveStore> {
  const store = new LiveStore(paths.join(' '), () => 0);
  const report = await runAnalysis(paths, cliOptions(extra), silentIo(), { live: store.hooks() });
  store.finish(report, 'done');
  return store;
}

/** Seed case with its CRD: kind-case-mismatch (root cause) and gc-rest-mapping. */
export const seedStore = () => analyzedStore([SEED_LOG], { crds: [SEED_CRD] });

export const KEYS = {
  up: '\u001b[A',
  down: '\u001b[B',
  right: '\u001b[C',
  left: '\u001b[D',
  enter: '\r',
  escape: '\u001b',
  tab: '\t',
  backspace: '\u007f',
  pageDown: '\u001b[6~',
  ctrlC: '\u0003',
} as const;

/** Lets Ink handle input and React commit (a lone Esc is only flushed on the next tick). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 3; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

export async function press(stdin: { write(data: string): void }, ...keys: string[]): Promise<void> {
  for (const k of keys) {
    stdin.write(k);
    await settle();
  }
}
