/** `--by kind` and `--by source` in text and markdown (inline snapshots of small reports). */

import { describe, expect, it } from 'vitest';
import { renderKindsMarkdown, renderKindsText } from '../../src/report/kinds-view.js';
import { renderSourcesMarkdown } from '../../src/report/by-source.js';
import type { Report } from '../../src/model/finding.js';
import { finding, report } from './helpers.js';

const sample: Report = {
  ...report([finding({ key: 'k1', title: 'Widget *cannot* be mapped' })]),
  kinds: [
    {
      group: 'example.com',
      version: 'v1',
      kind: 'Wid`get|X',
      resource: null,
      count: 3,
      findings: ['k1'],
      problems: ['not registered: example.com registers Widget, which differs from Wid`get|X <only> in_letters'],
      objects: [{ kind: 'Widget', namespace: 'team_a', name: 'w_1', count: 3 }],
    },
  ],
  sources: [
    { source: 'bundle.tar.gz!logs/op_1.log', kind: 'log', layout: 'file', lines: 10, entries: 9, unparsed: 1, findings: [{ key: 'k1', count: 3 }], errors: 0 },
    { source: 'bundle.tar.gz!ns/pod|x', kind: 'log', layout: 'pods', namespace: 'ns', pod: 'pod|x', container: '# c', lines: 2, entries: 2, unparsed: 0, findings: [], errors: 0 },
  ],
};

describe('kinds view', () => {
  it('text', () => {
    expect(renderKindsText(sample, { color: false, width: 60 })).toMatchInlineSnapshot(`
      "kube-log-doctor: 1 finding · 10 lines from 1 source · 1 kind

      example.com/v1/Wid\`get|X  ×3
        problem: not registered: example.com registers Widget,
        which differs from Wid\`get|X <only> in_letters
        ERROR    demo-signature ×3  Widget *cannot* be mapped
        objects: team_a/w_1 (3)
      "
    `);
  });

  it('markdown', () => {
    expect(renderKindsMarkdown(sample)).toMatchInlineSnapshot(`
      "## kube-log-doctor: kinds

      1 finding · 10 lines from 1 source

      ### \`\`example.com/v1/Wid\`get|X\`\` ×3

      - **Problem:** not registered: example.com registers Widget, which differs from Wid\\\`get\\|X \\<only\\> in_letters
      - ERROR \`demo-signature\` ×3: Widget \\*cannot\\* be mapped
      - Objects: team_a/w_1 (3)
      "
    `);
  });
});

describe('sources view', () => {
  it('markdown', () => {
    expect(renderSourcesMarkdown(sample)).toMatchInlineSnapshot(`
      "## kube-log-doctor: findings by source

      1 finding · 10 lines from 1 source

      | source | lines | entries | findings |
      |---|---:|---:|---|
      | bundle.tar.gz!logs/op_1.log | 10 | 9 | demo-signature ×3 |
      | ns/pod\\|x/\\# c | 2 | 2 | — |
      "
    `);
  });
});
