/** Every line on stderr is terminal-safe: file and archive-member names are untrusted (issue #17). */

import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import tar from 'tar-stream';
import { runInProcess } from '../e2e/helpers.js';
import { tempDir } from '../tmp.js';

const HOSTILE = '\u001b]0;pwned\u0007\u001b[2J\u009b31m\u202eevil\nkube-log-doctor: forged';

async function tarWith(members: { name: string; data: Buffer }[]): Promise<Buffer> {
  const pack = tar.pack();
  for (const m of members) pack.entry({ name: m.name }, m.data);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

/** Each stderr line is one message of ours, with no control character left in it. */
function expectSafe(stderr: string, messages: number): void {
  const lines = stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(messages);
  for (const l of lines) {
    expect(l.startsWith('kube-log-doctor: ')).toBe(true);
    expect(l).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e]/);
  }
}

describe('stderr with hostile names', () => {
  it('a missing path named with escapes and a newline is one escaped line', async () => {
    const r = await runInProcess([join(tmpdir(), HOSTILE)]);
    expect(r.code).toBe(2);
    expectSafe(r.stderr, 1);
    expect(r.stderr).toContain('\\x1b]0;pwned\\x07');
    expect(r.stderr).toContain('\\nkube-log-doctor: forged');
  });

  it('an archive member named with escapes and a newline, in an input error, is one escaped line', async () => {
    const dir = tempDir('kld-stderr-');
    const xz = Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0x00, 0x04]);
    const log = Buffer.from('E0612 10:11:12.123456       1 garbagecollector.go:360] "error syncing item" err="unable to get REST mapping for example.com/v1/Widget."\n');
    const path = join(dir, 'bundle.tar');
    writeFileSync(path, await tarWith([{ name: `${HOSTILE}.xz`, data: xz }, { name: 'ok.log', data: log }]));
    const r = await runInProcess([path]);
    expect(r.code).toBe(0);
    expectSafe(r.stderr, 1);
    expect(r.stderr).toContain('xz-compressed data is not supported');
    expect(r.stdout).toContain('gc-rest-mapping');
  });
});
