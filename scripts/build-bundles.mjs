#!/usr/bin/env node
/**
 * Builds the sample bundle archives from the committed trees in samples/bundles/:
 * must-gather.tar.gz, cluster-info-dump.tar.gz and cluster-info-dump.txt (the dump's stdout form,
 * concatenated in kubectl's order). Output is byte-for-byte reproducible (fixed times, owners and
 * order), so rebuilding never changes a committed file. Also exports the small tar/gzip/zip
 * writers the tests use to make corrupt and nested archives.
 *
 * Usage: node scripts/build-bundles.mjs [OUT_DIR]   (default: samples/bundles)
 */

import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync, deflateRawSync } from 'node:zlib';
import tarStream from 'tar-stream';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));
export const BUNDLES = join(ROOT, 'samples', 'bundles');
/** Every archive member gets this time, so archives are reproducible. */
const MTIME = new Date('2025-06-12T10:05:00Z');

/** Files under `dir`, sorted, as [path relative to `base` with `/`, contents]. */
export function treeFiles(dir, base = dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...treeFiles(full, base));
    else out.push([relative(base, full).split(sep).join('/'), readFileSync(full)]);
  }
  return out;
}

/** A tar archive of [name, Buffer] members (ustar, fixed metadata). */
export async function tarOf(members) {
  const pack = tarStream.pack();
  const chunks = [];
  pack.on('data', (c) => chunks.push(c));
  const done = new Promise((resolve, reject) => {
    pack.on('end', resolve);
    pack.on('error', reject);
  });
  for (const [name, data] of members) {
    await new Promise((resolve, reject) =>
      pack.entry({ name, size: data.length, mtime: MTIME, mode: 0o644, uid: 0, gid: 0, uname: '', gname: '' }, data, (err) => (err ? reject(err) : resolve())),
    );
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}

export function gzipOf(data) {
  return gzipSync(data, { level: 9 });
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data) {
  let c = 0xffffffff;
  for (const b of data) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/**
 * A zip of [name, Buffer, method?] members (method 8 = deflate, the default; 0 = stored; other
 * numbers are written as given, with the data stored, to make an entry readers must refuse).
 */
export function zipOf(members) {
  const locals = [];
  const central = [];
  let offset = 0;
  const dosTime = ((10 << 11) | (5 << 5)) & 0xffff;
  const dosDate = (((2025 - 1980) << 9) | (6 << 5) | 12) & 0xffff;
  for (const [name, data, method = 8] of members) {
    const nameBuf = Buffer.from(name, 'utf8');
    const body = method === 8 ? deflateRawSync(data) : data;
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(method, 8);
    local.writeUInt16LE(dosTime, 10);
    local.writeUInt16LE(dosDate, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    locals.push(local, nameBuf, body);
    const cd = Buffer.alloc(46);
    cd.writeUInt32LE(0x02014b50, 0);
    cd.writeUInt16LE(0x031e, 4);
    cd.writeUInt16LE(20, 6);
    cd.writeUInt16LE(0x0800, 8);
    cd.writeUInt16LE(method, 10);
    cd.writeUInt16LE(dosTime, 12);
    cd.writeUInt16LE(dosDate, 14);
    cd.writeUInt32LE(crc, 16);
    cd.writeUInt32LE(body.length, 20);
    cd.writeUInt32LE(data.length, 24);
    cd.writeUInt16LE(nameBuf.length, 28);
    cd.writeUInt32LE((0o100644 << 16) >>> 0, 38);
    cd.writeUInt32LE(offset, 42);
    central.push(cd, nameBuf);
    offset += 30 + nameBuf.length + body.length;
  }
  const cdBuf = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(members.length, 8);
  end.writeUInt16LE(members.length, 10);
  end.writeUInt32LE(cdBuf.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cdBuf, end]);
}

/** The stdout form of `kubectl cluster-info dump`, from its --output-directory tree. */
export function dumpStdout(dir) {
  const parts = [readFileSync(join(dir, 'nodes.json'))];
  const lists = ['events', 'replication-controllers', 'services', 'daemonsets', 'deployments', 'replicasets', 'pods'];
  for (const ns of readdirSync(dir).sort()) {
    const nsDir = join(dir, ns);
    if (!statSync(nsDir).isDirectory()) continue;
    for (const l of lists) parts.push(readFileSync(join(nsDir, `${l}.json`)));
    for (const pod of readdirSync(nsDir).sort()) {
      const logs = join(nsDir, pod, 'logs.txt');
      if (statSync(join(nsDir, pod)).isDirectory()) parts.push(readFileSync(logs));
    }
  }
  return Buffer.concat(parts);
}

/** Writes the sample archives into `outDir`; returns their paths. */
export async function buildBundles(outDir = BUNDLES) {
  mkdirSync(outDir, { recursive: true });
  const written = [];
  const put = (name, data) => {
    const path = join(outDir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, data);
    written.push(path);
  };
  put('must-gather.tar.gz', gzipOf(await tarOf(treeFiles(join(BUNDLES, 'must-gather')))));
  const dumpDir = join(BUNDLES, 'cluster-info-dump');
  put('cluster-info-dump.tar.gz', gzipOf(await tarOf(treeFiles(dumpDir, BUNDLES))));
  put('cluster-info-dump.txt', dumpStdout(dumpDir));
  return written;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const out = process.argv[2] ?? BUNDLES;
  for (const p of await buildBundles(out)) console.log(relative(process.cwd(), p));
}
