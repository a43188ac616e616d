#!/usr/bin/env node
/**
 * Builds catalog/well-known-kinds.json, the bundled catalog of well-known kinds (issue #15), from
 * upstream sources a reader can check (catalog/sources.json names them):
 *
 * - Kubernetes built-in kinds, release by release: k8s.io/api (github.com/kubernetes/api) at each
 *   release tag. A kind is a type marked `+genclient` in <group>/<version>/types.go; its group is
 *   the package's `+groupName`; `+genclient:nonNamespaced` makes it cluster-scoped; its plural is
 *   what client-gen names it (gengo's plural namer); `zz_generated.prerelease-lifecycle.go` says
 *   in which release a beta version was introduced and removed, and what replaces it.
 * - CRD kinds of widely used operators and add-ons: their CRD manifests at the upstream
 *   repository's HEAD (served versions), plus older tags for groups and versions used before.
 *
 * Every entry names the repository, commit and file it came from. The repositories are read from
 * git mirrors: KLD_MIRRORS (default /work/.mirror) holds `<owner>+<name>/repo`, bare clones with
 * tags. Nothing at run time reads the network: the tool loads the committed JSON.
 *
 *   npm run catalog                 # regenerate catalog/well-known-kinds.json
 *   npm run catalog -- --check      # exit 1 if the committed file differs from a fresh build
 */

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const sources = JSON.parse(readFileSync(join(root, 'catalog/sources.json'), 'utf8'));
const MIRRORS = process.env.KLD_MIRRORS ?? '/work/.mirror';
const OUT = join(root, 'catalog/well-known-kinds.json');

function mirror(repo) {
  const dir = join(MIRRORS, repo.replace('/', '+'), 'repo');
  if (!existsSync(dir)) throw new Error(`no mirror of ${repo} at ${dir} (clone it there, bare, with tags)`);
  return dir;
}
const git = (dir, ...args) => execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', maxBuffer: 1 << 30 });
const commitOf = (dir, ref) => git(dir, 'rev-parse', `${ref}^{commit}`).trim();
const listFiles = (dir, ref) => git(dir, 'ls-tree', '-r', '--name-only', ref).split('\n').filter(Boolean);

/** Many files of one ref with one `git cat-file --batch` (a process per file takes minutes). */
function showMany(dir, ref, paths) {
  const out = execFileSync('git', ['-C', dir, 'cat-file', '--batch'], { input: paths.map((p) => `${ref}:${p}\n`).join(''), maxBuffer: 1 << 30 });
  const files = new Map();
  let at = 0;
  for (const path of paths) {
    const nl = out.indexOf(10, at);
    const header = out.subarray(at, nl).toString('utf8');
    if (header.endsWith(' missing')) throw new Error(`${ref}:${path} missing in ${dir}`);
    const size = Number(header.split(' ')[2]);
    files.set(path, out.subarray(nl + 1, nl + 1 + size).toString('utf8'));
    at = nl + 1 + size + 1;
  }
  return files;
}

// ---------------------------------------------------------------------------------------------
// Kubernetes built-ins

/** gengo's plural namer as client-gen uses it (k8s.io/gengo/namer/plural_namer.go). */
function pluralOf(kind) {
  const exceptions = { Endpoints: 'Endpoints' };
  if (exceptions[kind]) return exceptions[kind].toLowerCase();
  const consonant = (c) => !'aeiou'.includes(c.toLowerCase());
  const last = kind.at(-1);
  const before = kind.at(-2) ?? '';
  let p;
  if (last === 's' || last === 'x' || last === 'z') p = `${kind}es`;
  else if (last === 'y') p = consonant(before) ? `${kind.slice(0, -1)}ies` : `${kind}s`;
  else if (last === 'h') p = before === 'c' || before === 's' ? `${kind}es` : `${kind}s`;
  else if (last === 'e' && before === 'f') p = `${kind.slice(0, -2)}ves`;
  else if (last === 'f') p = `${kind.slice(0, -1)}ves`;
  else p = `${kind}s`;
  return p.toLowerCase();
}

