/**
 * Bash as the parser of rendered commands: `bash -n` for syntax, and the words each command
 * really receives, got by running the commands with an empty PATH in an empty directory, where
 * bash's command_not_found_handle records every command's name and arguments instead of running
 * it. Each command is run as the arguments of a recorder, `kld_words <command>`, so that spans
 * that are not commands (a kubebuilder marker) are compared too. Anything a value could do
 * (expand, split, glob, substitute a command, redirect, end the command) shows up as different or
 * extra words. The directory holds one file, `zz`, so that an unquoted glob expands.
 *
 * Forks are what cost here (a few milliseconds each, thousands of commands): the recorder and the
 * commands the fixes run (kubectl, grep, jq) are shell functions that record the same way, so a
 * command runs in the shell itself, in a `{ …; }` group rather than a subshell; `lastpipe` runs a
 * pipeline's last stage there too. Any other command name still reaches command_not_found_handle
 * (in a child). Without subshells a command's side effects would reach the next ones, but a
 * command can only have any if a value escaped its quoting, and then its own words already
 * differ from the expected ones.
 */

import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export function bashAccepts(cmd: string): boolean {
  return spawnSync('bash', ['-n'], { input: cmd, stdio: ['pipe', 'ignore', 'ignore'] }).status === 0;
}

// One printf per command, so that the stages of a pipeline (run concurrently) never interleave.
const PRELUDE = [
  'PATH=/nonexistent',
  'shopt -s lastpipe',
  `kld_record() { printf '%s\\0' "$@" $'\\001' >> "$KLD_WORDS_LOG"; return 0; }`,
  'command_not_found_handle() { kld_record "$@"; }',
  ...['kld_words', 'kubectl', 'grep', 'jq'].map((name) => `${name}() { kld_record ${name} "$@"; }`),
  '',
].join('\n');

/**
 * For each command, the commands (name and arguments) bash would run for it, sorted (pipeline
 * stages run concurrently). One bash process runs them all, one after another.
 */
export function bashWordsMany(cmds: readonly string[]): string[][][] {
  const dir = mkdtempSync(join(tmpdir(), 'kld-words-'));
  const cwd = join(dir, 'cwd');
  mkdirSync(cwd);
  writeFileSync(join(cwd, 'zz'), '');
  const log = join(dir, 'log');
  writeFileSync(log, '');
  // The newline before `}` ends a trailing comment; stdin is the script, which no command may read.
  const script = PRELUDE + cmds.map((c) => `{ kld_words ${c}\n} </dev/null\nprintf '\\002' >> "$KLD_WORDS_LOG"\n`).join('');
  try {
    spawnSync('bash', [], { input: script, cwd, env: { KLD_WORDS_LOG: log, HOME: '/home-of-test' }, stdio: ['pipe', 'ignore', 'ignore'], timeout: 300_000 });
    const perCommand = readFileSync(log, 'utf8').split('\u0002').slice(0, -1);
    return perCommand.map((block) =>
      block
        .split('\u0001\u0000')
        .filter((r) => r !== '')
        .map((r) => r.split('\u0000').slice(0, -1))
        .sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const bashWords = (cmd: string): string[][] => bashWordsMany([cmd])[0] ?? [];
