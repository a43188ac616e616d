/** Plain text of known origin and the `--input-format plain` override. */

import { describe, expect, it } from 'vitest';
import { assemble, one } from '../assemble.js';

describe('plain text', () => {
  it('recognises kubectl notices, shell xtrace, klog file headers, stern notices', () => {
    const lines = [
      'Defaulted container "manager" out of: manager, kube-rbac-proxy',
      'Found 3 pods, using pod/memcached-operator-controller-manager-6d4f8b9c7-x2x9q',
      'error: timed out waiting for the condition',
      'Error from server (NotFound): pods "x" not found',
      '+ exec hyperkube kube-controller-manager',
      "++ ss -Htanop '(' sport = 10257 ')'",
      'Log file created at: 2024/05/01 10:00:00',
      'Running on machine: master-0',
      'Binary: Built with gc go1.22.2 for linux/amd64',
      'Log line format: [IWEF]mmdd hh:mm:ss.uuuuuu threadid file:line] msg',
      '- memcached-operator-controller-manager-6d4f8b9c7-x2x9q \u203a manager',
    ];
    const { entries, counters } = assemble(lines);
    expect(entries.map((e) => e.format)).toEqual(lines.map(() => 'plain'));
    expect(entries.map((e) => e.level)).toEqual(['info', 'info', 'error', 'error', null, null, null, null, null, null, null]);
    expect(counters.unparsed).toBe(0);
  });

  it('attaches controller-runtime\'s "Detected at:" stack to its SetLogger warning', () => {
    const { entries } = assemble([
      '[controller-runtime] log.SetLogger(...) was never called; logs will not be displayed.',
      'Detected at:',
      '\t>  goroutine 1 [running]:',
      '\t>  runtime/debug.Stack()',
      '\t>  \t/usr/local/go/src/runtime/debug/stack.go:24 +0x5e',
    ]);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ format: 'plain', level: 'warning' });
    expect(entries[0]!.continuation).toHaveLength(4);
  });

  it('leaves other prose unknown, and reads everything as plain under --input-format plain', () => {
    expect(one('Copying system trust bundle').format).toBe('unknown');
    expect(one('Copying system trust bundle', { inputFormat: 'plain' })).toMatchObject({ format: 'plain', message: 'Copying system trust bundle' });
  });
});
