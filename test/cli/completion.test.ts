/**
 * `completion bash|zsh|fish`: the scripts parse in their shells and complete what the program
 * defines — options, their value choices, subcommands, paths — for both command names.
 */

import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInProcess } from '../e2e/helpers.js';
import { buildProgram } from '../../dist/cli/program.js';
import { completionModel } from '../../dist/cli/commands/completion.js';
import { REPORTERS } from '../../dist/report/index.js';
import { tempDir } from '../tmp.js';

const has = (shell: string) => spawnSync(shell, ['-c', 'exit 0']).status === 0;
// Under CI (.ci/run installs them) a missing shell is a failure, not a skip.
for (const shell of ['zsh', 'fish']) if (process.env['CI'] && !has(shell)) throw new Error(`${shell} is not installed; .ci/run installs it`);
const dir = tempDir('kld-completion-');

async function script(shell: string): Promise<string> {
  const r = await runInProcess(['completion', shell]);
  expect(r.code).toBe(0);
  expect(r.stderr).toBe('');
  const file = join(dir, `completion.${shell}`);
  writeFileSync(file, r.stdout);
  return file;
}

const END = '@@ end of completions @@';

/**
 * Completions bash offers for command lines whose last word is being typed: one bash sources the
 * script once and completes each line in turn, as an interactive shell does. `--norc`: bash reads
 * ~/.bashrc for `-c` when its stdin is a socket (as a pipe from Node is) and SHLVL is unset or 0,
 * taking it for rshd/sshd; the script alone is what is tested (a bashrc running `pyenv init` took
 * about 1 s of CPU per bash).
 */
