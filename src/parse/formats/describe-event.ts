/**
 * A row of the Events table `kubectl describe` prints, pasted without or with the table around it:
 *
 *   Events:
 *     Type     Reason            Age                From                       Message
 *     ----     ------            ----               ----                       -------
 *     Warning  FailedGetScale    10s (x3 over 40s)  horizontal-pod-autoscaler  no matches for kind "Rollout" in group "argoproj.io"
 *
 * It is read as the Event it shows (the format of events from bundles, input/events): the
 * message is the event's message, the level comes from the type (Warning, Normal), and the
 * reason, the reporting component and the count of a series (`x3`) are fields. The columns are
 * padded with spaces, which a paste may squeeze to one; the age is kubectl's short duration
 * (`65s`, `3h2m`, `<unknown>`), and `From` may be `kubelet, <node>` (kubectl before 1.14).
 */

import type { ParsedLine } from '../parsed-line.js';

const ROW =
  /^(Normal|Warning)[ \t]+([A-Z][A-Za-z0-9]*)[ \t]+(?:<unknown>|<invalid>|(?:[0-9]+[a-z]{1,2})+)(?: \(x([0-9]+) over (?:[0-9]+[a-z]{1,2})+\))?[ \t]+([^ \t,]+(?:, [^ \t]+)?)[ \t]+(\S.*)$/;

/** An Event as kubectl prints one (here and in get-events.ts): its type gives the level. */
export function eventRow(type: string, message: string, fields: Record<string, unknown>): ParsedLine {
  return { format: 'k8s-event', level: type === 'Warning' ? 'warning' : 'info', time: null, message, error: null, fields, openBlock: null };
}

export function parseDescribeEvent(line: string): ParsedLine | null {
  const m = ROW.exec(line);
  if (!m) return null;
  const fields: Record<string, unknown> = { reason: m[2]!, component: m[4]! };
  if (m[3] !== undefined) fields['count'] = Number(m[3]);
  return eventRow(m[1]!, m[5]!, fields);
}
