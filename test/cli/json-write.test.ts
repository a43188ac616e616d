/**
 * `-o json` to a slow reader (a pipe to jq, to a pager): the report is written a piece at a time,
 * each once the stream has taken the one before, so the document is never queued whole in memory.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { runAnalysis, writeReport } from '../../src/cli/commands/analyze.js';
import { renderJson } from '../../src/report/json.js';
import { cliOptions, silentIo } from '../tui/helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'kld-json-write-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('writeReport -o json', () => {
  it('waits for a slow reader instead of queueing the whole document', async () => {
    const log = join(dir, 'kinds.log');
    const line = (i: number) =>
      `E0612 10:11:12.123456       1 garbagecollector.go:360] "error syncing item" err="unable to get REST mapping for example.com/v1/Kind${String(i).padStart(6, '0')}." logger="garbage-collector-controller"\n`;
    writeFileSync(log, Array.from({ length: 300 }, (_, i) => line(i)).join(''));
    const opts = cliOptions({ output: 'json', quiet: true });
    const report = await runAnalysis([log], opts, silentIo(), { sources: false });
    const expected = renderJson(report);
    expect(expected.length).toBeGreaterThan(1 << 20);

    const chunks: string[] = [];
    let mostQueued = 0;
    const slow = new Writable({
      highWaterMark: 1 << 14,
      write(chunk, _enc, cb) {
        chunks.push(String(chunk));
        mostQueued = Math.max(mostQueued, slow.writableLength);
        setImmediate(cb);
      },
    });
    await writeReport(report, opts, { stdout: slow, stderr: slow, env: {} }, undefined);
    await new Promise<void>((resolve) => slow.end(resolve));
    expect(chunks.join('')).toBe(expected);
    // One piece of about 64 KiB waits at a time (the whole document is over 1 MiB).
    expect(mostQueued).toBeLessThan(1 << 18);
  });
});
