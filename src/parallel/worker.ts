/**
 * An analysis worker thread: compiles the patterns it was given, then analyses the bundle files
 * the main thread sends (a path it opens itself, or a member's bytes as chunks) and returns each
 * file's outcomes as plain data.
 */

import { parentPort, workerData } from 'node:worker_threads';
import { compileChecked } from '../library/compile.js';
import { Matcher } from '../match/matcher.js';
import { ExpansionBudget } from '../input/budget.js';
import type { BundleFile } from '../input/bundle-file.js';
import type { AnalysisContext } from './analysis-context.js';
import { analyzeFileHere } from './analyze-file.js';
import { ChunkReader } from './chunk-reader.js';
import type { FileHeader, FromWorker, ToWorker, WorkerSetup } from './protocol.js';
import type { DiskPath } from '../input/walk.js';
import { analyzeRange } from './split-file.js';
import { adoptAutomata } from './shared-automata.js';
import { EntryFilter } from '../match/entry-filter.js';

const setup = workerData as WorkerSetup;
// The main thread's keyword automata, on shared memory: not rebuilt here.
if (setup.automata && setup.assembler.matchKeywords) adoptAutomata(setup.assembler.matchKeywords, setup.automata);
const port = parentPort!;
const send = (m: FromWorker): void => port.postMessage(m);

let unreported = 0;
const ctx: AnalysisContext = {
  matcher: new Matcher(setup.patterns.map((p) => compileChecked(p.spec, p.file, p.engines))),
  budget: new ExpansionBudget(setup.budgetLimit, setup.budgetShared),
  maxLineBytes: setup.maxLineBytes,
  assembler: setup.assembler,
  ...(setup.filter ? { filter: new EntryFilter(setup.filter) } : {}),
  onDiskBytes: (n) => {
    unreported += n;
    if (unreported >= 1024 * 1024) flushProgress();
  },
};

function flushProgress(): void {
  if (unreported > 0) send({ type: 'progress', bytes: unreported });
  unreported = 0;
}

const readers = new Map<number, { reader: ChunkReader; error: string | null }>();

function run(id: number, file: BundleFile | BundleFile[], depth: number): void {
  const files = Array.isArray(file) ? file : [file];
  (async () => {
    const outcomes = [];
    for (const f of files) outcomes.push(...(await analyzeFileHere(f, ctx, depth)));
    return outcomes;
  })().then(
    (outcomes) => {
      flushProgress();
      send({ type: 'done', id, outcomes });
    },
    (err: unknown) => {
      const e = err instanceof Error ? err : new Error(String(err));
      send({ type: 'failed', id, message: e.message, stack: e.stack ?? '' });
    },
  );
}

const mtimeOf = (h: FileHeader): Date | null => (h.mtime === null ? null : new Date(h.mtime));

/** A file on disk as a message names it (a name that is not UTF-8 arrives as bytes). */
const diskFile = (m: { file: FileHeader; disk: DiskPath | Uint8Array; size: number }): BundleFile => ({
  label: m.file.label,
  path: m.file.path,
  mtime: mtimeOf(m.file),
  origin: { disk: typeof m.disk === 'string' ? m.disk : Buffer.from(m.disk), size: m.size },
});

port.on('message', (m: ToWorker) => {
  switch (m.type) {
    case 'disk':
      run(m.id, diskFile(m), m.depth);
      break;
    case 'disks':
      run(m.id, m.files.map(diskFile), 0);
      break;
    case 'stream': {
      const entry = { reader: new ChunkReader((bytes) => send({ type: 'ack', id: m.id, bytes })), error: null as string | null };
      readers.set(m.id, entry);
      const source = { stream: entry.reader, failure: () => (entry.error === null ? null : new Error(entry.error)) };
      run(m.id, { label: m.file.label, path: m.file.path, mtime: mtimeOf(m.file), origin: { stream: source } }, m.depth);
      break;
    }
    case 'chunk':
      readers.get(m.id)?.reader.add(Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength));
      break;
    case 'range':
      analyzeRange({ ...m.job, disk: typeof m.job.disk === 'string' ? m.job.disk : Buffer.from(m.job.disk) }, ctx).then(
        (source) => {
          flushProgress();
          send({ type: 'done', id: m.id, outcomes: [{ type: 'source', source }] });
        },
        (err: unknown) => {
          const e = err instanceof Error ? err : new Error(String(err));
          send({ type: 'failed', id: m.id, message: e.message, stack: e.stack ?? '' });
        },
      );
      break;
    case 'end': {
      const entry = readers.get(m.id);
      if (entry) {
        entry.error = m.error;
        entry.reader.finish();
        readers.delete(m.id);
      }
      break;
    }
  }
});