function bashComplete(file: string, lines: string[][]): string[][] {
  const quote = (w: string) => `'${w.replace(/'/g, `'\\''`)}'`;
  const each = lines.map((words) => `COMP_WORDS=(${words.map(quote).join(' ')}); COMP_CWORD=$((\${#COMP_WORDS[@]} - 1)); _kube_log_doctor; printf '%s\\n' "\${COMPREPLY[@]}" ${quote(END)}`);
  const r = spawnSync('bash', ['--norc', '-c', `source "$1"; ${each.join('; ')}`, 'bash', file], { cwd: dir, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  // Each line's completions, then the END line.
  const replies = r.stdout.split(`${END}\n`).slice(0, -1).map((block) => block.split('\n').filter((l) => l !== ''));
  expect(replies).toHaveLength(lines.length);
  return replies;
}

describe('completion', () => {
  it('is generated from the program: every command and option is in the model', () => {
    const program = buildProgram({ stdout: process.stdout, stderr: process.stderr, env: {} }, () => {});
    const model = completionModel(program);
    expect(model.map((c) => c.path)).toEqual(expect.arrayContaining(['', 'patterns', 'patterns list', 'patterns test', 'explain', 'tui', 'completion']));
    const root = model.find((c) => c.path === '')!;
    for (const o of program.options) expect(root.options.flatMap((x) => x.flags)).toContain(o.long);
    expect(root.options.find((o) => o.flags.includes('--output'))!.choices).toEqual(Object.keys(REPORTERS));
    expect(root.options.find((o) => o.flags.includes('--crds'))!.file).toBe(true);
    expect(model.find((c) => c.path === 'completion')!.argChoices).toEqual(['bash', 'zsh', 'fish']);
  });

  it('bash: the script parses and completes options, values, subcommands and paths', async () => {
    const file = await script('bash');
    expect(spawnSync('bash', ['-n', file]).status).toBe(0);
    // Command lines, and what bash offers for their last word.
    const cases: [string[], string[]][] = [
      [['kube-log-doctor', '--output', ''], Object.keys(REPORTERS)],
      [['kube-log-doctor', '-o', 'm'], ['markdown']],
      [['kube-log-doctor', '--col'], ['--color']],
      [['kube-log-doctor', '--color', ''], ['auto', 'always', 'never']],
      [['kubectl-log_doctor', 'pat'], ['patterns']],
      [['kube-log-doctor', 'patterns', ''], ['list', 'test', 'new', 'help']],
      [['kube-log-doctor', 'patterns', 'list', '--o'], ['--output']],
      [['kube-log-doctor', 'patterns', 'list', '-o', ''], ['text', 'json']],
      [['kube-log-doctor', 'completion', ''], ['bash', 'zsh', 'fish']],
      // Paths: the script's own file is in the directory; after an operand a subcommand name is a path.
      [['kube-log-doctor', 'compl'], ['completion', 'completion.bash']],
      [['kube-log-doctor', 'x.log', 'compl'], ['completion.bash']],
      [['kube-log-doctor', '--crds', 'completion.b'], ['completion.bash']],
      [['kube-log-doctor', '--jobs', ''], []],
    ];
    const replies = bashComplete(file, cases.map(([words]) => words));
    cases.forEach(([words, want], i) => expect(replies[i], words.join(' ')).toEqual(want));
    expect(spawnSync('bash', ['--norc', '-c', 'source "$1"; complete -p kube-log-doctor kubectl-log_doctor', 'bash', file], { encoding: 'utf8' }).stdout).toContain(
      'complete -F _kube_log_doctor kubectl-log_doctor',
    );
  });

  it.skipIf(!has('zsh'))('zsh: the script parses and completes values, subcommands and options', async () => {
    const file = await script('zsh');
    expect(spawnSync('zsh', ['-n', file]).status).toBe(0);
    // zsh's completion functions stubbed: what the script asks them to offer.
    const stubs = `compdef() {}; compadd() { print -r -- "compadd $*"; }; _describe() { print -rl -- "\${(@P)4}"; }; _files() { print files; }; _message() { print message; }`;
    const complete = (words: string[]) =>
      spawnSync('zsh', ['-c', `${stubs}; source "$1"; shift; words=("$@"); CURRENT=$#; _kube_log_doctor`, 'zsh', file, ...words], { encoding: 'utf8' }).stdout.trim();
    expect(complete(['kube-log-doctor', '--output', ''])).toBe(`compadd -- ${Object.keys(REPORTERS).join(' ')}`);
    expect(complete(['kube-log-doctor', 'completion', ''])).toBe('compadd -- bash zsh fish');
    expect(complete(['kube-log-doctor', 'patterns', '']).split('\n')).toEqual([
      'list:list every signature: id, family, severity, title',
      expect.stringMatching(/^test:run every signature's examples/),
      expect.stringMatching(/^new:write a signature skeleton/),
      'help:display help for command',
    ]);
    expect(complete(['kube-log-doctor', '--'])).toContain('--color:colour the text report');
    expect(complete(['kube-log-doctor', 'x.log', ''])).toBe('files');
  });

  it.skipIf(!has('fish'))('fish: the script parses and completes values and subcommands', async () => {
    const file = await script('fish');
    expect(spawnSync('fish', ['--no-execute', file]).status).toBe(0);
    const complete = (line: string) =>
      spawnSync('fish', ['-c', `source $argv[1]; complete -C $argv[2]`, file, line], { encoding: 'utf8', cwd: dir }).stdout.split('\n').filter(Boolean).map((l) => l.split('\t')[0]);
    expect(complete('kube-log-doctor --output ')).toEqual(Object.keys(REPORTERS).sort());
    expect(complete('kubectl-log_doctor completion ')).toEqual(['bash', 'fish', 'zsh']);
    expect(complete('kube-log-doctor patterns ')).toEqual(['help', 'list', 'new', 'test']);
    // After an operand, `completion` is a path prefix, not the subcommand.
    const paths = complete('kube-log-doctor x.log compl');
    expect(paths).toContain('completion.fish');
    expect(paths).not.toContain('completion');
  });

  it('refuses an unknown shell with the usage exit code', async () => {
    const r = await runInProcess(['completion', 'powershell']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("'powershell' is invalid for argument 'shell'. Allowed choices are bash, zsh, fish.");
  });
});
