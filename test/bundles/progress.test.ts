/** The progress bar: drawn on a terminal only, never with --quiet, with untrusted file names escaped. */

import { describe, expect, it } from 'vitest';
import { progressBar } from '../../src/report/progress.js';
import { terminal } from '../fake-terminal.js';

describe('progress bar', () => {
  it('shows bytes done of the total, the rate and the current file on a terminal', () => {
    const t = terminal(true);
    const bar = progressBar(t.stream, false, { delayMs: 0 })!;
    bar.start(4 * 1024 * 1024, 2);
    bar.current('bundle.tar.gz!ns/pod/\u001b[31mevil.log');
    bar.advance(2 * 1024 * 1024);
    bar.stop();
    expect(t.text()).toContain('50% | 2 MiB of 4 MiB');
    expect(t.text()).toMatch(/\/s \| bundle\.tar\.gz!ns\/pod\/\\x1b\[31mevil\.log/);
    expect(t.text()).not.toContain('\u001b[31m');
  });

  it('draws nothing when stderr is not a terminal, with --quiet, or with TERM=dumb', () => {
    expect(progressBar(terminal(false).stream, false)).toBeNull();
    expect(progressBar(terminal(true).stream, true)).toBeNull();
    expect(progressBar(terminal(true).stream, false, { env: { TERM: 'dumb' } })).toBeNull();
    expect(progressBar(terminal(true).stream, false, { env: { TERM: 'xterm-256color' } })).not.toBeNull();
  });
});
