/** Kubernetes Events as entries: streamed JSON (stream-json) and YAML item by item. */

import { describe, expect, it } from 'vitest';
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { YamlItemSplitter } from '../../src/input/events/yaml-items.js';
import { ListItemCollector } from '../../src/input/events/json-events.js';
import { eventToEntry } from '../../src/input/events/event-entry.js';
import parser from 'stream-json/parser.js';
import { analyzePaths, scratch, tree } from './helpers.js';

function hpaEvent(i: number, type = 'Warning') {
  return {
    metadata: { name: `web-${i}.17d8a9b0c1d2e3f5`, namespace: 'shop', creationTimestamp: '2025-06-12T10:00:21Z' },
    involvedObject: { kind: 'HorizontalPodAutoscaler', namespace: 'shop', name: `web-${i % 7}`, apiVersion: 'autoscaling/v2' },
    reason: 'FailedGetResourceMetric',
    message: 'failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API',
    source: { component: 'horizontal-pod-autoscaler' },
    firstTimestamp: '2025-06-12T10:00:21Z',
    lastTimestamp: `2025-06-12T10:${String(i % 60).padStart(2, '0')}:00Z`,
    count: 3,
    type,
  };
}

async function collectJson(text: string): Promise<unknown[]> {
  const items: unknown[] = [];
  const c = new ListItemCollector((item) => items.push(item));
  const tokens = parser.asStream({ jsonStreaming: true, packValues: true, streamValues: false });
  tokens.on('data', (t) => c.consume(t));
  tokens.end(text);
  await once(tokens, 'end');
  return items;
}

describe('event → entry', () => {
  it('takes message, level from type, reason and the involved object, time from lastTimestamp', () => {
    const e = eventToEntry(hpaEvent(3), 'events.json', 4)!;
    expect(e).toMatchObject({
      source: 'events.json',
      line: 4,
      format: 'k8s-event',
      level: 'warning',
      time: '2025-06-12T10:03:00.000Z',
      message: 'failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API',
      fields: { reason: 'FailedGetResourceMetric', kind: 'HorizontalPodAutoscaler', namespace: 'shop', name: 'web-3', apiVersion: 'autoscaling/v2', count: 3 },
    });
    expect(eventToEntry({ ...hpaEvent(1), type: 'Normal' }, 'x', 1)!.level).toBe('info');
  });

  it('reads events.k8s.io/v1 events (regarding, note, eventTime) and refuses other objects', () => {
    const e = eventToEntry({ regarding: { kind: 'Pod', namespace: 'a', name: 'p' }, reason: 'BackOff', note: 'Back-off restarting failed container', type: 'Warning', eventTime: '2025-06-12T10:00:00.123456Z' }, 's', 1)!;
    expect(e).toMatchObject({ message: 'Back-off restarting failed container', time: '2025-06-12T10:00:00.123Z', fields: { kind: 'Pod', name: 'p' } });
    expect(eventToEntry({ metadata: { name: 'pod' }, spec: {} }, 's', 1)).toBeNull();
  });
});

