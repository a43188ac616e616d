/** What the library checks, as CI formats need it (JUnit test cases, SARIF rules): plain data. */

import type { Severity } from './finding.js';

export interface CatalogRule {
  /** Signature or near-miss rule id. */
  id: string;
  /** Its family (`kind-near-miss` for the near-miss rules, as in reports). */
  family: string;
  type: 'signature' | 'near-miss';
  title: string;
  severity: Severity;
  /** Why it happens, in general terms. */
  explanation: string;
}

export interface Catalog {
  rules: CatalogRule[];
}
