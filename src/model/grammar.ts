/**
 * The strict grammars of the values that end up in commands: Kubernetes names (DNS-1123), kinds,
 * groups, versions, verbs and resources. A value that matches its grammar may be printed bare in a
 * command; anything else is quoted (see library/command.ts), and kinds or plurals read from CRDs,
 * api-resources or structured fields that do not match are rejected as invalid.
 * Every pattern here is anchored and linear (bounded or disjoint repetitions only).
 */

/** DNS-1123 label: lower-case alphanumerics and '-', at most 63, starting and ending alphanumeric. */
const DNS_LABEL = /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?$/;
/** DNS-1035 label: a DNS-1123 label that starts with a letter (CRD plurals, versions, Services). */
const DNS_1035_LABEL = /^[a-z](?:[-a-z0-9]{0,61}[a-z0-9])?$/;
const KIND = /^[A-Za-z][A-Za-z0-9]{0,62}$/;
const VERB = /^[a-z]{1,32}$/;
const PORT = /^[0-9]{1,5}$/;
const IPV4 = /^(?:[0-9]{1,3}\.){3}[0-9]{1,3}$/;
const UID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A user name as RBAC shows it (`system:serviceaccount:ns:sa`, `alice@example.com`, `system:node:n1`). */
const USER = /^[A-Za-z0-9][A-Za-z0-9._@:-]{0,252}$/;
/** RBAC role names are path segments; the usual ones are `edit`, `system:controller:x`. */
const ROLE = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,252}$/;
/** A URL path without query, glob or quoting characters (`/metrics`, `/validate-apps-v1-deployment`). */
const URL_PATH = /^\/[A-Za-z0-9._~/-]{0,1023}$/;
/** A jsonpath/explain field path: `spec.selector`, `spec.template.spec.containers` (no indexes). */
const FIELD_PATH = /^[A-Za-z_][A-Za-z0-9_]{0,252}(?:\.[A-Za-z_][A-Za-z0-9_]{0,252}){0,31}$/;
/** A resource or custom metric name: `cpu`, `nvidia.com/gpu`, `http_requests_per_second`. */
const METRIC = /^[A-Za-z_][A-Za-z0-9_.:/-]{0,252}$/;

export type Grammar = (value: string) => boolean;

export const isDnsLabel: Grammar = (s) => DNS_LABEL.test(s);
export const isDns1035Label: Grammar = (s) => DNS_1035_LABEL.test(s);
/** DNS-1123 labels joined by dots (each repetition starts at a dot, so they are disjoint). */
const DNS_SUBDOMAIN = /^[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?)*$/;
export const isDnsSubdomain: Grammar = (s) => s.length > 0 && s.length <= 253 && DNS_SUBDOMAIN.test(s);
/** A kind: `[A-Za-z][A-Za-z0-9]*` (at most 63 characters). */
export const isKind: Grammar = (s) => KIND.test(s);
/** An API group: a DNS subdomain, or "" for the core group. */
export const isGroup: Grammar = (s) => s === '' || isDnsSubdomain(s);
export const isVersion: Grammar = (s) => DNS_1035_LABEL.test(s);
/** A resource (plural, singular or short name): a DNS-1123 label. */
export const isResource: Grammar = (s) => DNS_LABEL.test(s);
export const isVerb: Grammar = (s) => VERB.test(s);
export const isApiVersion: Grammar = (s) => {
  const slash = s.lastIndexOf('/');
  return slash === -1 ? isVersion(s) : isDnsSubdomain(s.slice(0, slash)) && isVersion(s.slice(slash + 1));
};
/** `resource` or `resource.group`. */
export const isGroupResource: Grammar = (s) => isDnsSubdomain(s);
/** `host` or `host:port`, host a DNS name or an IPv4 address. */
export const isHost: Grammar = (s) => {
  const colon = s.lastIndexOf(':');
  const host = colon === -1 ? s : s.slice(0, colon);
  if (colon !== -1 && !PORT.test(s.slice(colon + 1))) return false;
  return IPV4.test(host) || isDnsSubdomain(host.toLowerCase());
};

/**
 * The grammar of each template variable that may appear in a command. A variable without an
 * entry has no grammar: its value is always quoted.
 */
export const VALUE_GRAMMARS: Readonly<Record<string, Grammar>> = {
  kind: isKind,
  roleKind: isKind,
  group: isGroup,
  version: isVersion,
  apiVersion: isApiVersion,
  resource: isResource,
  subresource: isResource,
  groupResource: isGroupResource,
  crd: isDnsSubdomain,
  verb: isVerb,
  namespace: isDnsLabel,
  hpaNamespace: isDnsLabel,
  ownerNamespace: isDnsLabel,
  name: isDnsSubdomain,
  pod: isDnsSubdomain,
  hpa: isDnsSubdomain,
  quota: isDnsSubdomain,
  webhook: isDnsSubdomain,
  container: isDnsLabel,
  service: isDns1035Label,
  missingService: isDns1035Label,
  subject: (s) => USER.test(s),
  role: (s) => ROLE.test(s),
  host: isHost,
  upstream: isHost,
  port: (s) => PORT.test(s),
  path: (s) => URL_PATH.test(s),
  field: (s) => FIELD_PATH.test(s),
  metric: (s) => METRIC.test(s),
  flowSchemaUID: (s) => UID.test(s),
};
