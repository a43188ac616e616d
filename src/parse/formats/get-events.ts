/**
 * A row of `kubectl get events` (or `kubectl events`) output, pasted with or without its header:
 *
 *   NAMESPACE   LAST SEEN   TYPE      REASON             OBJECT                  MESSAGE
 *   ns-gg       120m        Warning   FailedCreate       replicaset/web-5f4f44   Error creating: pods "web-5f4f44-" is forbidden: …
 *
 * The NAMESPACE column is there with `-A`; `kubectl events` writes the last-seen column as
 * `2m (x5 over 10m)` and the object's kind as the API spells it (`Pod/web-0`), `kubectl get events`
 * in lower case (`pod/web-0`). kubectl before 1.14 printed other columns:
 *
 *   LAST SEEN   FIRST SEEN   COUNT   NAME                      KIND   SUBOBJECT                TYPE     REASON   SOURCE             MESSAGE
 *   1m          1m           1       web-0.15a0e0c3e5e5d1d2    Pod    spec.containers{web}     Normal   Pulling  kubelet, minikube  pulling image "nginx"
 *
 * and `kubectl describe` before 1.6 a FirstSeen / LastSeen / Count / From / SubObjectPath table
 * whose From is `{kubelet node-1}`. Each row is read as the Event it shows (like events from a
 * bundle, input/events): message, level from the type, and the reason, the count, the reporting
 * component and the involved object (namespace, name, and its kind as printed, `objectKind`)
 * as fields. Columns are padded with spaces, which a paste may squeeze to one.
 */

import type { ParsedLine } from '../parsed-line.js';
import { eventRow } from './describe-event.js';

// kubectl's short duration is `(?:<unknown>|<invalid>|(?:[0-9]+[a-z]{1,2})+)` (`65s`, `3h2m`); columns are
// separated by `[ \t]+`. The regexes are written out as literals, so that the regex-safety test reads them.

/** 1.14+: [NAMESPACE] LAST SEEN TYPE REASON OBJECT MESSAGE (`kubectl events`: LAST SEEN may end in `(xN over AGE)`). */
const CURRENT =
  /^(?:([a-z0-9][a-z0-9-]{0,62})[ \t]+)?(?:<unknown>|<invalid>|(?:[0-9]+[a-z]{1,2})+)(?: \(x([0-9]+) over (?:<unknown>|<invalid>|(?:[0-9]+[a-z]{1,2})+)\))?[ \t]+(Normal|Warning)[ \t]+([A-Za-z][A-Za-z0-9]*)[ \t]+([A-Za-z][A-Za-z0-9]*)(?:\.[a-z0-9.-]+)?\/([a-z0-9][a-z0-9.:-]{0,252})[ \t]+(\S.*)$/;

/** Before 1.14: [NAMESPACE] LAST SEEN FIRST SEEN COUNT NAME KIND [SUBOBJECT] TYPE REASON SOURCE MESSAGE. */
const LEGACY =
  /^(?:([a-z0-9][a-z0-9-]{0,62})[ \t]+)?(?:<unknown>|<invalid>|(?:[0-9]+[a-z]{1,2})+)[ \t]+(?:<unknown>|<invalid>|(?:[0-9]+[a-z]{1,2})+)[ \t]+([0-9]+)[ \t]+([a-z0-9][a-z0-9.:-]{0,252})[ \t]+([A-Z][A-Za-z0-9]*)[ \t]+(?:([^ \t]+)[ \t]+)?(Normal|Warning)[ \t]+([A-Za-z][A-Za-z0-9]*)[ \t]+([^ \t,]+(?:, [^ \t]+)?)[ \t]+(\S.*)$/;

/** `kubectl describe` before 1.6: FirstSeen LastSeen Count From [SubObjectPath] Type Reason Message. */
const OLD_DESCRIBE =
  /^(?:<unknown>|<invalid>|(?:[0-9]+[a-z]{1,2})+)[ \t]+(?:<unknown>|<invalid>|(?:[0-9]+[a-z]{1,2})+)[ \t]+([0-9]+)[ \t]+\{([^{}]*)\}[ \t]+(?:([^ \t]+)[ \t]+)?(Normal|Warning)[ \t]+([A-Za-z][A-Za-z0-9]*)[ \t]+(\S.*)$/;

/** An event's name is its object's name and a hex suffix (`web-0.15a0e0c3e5e5d1d2`). */
const EVENT_NAME = /^(.+)\.[0-9a-f]{8,}$/;

export function parseGetEvent(line: string): ParsedLine | null {
  let m = CURRENT.exec(line);
  if (m) {
    const fields: Record<string, unknown> = { reason: m[4]!, objectKind: m[5]!, name: m[6]! };
    if (m[1] !== undefined) fields['namespace'] = m[1];
    if (m[2] !== undefined) fields['count'] = Number(m[2]);
    return eventRow(m[3]!, m[7]!, fields);
  }
  m = LEGACY.exec(line);
  if (m) {
    const name = EVENT_NAME.exec(m[3]!)?.[1] ?? m[3]!;
    const fields: Record<string, unknown> = { reason: m[7]!, kind: m[4]!, name, count: Number(m[2]), component: m[8]! };
    if (m[1] !== undefined) fields['namespace'] = m[1];
    return eventRow(m[6]!, m[9]!, fields);
  }
  m = OLD_DESCRIBE.exec(line);
  if (m) {
    const component = m[2]!.trim().replace(/\s+/g, ', ');
    const fields: Record<string, unknown> = { reason: m[5]!, count: Number(m[1]) };
    if (component !== '') fields['component'] = component;
    return eventRow(m[4]!, m[6]!, fields);
  }
  return null;
}
