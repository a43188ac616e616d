/**
 * Scratch directories that tests make under the system's temporary directory, each removed when
 * what made it is done: the test that made it, else (made while the file's tests are collected)
 * the enclosing suite or the file. Not for a beforeAll hook, whose directory its own returned
 * cleanup removes.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, onTestFinished } from 'vitest';

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const remove = () => rmSync(dir, { recursive: true, force: true });
  try {
    onTestFinished(remove);
  } catch {
    afterAll(remove);
  }
  return dir;
}
