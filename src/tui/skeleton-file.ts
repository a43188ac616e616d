/** The TUI's `n`: writes a signature skeleton for an unrecognised-error group to `unknown-<hex>.yaml`. */

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as Yaml from 'yaml';
import { lazy } from '../lazy.js';
import type { Report } from '../model/finding.js';
import { signatureSkeleton } from '../correlate/unknown/skeleton.js';
import { describeFsError } from '../errors.js';

const yaml = lazy<typeof Yaml>('yaml');

/** Writes the skeleton of group `id` of `report` into `dir`; returns what the footer says. */
export function writeSkeletonFile(report: Report, id: string, dir = '.'): string {
  const groups = report.unknown ?? [];
  const group = groups.find((g) => g.id === id);
  if (!group) return `group ${id} is no longer in the report`;
  const signatureId = `unknown-${id.slice(2)}`;
  const file = join(dir, `${signatureId}.yaml`);
  try {
    const others = groups.filter((g) => g !== group).flatMap((g) => g.examples.slice(0, 1).map((e) => e.text));
    const spec = signatureSkeleton({ id: signatureId, group, others });
    const header = `# Template: TODO — cite where the message comes from (repository:path).\n# Written by the kube-log-doctor TUI from group ${group.id}: ${group.template.replace(/[\r\n]/g, ' ')}\n`;
    writeFileSync(file, header + yaml().stringify(spec, { lineWidth: 0 }), { flag: 'wx' });
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code ? describeFsError(err) : (err as Error).message;
    return `could not write ${file}: ${reason}`;
  }
  return `wrote ${file}: fill in its TODO fields, then kube-log-doctor patterns test ${file}`;
}
