/**
 * Analysis of bundle files within one thread: each text file goes to the analysis its role
 * calls for, archives are expanded here, and every outcome keeps its place in input order. The
 * worker threads run exactly this; the main thread runs it too when it works alone.
 */

import { expand, releaseSkipped, type ExpandHandlers, type View } from '../input/expand.js';
import type { BundleFile } from '../input/bundle-file.js';
import type { ByteSource } from '../input/settle.js';
import type { Role } from '../input/role.js';
import type { AnalysisContext } from './analysis-context.js';
import type { Outcome } from './outcome.js';
import { OutcomeList } from './outcome-list.js';
import { analyzeLog } from './analyze-log.js';
import { analyzeEvents, eventsFormat } from './analyze-events.js';
import { analyzeManifest } from './analyze-manifest.js';
import { analyzeDump } from './analyze-dump.js';

/** One text file of a bundle, analysed as its role says. */
export async function analyzeLeaf(
  file: BundleFile,
  view: View,
  source: ByteSource,
  head: string,
  role: Role,
  ctx: AnalysisContext,
): Promise<Outcome[]> {
  const year = (view.mtime ?? new Date()).getUTCFullYear();
  switch (role.role) {
    case 'log': {
      const result = await analyzeLog({ label: view.label, meta: role.meta, year, source, ...(role.dedupe ? { dedupe: role.dedupe } : {}) }, ctx);
      return [{ type: 'source', source: result }];
    }
    case 'events': {
      const result = await analyzeEvents({ label: view.label, meta: role.meta, source, format: eventsFormat(head) }, ctx);
      return [{ type: 'source', source: result }];
    }
    case 'manifest':
      return [await analyzeManifest(view.label, source)];
    case 'dump':
      return analyzeDump({ label: view.label, meta: role.meta, year, source }, ctx);
    case 'skip': {
      const failure = await releaseSkipped(file, source, view.label);
      return [{ type: 'skipped', label: view.label, reason: role.reason }, ...(failure ? [{ type: 'error' as const, message: failure }] : [])];
    }
  }
}

/** A live input's first bytes are looked at once it pauses this long, when no idle flush is set. */
const LIVE_PEEK_IDLE_MS = 200;

/** Handlers that analyse everything in this thread, recording outcomes in `list`. */
export function inThreadHandlers(ctx: AnalysisContext, list: OutcomeList): ExpandHandlers {
  const h: ExpandHandlers = {
    budget: ctx.budget,
    ...(ctx.onDiskBytes ? { onDiskBytes: ctx.onDiskBytes } : {}),
    // A live input may pause for hours after a few lines: what came before a pause is enough to look at.
    ...(ctx.live ? { peekIdleMs: ctx.live.hooks.idleFlushMs ?? LIVE_PEEK_IDLE_MS } : {}),
    ...(ctx.live?.hooks.signal ? { signal: ctx.live.hooks.signal } : {}),
    problem: (message) => {
      list.push({ type: 'error', message });
      ctx.live?.error(message);
    },
    skipped: (label, reason) => list.push({ type: 'skipped', label, reason }),
    archive: (label) => list.push({ type: 'archive', label }),
    leaf: async (file, view, source, head, role) => {
      const done = analyzeLeaf(file, view, source, head, role, ctx);
      list.pushLater(done);
      // A live run knows a bundle's CRDs as soon as they are read.
      for (const o of await done) if (o.type === 'kinds') ctx.live?.addKinds(o.kinds);
    },
    member: (file, depth) => {
      ctx.onMember?.(file.label);
      return expand(file, h, depth);
    },
  };
  return h;
}

/** Expands and analyses one bundle file in this thread. */
export async function analyzeFileHere(file: BundleFile, ctx: AnalysisContext, depth = 0): Promise<Outcome[]> {
  const list = new OutcomeList();
  try {
    await expand(file, inThreadHandlers(ctx, list), depth);
  } catch (err) {
    list.push({ type: 'error', message: `${file.label}: ${(err as Error).message}` });
  }
  return list.settle();
}
