/**
 * A fixed set of analysis workers. Files go to the least busy worker; a member's bytes are posted
 * in chunks with a bound on unacknowledged bytes per worker, so memory stays flat while the main
 * thread reads an archive ahead of the workers.
 */

import { adoptState } from '../correlate/aggregate.js';
import type { DiskPath } from '../input/walk.js';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { BundleFile } from '../input/bundle-file.js';
import type { ByteSource } from '../input/settle.js';
import type { Outcome, SourceResult } from './outcome.js';
import type { RangeJob } from './split-file.js';
import type { FileHeader, FromWorker, ToWorker, WorkerSetup } from './protocol.js';

/** Files a worker holds at once (the rest wait in the main thread). */
const MAX_FILES_PER_WORKER = 4;
/** Bytes posted to a worker and not yet taken by its readers. */
const MAX_INFLIGHT_BYTES = 8 * 1024 * 1024;
/** A member's bytes are posted in messages of about this size. */
const POST_BYTES = 256 * 1024;

interface Pending {
  resolve: (o: Outcome[]) => void;
  reject: (e: Error) => void;
  slot: Slot;
}

interface Slot {
  worker: Worker;
  files: number;
  inflight: number;
  /** Woken when bytes are acknowledged. */
  onAck: (() => void)[];
}

/** A worker failed in a way that is a bug, not an input problem. */
export class WorkerFailure extends Error {}

const WORKER_URL = new URL('./worker.js', import.meta.url);

/** Whether worker threads can start here (the compiled worker exists: not when running from TypeScript sources). */
export function workersAvailable(): boolean {
  return existsSync(fileURLToPath(WORKER_URL));
}

function header(file: BundleFile): FileHeader {
  return { label: file.label, path: file.path, mtime: file.mtime ? file.mtime.getTime() : null };
}

export class WorkerPool {
  private readonly slots: Slot[];
  private readonly pending = new Map<number, Pending>();
  private readonly waitingForSlot: (() => void)[] = [];
  private nextId = 0;
  private failure: Error | null = null;

  /** Workers start when first needed, up to `size`: one large file read in ranges needs fewer. */
  constructor(
    private readonly size: number,
    private readonly setup: WorkerSetup,
    private readonly onProgress: (bytes: number) => void,
  ) {
    this.slots = [];
  }

  private startWorker(): Slot {
    const slot: Slot = { worker: new Worker(WORKER_URL, { workerData: this.setup }), files: 0, inflight: 0, onAck: [] };
    slot.worker.on('message', (m: FromWorker) => this.onMessage(slot, m));
    slot.worker.on('error', (err) => this.fail(new WorkerFailure(`analysis worker failed: ${err.message}\n${err.stack ?? ''}`)));
    this.slots.push(slot);
    return slot;
  }

  /** Analyses a file on disk in a worker (which opens it itself). */
  async runDisk(file: BundleFile & { origin: { disk: DiskPath; size: number } }, depth: number): Promise<{ result: Promise<Outcome[]> }> {
    const slot = await this.acquire();
    const id = this.nextId++;
    const result = this.expect(id, slot);
    // Collected by the caller later; a failure before then must not count as unhandled.
    result.catch(() => undefined);
    this.post(slot, { type: 'disk', id, file: header(file), disk: file.origin.disk, size: file.origin.size, depth });
    return { result };
  }

  /**
   * Analyses several small files on disk in one worker, one after the other: one message and one
   * reply for all of them, so that a directory of thousands of small logs costs no more with
   * workers than without.
   */
  async runDisks(files: (BundleFile & { origin: { disk: DiskPath; size: number } })[]): Promise<{ result: Promise<Outcome[]> }> {
    const slot = await this.acquire();
    const id = this.nextId++;
    const result = this.expect(id, slot);
    result.catch(() => undefined);
    this.post(slot, { type: 'disks', id, files: files.map((f) => ({ file: header(f), disk: f.origin.disk, size: f.origin.size })) });
    return { result };
  }

