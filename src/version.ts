/** The tool's name and version, read once from the package's own package.json (`--version`, `tool` in JSON). */

import { readFileSync } from 'node:fs';

/** package.json sits one level above both src/ and dist/. */
function readVersion(): string {
  try {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
  } catch {
    return '0.0.0';
  }
}

export const TOOL_NAME = 'kube-log-doctor';
export const TOOL_VERSION = readVersion();
