import { relative } from 'node:path';
import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The files that take longest (child processes: npm, kubectl, Chromium, tmux; or large generated
 * inputs), longest first. They start first, so that the two workers end together instead of one
 * starting a long file when the other is nearly done. Vitest orders by the durations it recorded
 * in node_modules/.vite, but a fresh clone (CI) has none and would order them alphabetically.
 */
const LONGEST_FIRST = [
  'test/install/pack-install.test.ts',
  'test/library/kubectl-accepts.test.ts',
  'test/browser/html-report.test.ts',
  'test/e2e/caps.test.ts',
  'test/perf/ranges.test.ts',
  'test/perf/fast-path-equivalence.test.ts',
  'test/library/user-regex.test.ts',
  'test/follow/follow-cli.test.ts',
  'test/tui/tmux.test.ts',
  'test/report/copyable-commands.test.ts',
  'test/report/markdown.test.ts',
  'test/robustness/bad-input.test.ts',
  'test/robustness/side-inputs.test.ts',
  'test/e2e/modes.test.ts',
  'test/tui/color.test.tsx',
  'test/perf/guided-ranges.test.ts',
  'test/library/command-quoting.test.ts',
];

class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification) => {
      const i = LONGEST_FIRST.indexOf(relative(f.project.config.root, f.moduleId).split('\\').join('/'));
      return i === -1 ? LONGEST_FIRST.length : i;
    };
    const rest = await super.sort(files.filter((f) => rank(f) === LONGEST_FIRST.length));
    return [...files.filter((f) => rank(f) < LONGEST_FIRST.length).sort((a, b) => rank(a) - rank(b)), ...rest];
  }
}

/**
 * Under test, Vite resolves packages with the `development` export condition, which loads the
 * development builds of the markdown parser the report tests read their output back with
 * (micromark and mdast-util-from-markdown, with internal assertions and debug calls): the test of
 * every signature's markdown took 40% longer. The parser parses the same either way; these tests
 * load the builds other users of those packages get. No other package here has a development build.
 */
const noDevelopmentBuilds = {
  name: 'no-development-builds',
  configResolved(config: { ssr?: { resolve?: { conditions?: string[] } }; environments?: Record<string, { resolve?: { conditions?: string[] } }> }) {
    const drop = (list?: string[]) => list?.splice(0, list.length, ...list.filter((c) => c !== 'development|production' && c !== 'development'));
    drop(config.ssr?.resolve?.conditions);
    for (const env of Object.values(config.environments ?? {})) drop(env.resolve?.conditions);
  },
};

export default defineConfig({
  plugins: [noDevelopmentBuilds],
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // Vitest's default on a 2-core machine is one worker (cores − 1), so files ran one after
    // another while most of them wait on child processes, timers or I/O: two workers overlap them.
    maxWorkers: 2,
    // Test files share a worker's module cache instead of loading src/ (and dist/) again for each
    // file; no test mocks modules or changes globals, and each builds its own state.
    isolate: false,
    sequence: { sequencer: LongestFirst },
    // The build (dist/: what the in-process CLI runs, and what worker threads load anyway) is
    // plain JavaScript: Node loads it as it is, instead of Vite transforming every module of it
    // first. Four e2e files took 9.4 s of CPU instead of 11.6 s (three runs each).
    server: { deps: { external: [/\/node_modules\//, /\/dist\//] } },
  },
});