  /** Analyses a later byte range of a large log in a worker (see split-file.ts). */
  async runRange(job: RangeJob): Promise<SourceResult> {
    const slot = await this.acquire();
    const id = this.nextId++;
    const result = this.expect(id, slot);
    this.post(slot, { type: 'range', id, job });
    const outcomes = await result;
    const o = outcomes[0];
    if (outcomes.length !== 1 || o?.type !== 'source') throw new WorkerFailure(`range of ${job.label}: unexpected outcome`);
    return o.source;
  }

  /**
   * Streams a member's bytes to a worker. The first promise resolves once every byte has been
   * posted (the archive may move on); the second with the outcomes.
   */
  async runStream(file: BundleFile, source: ByteSource, depth: number): Promise<{ result: Promise<Outcome[]> }> {
    const slot = await this.acquire();
    const id = this.nextId++;
    const result = this.expect(id, slot);
    // Collected by the caller later; a failure before then must not count as unhandled.
    result.catch(() => undefined);
    this.post(slot, { type: 'stream', id, file: header(file), depth });
    // Small chunks (a decompressor's) go together: one message per POST_BYTES, not per chunk.
    let held: Buffer[] = [];
    let heldBytes = 0;
    const send = async (): Promise<void> => {
      while (slot.inflight > MAX_INFLIGHT_BYTES && !this.failure) await new Promise<void>((r) => slot.onAck.push(r));
      if (this.failure) throw this.failure;
      const data = new Uint8Array(heldBytes);
      let at = 0;
      for (const c of held) {
        data.set(c, at);
        at += c.length;
      }
      held = [];
      heldBytes = 0;
      slot.inflight += data.length;
      slot.worker.postMessage({ type: 'chunk', id, data } satisfies ToWorker, [data.buffer]);
    };
    for await (const chunk of source.stream as AsyncIterable<Buffer>) {
      held.push(chunk);
      heldBytes += chunk.length;
      if (heldBytes >= POST_BYTES) await send();
    }
    if (heldBytes > 0) await send();
    this.post(slot, { type: 'end', id, error: source.failure()?.message ?? null });
    return { result };
  }

  async close(): Promise<void> {
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private post(slot: Slot, m: ToWorker): void {
    slot.worker.postMessage(m);
  }

  private expect(id: number, slot: Slot): Promise<Outcome[]> {
    slot.files++;
    return new Promise<Outcome[]>((resolve, reject) => this.pending.set(id, { resolve, reject, slot }));
  }

  /** The least busy worker, waiting while every worker is full. */
  private async acquire(): Promise<Slot> {
    for (;;) {
      if (this.failure) throw this.failure;
      let best: Slot | null = null;
      for (const s of this.slots) if (s.files < MAX_FILES_PER_WORKER && (!best || s.files < best.files)) best = s;
      if ((!best || best.files > 0) && this.slots.length < this.size) return this.startWorker();
      if (best) return best;
      await new Promise<void>((r) => this.waitingForSlot.push(r));
    }
  }

  private onMessage(slot: Slot, m: FromWorker): void {
    switch (m.type) {
      case 'ack':
        slot.inflight -= m.bytes;
        for (const wake of slot.onAck.splice(0)) wake();
        break;
      case 'progress':
        this.onProgress(m.bytes);
        break;
      case 'done':
      case 'failed': {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        p.slot.files--;
        for (const wake of this.waitingForSlot.splice(0)) wake();
        if (m.type === 'done') {
          // Copies from the worker: their findings are made aggregated findings again.
          for (const o of m.outcomes) if (o.type === 'source') adoptState(o.source.aggregate);
          p.resolve(m.outcomes);
        }
        else p.reject(new WorkerFailure(`${m.message}\n${m.stack}`));
        break;
      }
    }
  }

  private fail(err: Error): void {
    this.failure ??= err;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
    for (const s of this.slots) for (const wake of s.onAck.splice(0)) wake();
    for (const wake of this.waitingForSlot.splice(0)) wake();
  }
}
