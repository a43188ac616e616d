/**
 * The tool's name, version and project URL, read once from the package's own package.json
 * (`--version`, `tool` in JSON, the SARIF driver).
 */

import { readFileSync } from 'node:fs';

interface PackageInfo {
  version?: unknown;
  homepage?: unknown;
  repository?: unknown;
}

/** package.json sits one level above both src/ and dist/. */
function readPackage(): PackageInfo {
  try {
    return JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as PackageInfo;
  } catch {
    return {};
  }
}

/** An absolute http(s) URL as written, or undefined. */
function webUrl(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:' ? value : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The project's URL: package.json's `homepage`, else its `repository` as a web address (npm's
 * `git+https://….git` form without `git+` and `.git`); undefined when it names neither.
 */
export function projectUrl(pkg: PackageInfo): string | undefined {
  const home = webUrl(pkg.homepage);
  if (home) return home;
  const repo = typeof pkg.repository === 'object' && pkg.repository !== null ? (pkg.repository as { url?: unknown }).url : pkg.repository;
  return typeof repo === 'string' ? webUrl(repo.replace(/^git\+/, '').replace(/\.git$/, '')) : undefined;
}

const pkg = readPackage();

export const TOOL_NAME = 'kube-log-doctor';
export const TOOL_VERSION = typeof pkg.version === 'string' ? pkg.version : '0.0.0';
/** Where to read about the tool (SARIF's `informationUri`), from package.json; undefined when it has none. */
export const TOOL_URL = projectUrl(pkg);