/** `+genclient` types of one types.go: name → { namespaced }. */
function genclientTypes(text) {
  const out = new Map();
  let markers = [];
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (t.startsWith('//')) {
      const m = /^\/\/\s*\+(genclient\S*)/.exec(t);
      if (m) markers.push(m[1]);
      continue;
    }
    const type = /^type\s+([A-Z][A-Za-z0-9]*)\s+struct\b/.exec(t);
    if (type) {
      if (markers.includes('genclient') && !markers.some((x) => x === 'genclient:noVerbs')) {
        out.set(type[1], { namespaced: !markers.includes('genclient:nonNamespaced') });
      }
      markers = [];
    } else if (t !== '') markers = [];
  }
  return out;
}

/** From zz_generated.prerelease-lifecycle.go: kind → { introduced, removed, replacement }. */
function lifecycle(text) {
  const out = new Map();
  const re = /func \(in \*([A-Za-z0-9]+)\) APILifecycle(Introduced|Removed|Replacement)\(\)[^{]*\{\s*return ([^\n]+)/g;
  for (const m of text.matchAll(re)) {
    const e = out.get(m[1]) ?? {};
    if (m[2] === 'Replacement') {
      const r = /Group: "([^"]*)", Version: "([^"]*)", Kind: "([^"]*)"/.exec(m[3]);
      if (r) e.replacement = { group: r[1], version: r[2], kind: r[3] };
    } else {
      const v = /(\d+), (\d+)/.exec(m[3]);
      if (v) e[m[2].toLowerCase()] = `${v[1]}.${v[2]}`;
    }
    out.set(m[1], e);
  }
  return out;
}

const minor = (release) => Number(release.split('.')[1]);

function buildKubernetes() {
  const { repo, releases } = sources.kubernetes;
  const dir = mirror(repo);
  /** `group\0kind` → entry */
  const kinds = new Map();
  const refs = [];
  for (const { release, ref } of releases) {
    const commit = commitOf(dir, ref);
    refs.push({ release, ref, commit });
    const files = listFiles(dir, ref);
    const pkgs = new Set(files.filter((f) => /^[a-z0-9]+\/v[0-9a-z]+\/types\.go$/.test(f)).map((f) => f.slice(0, f.lastIndexOf('/'))));
    const wanted = [...pkgs].flatMap((pkg) => ['doc.go', 'register.go', 'types.go', 'zz_generated.prerelease-lifecycle.go'].map((f) => `${pkg}/${f}`)).filter((f) => files.includes(f));
    const text = showMany(dir, ref, wanted);
    for (const pkg of [...pkgs].sort()) {
      const version = pkg.split('/')[1];
      const doc = text.get(`${pkg}/doc.go`) ?? '';
      const reg = text.get(`${pkg}/register.go`) ?? '';
      const groupName = /\+groupName=([a-z0-9.-]*)/.exec(doc)?.[1] ?? /GroupName\s*=\s*"([^"]*)"/.exec(reg)?.[1];
      if (groupName === undefined) continue;
      const group = pkg.startsWith('core/') ? '' : groupName;
      const types = genclientTypes(text.get(`${pkg}/types.go`));
      const lifeText = text.get(`${pkg}/zz_generated.prerelease-lifecycle.go`);
      const life = lifeText !== undefined ? lifecycle(lifeText) : new Map();
      for (const [kind, { namespaced }] of types) {
        const key = `${group}\u0000${kind}`;
        const e = kinds.get(key) ?? { group, kind, plural: pluralOf(kind), namespaced, versions: new Map() };
        e.namespaced = namespaced;
        const v = e.versions.get(version) ?? { present: [], lifecycle: {} };
        v.present.push(minor(release));
        Object.assign(v.lifecycle, life.get(kind) ?? {});
        e.versions.set(version, v);
        kinds.set(key, e);
      }
    }
  }
  const newest = minor(releases.at(-1).release);
  const out = [];
  for (const e of [...kinds.values()].sort((a, b) => (a.group + a.kind < b.group + b.kind ? -1 : 1))) {
    const versions = {};
    for (const [name, v] of [...e.versions].sort()) {
      const introduced = v.lifecycle.introduced ? minor(v.lifecycle.introduced) : 0;
      const removed = v.lifecycle.removed ? minor(v.lifecycle.removed) : null;
      // Served in a release: its type is in k8s.io/api then, and the lifecycle has not removed it.
      const served = v.present.filter((r) => r >= introduced && (removed === null || r < removed));
      const row = {};
      if (served.length > 0) {
        row.from = `1.${served[0]}`;
        if (served.at(-1) < newest) row.until = `1.${served.at(-1)}`;
      }
      // No longer served: from the first release after the last that served it (the lifecycle's
      // own removal release is sometimes later, being deprecation + 3 for an alpha that went earlier).
      if (served.length > 0 && served.at(-1) < newest) row.removedIn = `1.${served.at(-1) + 1}`;
      if (/alpha/.test(name)) row.alpha = true;
      if (v.lifecycle.replacement) {
        const r = v.lifecycle.replacement;
        // (networking/v1beta1 IngressClass names IngressClassList as its replacement kind upstream.)
        const sameKind = r.kind === e.kind || r.kind === `${e.kind}List`;
        row.replacement = `${r.group ? `${r.group}/` : ''}${r.version}${sameKind ? '' : ` ${r.kind}`}`;
      }
      // A version no release here served (apps/v1beta1 Deployment, kept in k8s.io/api for clients):
      // the lifecycle's removal release.
      if (served.length === 0 && removed !== null) row.removedIn = `1.${removed}`;
      versions[name] = row;
    }
    out.push({ group: e.group, kind: e.kind, plural: e.plural, namespaced: e.namespaced, versions });
  }
  return { repo, releases: refs, kinds: out };
}