describe('JSON lists with stream-json', () => {
  it('assembles the items of event lists and skips those of other lists without building them', async () => {
    const text = [
      JSON.stringify({ kind: 'PodList', items: [{ involvedObject: { kind: 'X' }, reason: 'looks like an event' }] }),
      JSON.stringify({ kind: 'EventList', items: [hpaEvent(1), hpaEvent(2)] }),
      // kubectl get events -o json: sorted keys, so the kind comes after the items.
      JSON.stringify({ apiVersion: 'v1', items: [hpaEvent(3)], kind: 'List' }),
      JSON.stringify([hpaEvent(4)]),
    ].join('\n');
    expect((await collectJson(text)).map((i) => (i as { metadata: { name: string } }).metadata.name)).toEqual([
      'web-1.17d8a9b0c1d2e3f5',
      'web-2.17d8a9b0c1d2e3f5',
      'web-3.17d8a9b0c1d2e3f5',
      'web-4.17d8a9b0c1d2e3f5',
    ]);
  });

  it('a large generated events.json is streamed into one finding per HPA kind with every event counted', async () => {
    const dir = scratch();
    const path = join(dir, 'events.json');
    const out = createWriteStream(path);
    const n = 10_000;
    out.write('{\n    "kind": "EventList",\n    "apiVersion": "v1",\n    "metadata": {},\n    "items": [\n');
    for (let i = 0; i < n; i++) {
      const ev = i % 2 === 0 ? hpaEvent(i) : { ...hpaEvent(i, 'Normal'), reason: 'SuccessfulRescale', message: 'New size: 2; reason: cpu resource utilization above target' };
      if (!out.write(`${i > 0 ? ',\n' : ''}${JSON.stringify(ev, null, 4)}`)) await once(out, 'drain');
    }
    out.end('\n    ]\n}\n');
    await once(out, 'finish');
    const r = await analyzePaths([path]);
    expect(r.stats.errors).toEqual([]);
    expect(r.stats.entries).toBe(n);
    expect(r.stats.byFormat).toEqual({ 'k8s-event': n });
    expect(r.stats.byLevel).toEqual({ info: n / 2, warning: n / 2 });
    const hpa = r.findings.filter((f) => f.id === 'hpa-metrics-unavailable-resource');
    expect(hpa.reduce((a, f) => a + f.count, 0)).toBe(n / 2);
    expect(hpa[0]!.objects.map((o) => o.name).sort()).toEqual(['web-0', 'web-1', 'web-2', 'web-3', 'web-4', 'web-5', 'web-6']);
    expect(hpa[0]!.firstSeen).toBe('2025-06-12T10:00:00.000Z');
  });

  it('invalid JSON is one error naming the file; the events before it still count', async () => {
    const good = JSON.stringify(hpaEvent(1), null, 2);
    const path = join(tree(scratch(), { 'events.json': `{\n "kind": "EventList", "items": [${good}, {"reason": ` }), 'events.json');
    const r = await analyzePaths([path]);
    expect(r.stats.entries).toBe(1);
    expect(r.stats.errors).toHaveLength(1);
    expect(r.stats.errors[0]).toMatch(/events\.json: invalid JSON: /);
  });
});

describe('YAML lists item by item', () => {
  function split(text: string) {
    const items: [unknown, number][] = [];
    const bad: string[] = [];
    const s = new YamlItemSplitter(
      (item, line) => items.push([item, line]),
      (line, reason) => bad.push(`${line}: ${reason}`),
    );
    for (const l of text.split('\n')) s.push(l);
    s.end();
    return { items, bad };
  }

  it('cuts the items of a sorted-key List, with block scalars and nested sequences, and gives their lines', () => {
    const { items, bad } = split(
      [
        'apiVersion: v1',
        'items:',
        '- involvedObject:',
        '    kind: Pod',
        '  message: |-',
        '    first line',
        '    - not an item',
        '  reason: A',
        '- involvedObject:',
        '    kind: Pod',
        '  reason: B',
        '  tags:',
        '  - x',
        'kind: EventList',
        'metadata: {}',
      ].join('\n'),
    );
    expect(bad).toEqual([]);
    expect(items).toEqual([
      [{ involvedObject: { kind: 'Pod' }, message: 'first line\n- not an item', reason: 'A' }, 3],
      [{ involvedObject: { kind: 'Pod' }, reason: 'B', tags: ['x'] }, 9],
    ]);
  });

  it('reads indented sequences and several documents, skips empty lists, and reports a bad item alone', () => {
    const { items, bad } = split(['items: []', '---', 'kind: EventList', 'items:', '  - reason: A', '  - reason: [B', '  - reason: C', ''].join('\n'));
    expect(items.map(([i]) => i)).toEqual([{ reason: 'A' }, { reason: 'C' }]);
    expect(bad).toHaveLength(1);
    expect(bad[0]).toMatch(/^6: invalid YAML/);
  });
});
