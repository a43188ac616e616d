/**
 * A Kubernetes Event (core/v1 or events.k8s.io/v1) as a log entry, so that signatures match event
 * messages exactly as they match controller log lines: message = the event's message, level from
 * its type, fields = reason and the involved object's kind, namespace and name.
 */

import type { Level, LogEntry } from '../../model/entry.js';

type Obj = Record<string, unknown>;

function obj(v: unknown): Obj | null {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : null;
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v !== '' ? v : null;
}

function isoTime(v: unknown): string | null {
  const s = str(v);
  if (!s) return null;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : new Date(t).toISOString();
}

/** True when the object has the shape of an Event (core/v1 or events.k8s.io/v1). */
export function isEvent(o: Obj): boolean {
  return (obj(o['involvedObject']) !== null || obj(o['regarding']) !== null) && typeof o['reason'] === 'string';
}

function levelOf(type: string | null): Level | null {
  if (type === 'Warning') return 'warning';
  if (type === 'Normal') return 'info';
  return null;
}

/** The entry for an event object, or null when the object is not an event. */
export function eventToEntry(value: unknown, source: string, line: number): LogEntry | null {
  const o = obj(value);
  if (!o || !isEvent(o)) return null;
  const involved = obj(o['involvedObject']) ?? obj(o['regarding']) ?? {};
  const meta = obj(o['metadata']) ?? {};
  const series = obj(o['series']) ?? {};
  const reason = str(o['reason']);
  const type = str(o['type']);
  const message = str(o['message']) ?? str(o['note']) ?? '';
  const kind = str(involved['kind']);
  const namespace = str(involved['namespace']) ?? str(meta['namespace']);
  const name = str(involved['name']);
  const component = str(obj(o['source'])?.['component']) ?? str(o['reportingComponent']) ?? str(o['reportingController']);
  const time =
    isoTime(o['lastTimestamp']) ??
    isoTime(series['lastObservedTime']) ??
    isoTime(o['eventTime']) ??
    isoTime(o['deprecatedLastTimestamp']) ??
    isoTime(o['firstTimestamp']) ??
    isoTime(meta['creationTimestamp']);

  const fields: Record<string, unknown> = {};
  if (reason) fields['reason'] = reason;
  if (kind) fields['kind'] = kind;
  if (namespace) fields['namespace'] = namespace;
  if (name) fields['name'] = name;
  const apiVersion = str(involved['apiVersion']);
  if (apiVersion) fields['apiVersion'] = apiVersion;
  if (typeof o['count'] === 'number') fields['count'] = o['count'];
  if (component) fields['component'] = component;

  const object = [kind ?? '?', namespace ? `${namespace}/${name ?? '?'}` : (name ?? '?')].join(' ');
  return {
    source,
    line,
    format: 'k8s-event',
    level: levelOf(type),
    time,
    message,
    error: null,
    fields,
    // The evidence text: what `kubectl get events` would show on one row.
    raw: `${type ?? 'Event'} ${reason ?? '?'} ${object}: ${message}`,
    continuation: [],
    envelope: null,
  };
}