// ---------------------------------------------------------------------------------------------
// CRDs of operators and add-ons

/** YAML documents of a manifest; a Helm template's `{{ … }}` lines are dropped first if it does not parse. */
function documents(text) {
  const parse = (t) => YAML.parseAllDocuments(t, { uniqueKeys: false });
  let docs = parse(text);
  if (docs.some((d) => d.errors?.length)) {
    const cleaned = text
      .split('\n')
      .filter((l) => !/^\s*\{\{-?.*-?\}\}\s*$/.test(l))
      .map((l) => l.replace(/\{\{-?[^}]*-?\}\}/g, 'x'))
      .join('\n');
    docs = parse(cleaned);
  }
  return docs.filter((d) => !d.errors?.length).map((d) => d.toJS({ maxAliasCount: 100 }));
}

function crdsIn(value, out) {
  if (!value || typeof value !== 'object') return;
  if (Array.isArray(value.items)) for (const it of value.items) crdsIn(it, out);
  if (value.kind !== 'CustomResourceDefinition') return;
  const spec = value.spec ?? {};
  const names = spec.names ?? {};
  if (typeof spec.group !== 'string' || typeof names.kind !== 'string' || typeof names.plural !== 'string') return;
  const versions = Array.isArray(spec.versions)
    ? spec.versions.filter((v) => typeof v?.name === 'string').map((v) => ({ name: v.name, served: v.served !== false, storage: v.storage === true }))
    : typeof spec.version === 'string'
      ? [{ name: spec.version, served: true, storage: true }]
      : [];
  out.push({
    group: spec.group,
    kind: names.kind,
    plural: names.plural,
    singular: typeof names.singular === 'string' ? names.singular : names.kind.toLowerCase(),
    shortNames: Array.isArray(names.shortNames) ? names.shortNames.filter((s) => typeof s === 'string') : [],
    namespaced: spec.scope !== 'Cluster',
    versions,
  });
}

function crdsAt(dir, ref, paths) {
  const files = listFiles(dir, ref).filter((f) => /\.ya?ml$/.test(f) && paths.some((p) => f === p || f.startsWith(p)));
  const out = [];
  const text = showMany(dir, ref, files);
  for (const file of files) {
    const found = [];
    for (const doc of documents(text.get(file))) crdsIn(doc, found);
    for (const c of found) out.push({ ...c, file });
  }
  return out;
}

