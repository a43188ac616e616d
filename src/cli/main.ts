#!/usr/bin/env node
/** Entry point for `kube-log-doctor` and `kubectl log-doctor`: runs the CLI and maps the outcome to an exit code. */

import { run } from './program.js';
import { EXIT } from '../exit-codes.js';

// `kube-log-doctor big.log | head`: the reader went away; that is a normal end, not an error.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(EXIT.OK);
  throw err;
});

run(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const e = err instanceof Error ? err : new Error(String(err));
    process.stderr.write(
      `kube-log-doctor: internal error: ${e.message}\n${e.stack ?? ''}\n` +
        'This is a bug; please report it with the command line that triggered it.\n',
    );
    process.exitCode = EXIT.BUG;
  },
);
