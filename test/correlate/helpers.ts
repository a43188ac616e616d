/** Findings built by hand for the correlation tests: what correlation reads of them, the rest empty. */

import type { Finding, KindRef } from '../../src/model/finding.js';

/** A finding of `family` (its id too) with `key` and `kinds`, counted once, then `over`. */
export function familyFinding(family: string, key: string, kinds: KindRef[] = [], over: Partial<Finding> = {}): Finding {
  return {
    id: family,
    family,
    origin: 'signature',
    key,
    title: `${family} title`,
    severity: 'error',
    count: 1,
    firstSeen: null,
    lastSeen: null,
    kinds,
    objects: [],
    objectsOmitted: 0,
    diagnosis: `${family} happened.`,
    explanation: '',
    likelyCauses: [],
    fixes: [],
    evidence: [],
    captures: {},
    impact: null,
    causes: [],
    causedBy: [],
    ...over,
  };
}
