/** Archive inputs: gzip, tar, tar.gz, zip, archives inside archives, and the faults each can have. */

import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
// @ts-expect-error: plain JavaScript build script, no type declarations
import { tarOf, gzipOf, zipOf } from '../../scripts/build-bundles.mjs';
import { analyzePaths, finding, gcLine, INFO_LINE, scratch, tree } from './helpers.js';

const LOG = Buffer.from(`${INFO_LINE}\n${gcLine()}\n${gcLine()}\n`);
const MG_LOG = 'mg/namespaces/kube-system/pods/kcm-0/kcm/kcm/logs/current.log';

async function file(name: string, data: Buffer): Promise<string> {
  return tree(scratch(), { [name]: data }) + '/' + name;
}

describe('archive types', () => {
  it('reads a gzip-compressed log (.gz) as the log inside', async () => {
    const r = await analyzePaths([await file('kcm.log.gz', gzipOf(LOG))]);
    expect(r.stats.lines).toBe(3);
    expect(finding(r, 'gc-rest-mapping')?.count).toBe(2);
    expect(r.stats.inputs?.expandedBytes).toBe(LOG.length);
  });

  it('reads tar, tar.gz and tgz members with the member path in the label and layout metadata', async () => {
    const tar = await tarOf([[MG_LOG, LOG]]);
    for (const [name, data] of [['b.tar', tar], ['b.tar.gz', gzipOf(tar)], ['b.tgz', gzipOf(tar)]] as const) {
      const path = await file(name, data);
      const r = await analyzePaths([path]);
      const gc = finding(r, 'gc-rest-mapping')!;
      expect(gc.count).toBe(2);
      expect(gc.evidence[0]).toMatchObject({ source: `${path}!${MG_LOG}`, line: 2, namespace: 'kube-system', pod: 'kcm-0', container: 'kcm', previous: false });
      expect(r.stats.inputs?.archives).toBe(1);
    }
  });

  it('reads zip entries, deflated and stored', async () => {
    const path = await file('b.zip', zipOf([[MG_LOG, LOG], ['other/plain.log', LOG, 0]]));
    const r = await analyzePaths([path]);
    expect(finding(r, 'gc-rest-mapping')?.count).toBe(4);
    expect(r.stats.sources).toBe(2);
  });

  it('opens archives inside archives: tar.gz in zip in tar.gz, and a gzip member in a tar', async () => {
    const inner = gzipOf(await tarOf([[MG_LOG, LOG]]));
    const zip = zipOf([['bundle/inner.tar.gz', inner]]);
    const outer = gzipOf(await tarOf([['case-123/attachments.zip', zip], ['case-123/rotated.log.gz', gzipOf(LOG)]]));
    const path = await file('case.tar.gz', outer);
    const r = await analyzePaths([path]);
    expect(r.stats.errors).toEqual([]);
    expect(r.stats.inputs?.archives).toBe(3);
    expect(finding(r, 'gc-rest-mapping')?.count).toBe(4);
    const labels = r.findings.flatMap((f) => f.evidence.map((e) => e.source));
    expect(labels).toContain(`${path}!case-123/attachments.zip!bundle/inner.tar.gz!${MG_LOG}`);
    expect(labels).toContain(`${path}!case-123/rotated.log.gz`);
  });
});

describe('faults: one error each, the rest analysed', () => {
  it('a truncated tar.gz reports the member that was cut and keeps the members before it', async () => {
    const big = Buffer.from(Array.from({ length: 4000 }, (_, i) => `${INFO_LINE} n=${i * 7919}`).join('\n') + '\n');
    const tgz = gzipOf(await tarOf([['a/first.log', LOG], ['a/second.log', big], ['a/third.log', LOG]]));
    const path = await file('cut.tar.gz', tgz.subarray(0, Math.floor(tgz.length * 0.7)));
    const r = await analyzePaths([path]);
    expect(r.stats.errors).toHaveLength(1);
    expect(r.stats.errors[0]).toMatch(/cut\.tar\.gz!a\/second\.log: truncated gzip data .*\(after line \d+\)$/);
    expect(finding(r, 'gc-rest-mapping')?.count).toBe(2);
  });

  it('a corrupt tar header is skipped and the following members are still read', async () => {
    const tar = Buffer.from(await tarOf([['a/one.log', LOG], ['a/two.log', LOG], ['a/three.log', LOG]]));
    // The second member's header starts after the first header and its padded data; the skip covers as much again.
    const second = 512 + Math.ceil(LOG.length / 512) * 512;
    tar[second + 5] ^= 0xff;
    const path = await file('bad.tar', tar);
    const r = await analyzePaths([path]);
    expect(r.stats.errors).toEqual([`${path}: corrupt tar header at byte ${second} (after member a/one.log); skipped ${second} bytes to the next valid member`]);
    expect(r.stats.sources).toBe(2);
    expect(finding(r, 'gc-rest-mapping')?.count).toBe(4);
  });

  it('a corrupt gzip member and a zip entry with an unsupported method fail alone', async () => {
    const badGz = gzipOf(LOG);
    badGz[badGz.length - 6] ^= 0xff;
    const zip = zipOf([['z/ok.log', LOG], ['z/bzip2.log', LOG, 12]]);
    const path = await file('m.tar', await tarOf([['a/ok.log', LOG], ['a/bad.log.gz', badGz], ['a/z.zip', zip], ['a/last.log', LOG]]));
    const r = await analyzePaths([path]);
    expect(r.stats.errors).toEqual([
      `${path}!a/bad.log.gz: corrupt gzip data (incorrect data check)`,
      `${path}!a/z.zip!z/bzip2.log: zip entry cannot be read (unsupported compression method: 12)`,
    ]);
    // ok.log, z/ok.log and last.log.
    expect(finding(r, 'gc-rest-mapping')?.count).toBe(3 * 2);
  });

  it('a file that is not a zip but starts like one is an error naming it', async () => {
    const path = await file('fake.zip', Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(100, 1)]));
    const r = await analyzePaths([path]);
    expect(r.stats.errors).toHaveLength(1);
    expect(r.stats.errors[0]).toMatch(/^.*fake\.zip: not a readable zip archive \(/);
  });

  it('stops expanding at --max-expanded-bytes and says so', async () => {
    const bomb = gzipOf(Buffer.from(`${INFO_LINE}\n`.repeat(200_000)));
    const path = await file('bomb.log.gz', bomb);
    const r = await analyzePaths([path], { maxExpandedBytes: 1024 * 1024 });
    expect(r.stats.errors).toHaveLength(1);
    expect(r.stats.errors[0]).toMatch(/bomb\.log\.gz: expanded data exceeds the limit of 1 MiB \(--max-expanded-bytes\); the rest of this archive is skipped/);
    expect(r.stats.bytes).toBeLessThanOrEqual(1024 * 1024);
    expect(r.stats.lines).toBeGreaterThan(1000);
  });

  it('refuses compressed formats it cannot open, naming the file', async () => {
    const path = await file('sos.tar.xz', Buffer.from([0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 1, 2, 3]));
    const r = await analyzePaths([path, join(path, '..', 'missing.log')]);
    expect(r.stats.errors).toEqual([`${join(path, '..', 'missing.log')}: no such file or directory`, `${path}: xz-compressed data is not supported; decompress it first (xz -d)`]);
  });
});