function buildProjects() {
  const projects = [];
  const kinds = [];
  const seen = new Map();
  for (const p of sources.projects) {
    const dir = mirror(p.repo);
    const commit = commitOf(dir, 'HEAD');
    const current = crdsAt(dir, 'HEAD', p.paths);
    if (current.length === 0) throw new Error(`${p.project}: no CRD found under ${p.paths.join(', ')} in ${p.repo}@${commit}`);
    const history = (p.history ?? []).map((h) => ({ ref: h.ref, commit: commitOf(dir, h.ref), crds: crdsAt(dir, h.ref, h.paths) }));
    const pi = projects.length;
    projects.push({ project: p.project, repo: p.repo, commit, ...(history.length ? { history: history.map((h) => ({ ref: h.ref, commit: h.commit })) } : {}) });
    const add = (c, ref, past) => {
      const key = `${c.group}\u0000${c.kind}`;
      const prev = seen.get(key);
      if (prev) {
        // The same CRD shipped again (Gateway API's by Linkerd) or seen at an older tag: keep the
        // first project's entry; an older tag only adds the versions it served then.
        if (past && prev.project === pi) {
          for (const v of c.versions) if (v.served && !prev.versions.some((x) => x.name === v.name)) (prev.pastVersions ??= []).includes(v.name) || prev.pastVersions.push(v.name);
        }
        return;
      }
      const entry = {
        project: pi,
        group: c.group,
        kind: c.kind,
        plural: c.plural,
        ...(c.singular !== c.kind.toLowerCase() ? { singular: c.singular } : {}),
        ...(c.shortNames.length ? { shortNames: c.shortNames } : {}),
        namespaced: c.namespaced,
        versions: past ? [] : c.versions.map((v) => ({ name: v.name, served: v.served, ...(v.storage ? { storage: true } : {}) })),
        ...(past ? { pastVersions: c.versions.filter((v) => v.served).map((v) => v.name) } : {}),
        ...(past ? { until: ref } : {}),
        source: `${c.file}${ref === 'HEAD' ? '' : `@${ref}`}`,
      };
      seen.set(key, entry);
      kinds.push(entry);
    };
    for (const c of current) add(c, 'HEAD', false);
    for (const h of history) for (const c of h.crds) add(c, h.ref, true);
  }
  kinds.sort((a, b) => a.project - b.project || (a.group + a.kind < b.group + b.kind ? -1 : 1));
  return { projects, kinds };
}

// ---------------------------------------------------------------------------------------------

const kubernetes = buildKubernetes();
const crds = buildProjects();
const catalog = {
  $comment: 'Generated by scripts/build-catalog.mjs from catalog/sources.json (npm run catalog). Do not edit by hand.',
  kubernetes,
  projects: crds.projects,
  crds: crds.kinds,
};
// Compact JSON, one kind per line, so that a regeneration's diff reads kind by kind.
const text =
  '{\n' +
  Object.entries(catalog)
    .map(([k, v]) => {
      if (k === 'kubernetes') {
        return `"kubernetes":{"repo":${JSON.stringify(v.repo)},"releases":[\n${v.releases.map((r) => JSON.stringify(r)).join(',\n')}\n],"kinds":[\n${v.kinds.map((x) => JSON.stringify(x)).join(',\n')}\n]}`;
      }
      if (Array.isArray(v)) return `${JSON.stringify(k)}:[\n${v.map((x) => JSON.stringify(x)).join(',\n')}\n]`;
      return `${JSON.stringify(k)}:${JSON.stringify(v)}`;
    })
    .join(',\n') +
  '\n}\n';

if (process.argv.includes('--check')) {
  const old = existsSync(OUT) ? readFileSync(OUT, 'utf8') : '';
  if (old !== text) {
    console.error('catalog/well-known-kinds.json is not what npm run catalog makes from catalog/sources.json');
    process.exit(1);
  }
  console.log('catalog/well-known-kinds.json is up to date');
} else {
  // Written whole, then renamed: a run reading the catalog meanwhile sees the old or the new file.
  writeFileSync(`${OUT}.tmp`, text);
  renameSync(`${OUT}.tmp`, OUT);
  console.log(`catalog/well-known-kinds.json: ${kubernetes.kinds.length} built-in kinds (Kubernetes ${kubernetes.releases[0].release}–${kubernetes.releases.at(-1).release}), ${crds.kinds.length} CRD kinds of ${crds.projects.length} projects, ${(text.length / 1024).toFixed(0)} KiB`);
}
