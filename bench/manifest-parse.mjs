/**
 * Manifest parsing cost: generates CustomResourceDefinitions of a given size (one wide
 * openAPIV3Schema, the shape that makes big real CRDs big) and times the registry's reader on
 * them, with peak memory. Run after `npm run build`:
 *   node bench/manifest-parse.mjs [MiB ...]        (default: 2 10)
 *   node bench/manifest-parse.mjs --json 10           (the same CRD as JSON, as `kubectl get crd -o json` writes it)
 *   node bench/manifest-parse.mjs --yaml-default 2  (the yaml library's defaults, as before: for comparison)
 */

import { performance } from 'node:perf_hooks';

const args = process.argv.slice(2);
const yamlDefault = args.includes('--yaml-default');
const asJson = args.includes('--json');
const sizes = args.filter((a) => !a.startsWith('--')).map(Number);

/** A CRD whose schema has one property per ~100 bytes, `mib` MiB in all. */
function generateCrd(mib) {
  const head = [
    'apiVersion: apiextensions.k8s.io/v1',
    'kind: CustomResourceDefinition',
    'metadata:',
    '  name: widgets.example.com',
    'spec:',
    '  group: example.com',
    '  names: {kind: Widget, plural: widgets, singular: widget, listKind: WidgetList}',
    '  scope: Namespaced',
    '  versions:',
    '  - name: v1',
    '    served: true',
    '    storage: true',
    '    schema:',
    '      openAPIV3Schema:',
    '        type: object',
    '        properties:',
  ];
  const lines = [...head];
  let bytes = head.join('\n').length;
  for (let i = 0; bytes < mib * 1024 * 1024; i++) {
    const l1 = `          field${i}:`;
    const l2 = `            description: Field number ${i} of the widget, as the generator writes it.`;
    const l3 = '            type: string';
    lines.push(l1, l2, l3);
    bytes += l1.length + l2.length + l3.length + 3;
  }
  return lines.join('\n') + '\n';
}

const { crdsFromText } = await import('../dist/correlate/registry.js');
const YAML = await import('yaml');

for (const mib of sizes.length ? sizes : [2, 10]) {
  const yamlText = generateCrd(mib);
  const text = asJson ? JSON.stringify(YAML.parse(yamlText, { uniqueKeys: false }), null, 2) : yamlText;
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let kinds;
  if (yamlDefault) {
    kinds = YAML.parseAllDocuments(text).map((d) => d.toJS());
  } else {
    kinds = crdsFromText(text, `generated-${mib}MiB.yaml`);
  }
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const rss = process.resourceUsage().maxRSS / 1024;
  console.log(
    `${mib} MiB${asJson ? ' (as YAML)' : ''} CRD (${(text.length / 1048576).toFixed(1)} MiB of text): ${(ms / 1000).toFixed(2)} s (CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s), ` +
      `${kinds.length} document(s), peak RSS ${rss.toFixed(0)} MiB${yamlDefault ? ' [yaml defaults]' : ''}${asJson ? ' [JSON]' : ''}`,
  );
}
