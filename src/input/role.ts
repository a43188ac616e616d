/** What the analysis does with one file of a bundle, decided from its path (and, for text files, its first bytes). */

import type { SourceMeta } from './source-meta.js';

/** Files that hold the same bytes twice (kind export: containers/ and pods/) and are compared after analysis. */
export interface DedupeKey {
  /** The tree both copies live in (a node directory). */
  group: string;
  /** namespace/pod/container. */
  container: string;
  /** `pods` copies are kept; a `containers` copy with identical content is dropped. */
  side: 'pods' | 'containers';
}

export type Role =
  | { role: 'log'; meta: SourceMeta; dedupe?: DedupeKey }
  | { role: 'events'; meta: SourceMeta }
  | { role: 'manifest' }
  /** `kubectl cluster-info dump` output: log sections between START/END markers, API objects between them. */
  | { role: 'dump'; meta: SourceMeta }
  | { role: 'skip'; reason: string };
