/**
 * Causal chains: rules that say one finding explains another, as data. A rule names the families
 * (or rule ids) on each side and the evidence that must tie the two findings together; the
 * linking itself is one small function per link kind.
 */

import type { Finding } from '../model/finding.js';
import { compatible } from './extract-kinds.js';

/**
 * How two findings must be tied for a rule to link them:
 * - `same-line`: matched on one log line (e.g. a reconcile error whose text is a webhook failure);
 * - `same-kind`: they name the same kind or resource;
 * - `same-group`: they name a kind or resource of the same API group;
 * - `kind-or-unknown`: same kind, or one side names no kind at all;
 * - `any`: both are present in the input.
 */
export type Link = 'same-line' | 'same-kind' | 'same-group' | 'kind-or-unknown' | 'any';

export interface ChainRule {
  id: string;
  /** Families (or near-miss rule ids) of the cause; `*` is any finding. */
  cause: string[];
  effect: string[];
  /** Any one of these ties is enough. */
  links: Link[];
  /** One sentence on why the cause leads to the effect. */
  because: string;
}

export const CHAIN_RULES: readonly ChainRule[] = [
  {
    id: 'metrics-api-breaks-hpa',
    cause: ['apiservice-unavailable', 'discovery-failure'],
    effect: ['hpa-metrics-unavailable'],
    links: ['any'],
    because: 'the HPA controller reads CPU and memory through the metrics.k8s.io aggregated API; while it is unavailable, no replica count can be computed',
  },
  {
    id: 'discovery-breaks-gc-monitors',
    cause: ['apiservice-unavailable', 'discovery-failure', 'conversion-webhook-failed'],
    effect: ['gc-monitor-sync'],
    links: ['same-group', 'any'],
    because: 'the garbage collector must discover and list every deletable resource; a group that fails discovery or listing keeps its monitors from syncing, and dependents are not deleted',
  },
  {
    id: 'discovery-breaks-mapping',
    cause: ['apiservice-unavailable', 'discovery-failure'],
    effect: ['no-kind-match', 'api-not-served'],
    links: ['same-group'],
    because: 'the REST mapper learns resources from discovery; a group that fails discovery cannot be mapped',
  },
  {
    id: 'tls-breaks-webhook',
    cause: ['tls-x509'],
    effect: ['webhook-call-failed', 'conversion-webhook-failed', 'apiservice-unavailable'],
    links: ['same-line'],
    because: 'the API server cannot verify the serving certificate of the webhook or aggregated API, so every call fails',
  },
  {
    id: 'dns-breaks-connection',
    cause: ['dns-lookup'],
    effect: ['webhook-call-failed', 'apiserver-unreachable', 'apiservice-unavailable', 'leader-election', 'informer-list-watch'],
    links: ['same-line'],
    because: 'the host name does not resolve, so the connection is never made',
  },
  {
    id: 'transport-breaks-list-watch',
    cause: ['apiserver-unreachable', 'tls-x509', 'unauthorized-401', 'apf-throttled-429', 'etcd-errors'],
    effect: ['informer-list-watch'],
    links: ['same-line'],
    because: 'the list or watch call itself failed on the way to the API server, so the informer gets no data',
  },
  {
    id: 'webhook-breaks-reconcile',
    cause: ['webhook-call-failed', 'webhook-denied', 'conversion-webhook-failed'],
    effect: ['cr-reconciler-error'],
    links: ['same-line', 'same-kind'],
    because: 'every create or update of the kinds the webhook admits is rejected while it fails, so the controller cannot converge',
  },
  {
    id: 'rbac-breaks-list-watch',
    cause: ['rbac-forbidden'],
    effect: ['informer-list-watch'],
    links: ['same-line', 'same-kind'],
    because: "the controller's service account may not list or watch the resource, so its informer gets no data",
  },
  {
    id: 'list-watch-breaks-cache-sync',
    cause: ['informer-list-watch', 'cr-kind-not-installed', 'no-kind-match'],
    effect: ['informer-cache-sync', 'cr-cache-sync-timeout'],
    links: ['kind-or-unknown'],
    because: 'an informer whose list call keeps failing never syncs, so the controller times out waiting for its caches at start-up',
  },
  {
    id: 'apiserver-loss-breaks-leader-election',
    cause: ['apiserver-unreachable', 'etcd-errors', 'apf-throttled-429'],
    effect: ['leader-election'],
    links: ['any'],
    because: 'renewing the lease is an API call; when it cannot complete in time the leader steps down (and the process usually exits)',
  },
  {
    id: 'inner-error-explains-reconcile-error',
    cause: ['*'],
    effect: ['cr-reconciler-error'],
    links: ['same-line'],
    because: 'the reconcile error wraps this error: it is the reason the reconcile failed',
  },
  {
    id: 'near-miss-explains-mapping-errors',
    cause: ['kind-near-miss'],
    effect: ['*'],
    links: ['same-kind'],
    because: 'the kind as written does not exist, so every lookup of it fails',
  },
];

/** The keys of the findings matched on a line with one finding: a set, a short list, or the one key (the aggregator's). */
export type SameLinePartners = ReadonlySet<string> | readonly string[] | string;

/** What a rule needs to know about the input beyond the two findings. */
export interface LinkContext {
  sameLine: ReadonlyMap<string, SameLinePartners>;
}

const partnerOf = (partners: SameLinePartners | undefined, key: string): boolean =>
  partners === undefined
    ? false
    : typeof partners === 'string'
      ? partners === key
      : Array.isArray(partners)
        ? partners.includes(key)
        : (partners as ReadonlySet<string>).has(key);

/** Each of a finding's same-line partners. */
export function eachPartner(partners: SameLinePartners | undefined, fn: (key: string) => void): void {
  if (partners === undefined) return;
  if (typeof partners === 'string') fn(partners);
  else for (const k of partners) fn(k);
}

/** API groups a finding names: its kinds' groups, and a `group` capture (discovery names a group/version, no kind). */
export const groupsOf = (f: Finding): Set<string> =>
  new Set([...f.kinds.map((k) => k.group), f.captures['group'] ?? null].filter((g): g is string => g !== null && g !== ''));

export const LINKS: Record<Link, (cause: Finding, effect: Finding, ctx: LinkContext) => boolean> = {
  'same-line': (c, e, ctx) => partnerOf(ctx.sameLine.get(c.key), e.key),
  // A near miss names the kind as seen and the kind registered; only the one seen is in trouble.
  'same-kind': (c, e) => (c.origin === 'registry' ? c.kinds.slice(0, 1) : c.kinds).some((a) => e.kinds.some((b) => compatible(a, b))),
  'same-group': (c, e) => {
    const g = groupsOf(e);
    return [...groupsOf(c)].some((x) => g.has(x));
  },
  'kind-or-unknown': (c, e, ctx) => c.kinds.length === 0 || e.kinds.length === 0 || LINKS['same-kind'](c, e, ctx),
  any: () => true,
};

export function sideMatches(side: string[], f: Finding): boolean {
  return side.includes('*') || side.includes(f.family) || side.includes(f.id);
}

/** The first rule that ties `cause` to `effect`, if any. */
export function chainRuleFor(cause: Finding, effect: Finding, ctx: LinkContext): ChainRule | undefined {
  if (cause.key === effect.key) return undefined;
  return CHAIN_RULES.find(
    (r) =>
      sideMatches(r.cause, cause) &&
      sideMatches(r.effect, effect) &&
      // A wildcard cause never explains a finding of its own family (two reconcile errors, say).
      cause.family !== effect.family &&
      r.links.some((l) => LINKS[l](cause, effect, ctx)),
  );
}
