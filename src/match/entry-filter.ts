/**
 * The entry filter: whether a matched entry counts, by its time and by the namespace, pod and
 * container it came from. Those come from the entry's envelope (stern, `kubectl logs --prefix`, a
 * cluster-info dump section) or else from its source (bundle layouts, CRI paths). Applied only to
 * entries that matched something, so the lazy path over quiet lines is untouched.
 */

import picomatch from 'picomatch';
import type { LogEntry } from '../model/entry.js';
import type { EntryFilterSpec, FilterCounts } from '../model/filters.js';

/** Where a source's entries come from, as far as its layout says. */
export interface SourcePlace {
  namespace?: string;
  pod?: string;
  container?: string;
}

type Test = (value: string) => boolean;

function globs(list: readonly string[] | undefined): Test | null {
  if (!list?.length) return null;
  // Names hold no `/`; `dot` so that a glob matches names starting with a dot like any other.
  const tests = list.map((g) => picomatch(g, { dot: true }));
  return (v) => tests.some((t) => t(v));
}

/** The compiled filter of a run; `forSource` gives the test for one source's entries. */
export class EntryFilter {
  private readonly since: number;
  private readonly until: number;
  private readonly timed: boolean;
  private readonly namespace: Test | null;
  private readonly pod: Test | null;
  private readonly container: Test | null;

  constructor(spec: EntryFilterSpec) {
    this.since = spec.since !== undefined ? Date.parse(spec.since) : -Infinity;
    this.until = spec.until !== undefined ? Date.parse(spec.until) : Infinity;
    this.timed = spec.since !== undefined || spec.until !== undefined;
    this.namespace = globs(spec.namespace);
    this.pod = globs(spec.pod);
    this.container = globs(spec.container);
  }

  /** The test for the entries of one source, counting into `counts`. */
  forSource(place: SourcePlace, counts: FilterCounts): (entry: LogEntry) => boolean {
    return (entry) => {
      if (!this.placeMatches(entry, place)) {
        counts.excludedEntries++;
        return false;
      }
      if (!this.timed) return true;
      const t = entry.time === null ? NaN : Date.parse(entry.time);
      if (Number.isNaN(t)) {
        // No time: it cannot be placed in the window; kept, and counted so the report says so.
        counts.untimedEntries++;
        return true;
      }
      if (t < this.since || t > this.until) {
        counts.excludedEntries++;
        return false;
      }
      return true;
    };
  }

  /** A filtered dimension with no value for the entry (a plain log on stdin under `--pod`) does not match. */
  private placeMatches(entry: LogEntry, place: SourcePlace): boolean {
    const env = entry.envelope;
    const event = entry.format === 'k8s-event' ? entry.fields : null;
    if (this.namespace) {
      const ns = env?.namespace ?? str(event?.['namespace']) ?? place.namespace;
      if (ns === undefined || ns === null || !this.namespace(ns)) return false;
    }
    if (this.pod) {
      // An event about a pod belongs to that pod.
      const eventPod = event && event['kind'] === 'Pod' ? str(event['name']) : undefined;
      const pod = env?.pod ?? eventPod ?? place.pod;
      if (pod === undefined || pod === null || !this.pod(pod)) return false;
    }
    if (this.container) {
      const c = env?.container ?? place.container;
      if (c === undefined || c === null || !this.container(c)) return false;
    }
    return true;
  }
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}
