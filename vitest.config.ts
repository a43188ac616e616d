import { defineConfig } from 'vitest/config';

export default defineConfig({
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
  },
});
