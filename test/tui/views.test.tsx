/** Each view on its own, rendered by Ink: the text a user sees. */

import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cleanup, render } from 'ink-testing-library';
import type { Finding, Report } from '../../src/model/finding.js';
import type { LiveStore } from '../../src/tui/live-store.js';
import { HeaderView } from '../../src/tui/components/header/view.js';
import { FindingsListView } from '../../src/tui/components/findings-list/view.js';
import { DetailsView } from '../../src/tui/components/details/view.js';
import { EvidenceView } from '../../src/tui/components/evidence/view.js';
import { KindsListView } from '../../src/tui/components/kinds/view.js';
import { HelpView } from '../../src/tui/components/help/view.js';
import { FooterView } from '../../src/tui/components/footer/view.js';
import { summaryKey } from '../../src/tui/select.js';
import { seedStore } from './helpers.js';

let store: LiveStore;
let report: Report;
let root: Finding;
let gc: Finding;

beforeAll(async () => {
  store = await seedStore();
  report = store.getSnapshot().report;
  root = report.findings.find((f) => f.id === 'kind-case-mismatch')!;
  gc = report.findings.find((f) => f.id === 'gc-rest-mapping')!;
});
afterEach(cleanup);

const lines = (frame: string | undefined) => (frame ?? '').split('\n');

describe('header', () => {
  it('shows the input, the status, the line count, counts by severity and the timeline of all findings', () => {
    const { lastFrame } = render(
      <HeaderView
        snapshot={store.getSnapshot()}
        shown={2}
        filter=""
        minSeverity="info"
        timeline={store.timeline.counts()}
        range={store.timeline.range()}
        untimed={0}
        width={100}
      />,
    );
    const [first, second, third] = lines(lastFrame());
    expect(first).toContain('kube-log-doctor  samples/seed-case/kube-controller-manager.log  ✓ end of input  50 lines');
    expect(second).toBe('2 findings  0 critical  2 error  0 warning  0 info');
    expect(third).toMatch(/^timeline  █[▁-█ ]+ {2}10:00:20–10:01:47Z$/u);
  });

  it('says what narrows the list, and shows live status and rate while reading', () => {
    const snapshot = { ...store.getSnapshot(), status: 'reading' as const, linesPerSecond: 1234.4 };
    const { lastFrame } = render(
      <HeaderView snapshot={snapshot} shown={1} filter="gc" minSeverity="error" timeline={[]} range={null} untimed={3} width={120} />,
    );
    expect(lastFrame()).toContain('● reading  50 lines · 1,234 lines/s');
    expect(lastFrame()).toContain('showing 1 · filter "gc" · severity ≥ error');
    expect(lastFrame()).toContain('no timestamps yet · 3 untimed');
  });

  it('shows the command line filters the whole analysis ran under', async () => {
    const { analyzedStore, SEED_LOG } = await import('./helpers.js');
    const filtered = await analyzedStore([SEED_LOG], { pod: ['web-*'], exclude: ['gc-rest-mapping'] });
    const { lastFrame } = render(
      <HeaderView snapshot={filtered.getSnapshot()} shown={0} filter="" minSeverity="info" timeline={[]} range={null} untimed={0} width={160} />,
    );
    expect(lines(lastFrame())[1]).toBe('0 findings  0 critical  0 error  0 warning  0 info   filters pod web-* · excluding gc-rest-mapping');
  });
});

describe('findings list', () => {
  it('lists severity, count, id and kinds in report order, root cause first, with the cursor on the selection', () => {
    const { lastFrame } = render(<FindingsListView findings={report.findings} selectedKey={gc.key} height={5} width={100} empty="none" />);
    const [first, second, ...rest] = lines(lastFrame());
    // Too long for 100 columns: Ink cuts the row rather than wrapping it onto the next.
    expect(first).toMatch(/^ {2}ERROR {4}20 {2}kind-case-mismatch {2}◆ root cause {2}autoscaling\.aibrix\.ai\/v1alpha1\/PodAutoScaler, auto.*…$/);
    expect([...first!].length).toBeLessThanOrEqual(100);
    expect(second).toBe('› ERROR    20  gc-rest-mapping     autoscaling.aibrix.ai/v1alpha1/PodAutoScaler');
    expect(rest).toEqual(['', '', '']);
  });

  it('keeps the selection in view in a list longer than its height', () => {
    const many = Array.from({ length: 30 }, (_, i) => ({ ...gc, key: `k${i}`, id: `finding-${i}` }));
    const { lastFrame } = render(<FindingsListView findings={many} selectedKey="k25" height={5} width={80} empty="none" />);
    const shown = lines(lastFrame());
    expect(shown).toHaveLength(5);
    expect(shown.find((l) => l.startsWith('›'))).toContain('finding-25');
  });

  it('says why it is empty', () => {
    const { lastFrame } = render(<FindingsListView findings={[]} selectedKey={null} height={2} width={80} empty="No findings yet — reading…" />);
    expect(lastFrame()).toContain('No findings yet — reading…');
  });
});

describe('details', () => {
  const details = (f: Finding, more: { chosen?: string | null; fixIndex?: number; height?: number; offset?: number } = {}) =>
    render(
      <DetailsView
        finding={f}
        kinds={report.kinds}
        idOf={(key) => report.findings.find((x) => x.key === key)?.id ?? key}
        timeline={store.timeline.counts(store.sourceKeys(f))}
        fixIndex={more.fixIndex ?? 1}
        chosen={more.chosen ?? null}
        width={110}
        height={more.height ?? 200}
        offset={more.offset ?? 0}
      />,
    ).lastFrame() ?? '';

  it('shows the diagnosis, causes, fixes, kinds with problems, objects, timeline and evidence with source:line', () => {
    const frame = details(root);
    expect(frame).toContain('ERROR  kind-case-mismatch  ×20  ◆ root cause');
    expect(frame).toContain('Kind differs from the registered kind only in letter case');
    expect(frame).toMatch(/seen {6}2026-06-12T10:00:20\.717Z … 2026-06-12T10:01:46\.439Z/);
    expect(frame).toMatch(/timeline  █/u);
    expect(frame).toContain('causes    gc-rest-mapping');
    expect(frame).toContain('Diagnosis');
    expect(frame).toContain('registers it as PodAutoscaler');
    expect(frame).toContain('Likely causes');
    expect(frame).toMatch(/Fixes {2}1-9 pick · c print the picked command on exit/);
    expect(frame).toMatch(/› 2\. /);
    expect(frame).toContain('Kinds\n  autoscaling.aibrix.ai/v1alpha1/PodAutoScaler\n    ⚠ not registered');
    expect(frame).toContain('Objects\n  default/llama-7b-pa ×15\n  inference/mistral-7b-pa ×5');
    expect(frame).toMatch(/Evidence {2}\d of 20 lines · e shows all/);
    expect(frame).toMatch(/ {2}samples\/seed-case\/kube-controller-manager\.log:28 {2}E0612 10:00:20\.717515/);
  });

  it('names the root cause of an effect, and marks the fix chosen for printing', () => {
    const command = "kubectl api-resources --api-group=autoscaling.aibrix.ai -o wide";
    const frame = details(gc, { chosen: command, fixIndex: 0 });
    expect(frame).toContain('caused by kind-case-mismatch (fix that first)');
    expect(frame).toMatch(/✓ 1\. List what the group really serves/);
  });

  it('scrolls: an offset hides the rows above it', () => {
    const frame = details(root, { height: 3, offset: 1 });
    expect(lines(frame)).toEqual(['Kind differs from the registered kind only in letter case', expect.stringMatching(/^seen/), expect.stringMatching(/^timeline/)]);
  });
});

describe('evidence', () => {
  it('shows every kept line with source and line number, under a title with the totals', () => {
    const frame = render(
      <EvidenceView finding={gc} evidence={store.evidence.lines(store.sourceKeys(gc))} width={400} height={30} offset={0} />,
    ).lastFrame() ?? '';
    expect(lines(frame)[0]).toBe('Evidence · gc-rest-mapping  20 lines, all kept');
    const locations = [...frame.matchAll(/kube-controller-manager\.log:(\d+)/g)].map((m) => Number(m[1]));
    expect(locations).toHaveLength(20);
    expect(locations.slice(0, 4)).toEqual([28, 29, 30, 31]);
    expect(locations[19]).toBe(50);
  });

  it('for a root cause found by correlation, shows the lines of what it explains', () => {
    const frame = render(
      <EvidenceView finding={root} evidence={store.evidence.lines(store.sourceKeys(root))} width={300} height={5} offset={0} />,
    ).lastFrame() ?? '';
    expect(frame).toContain('Evidence · kind-case-mismatch  20 lines, all kept');
    expect(frame).toContain('kube-controller-manager.log:28');
  });
});

describe('kinds', () => {
  it('lists kinds with counts, findings and their first problem', () => {
    const kind = report.kinds.find((k) => k.kind === 'PodAutoScaler')!;
    const frame = render(<KindsListView kinds={report.kinds} selectedKey={summaryKey(kind)} height={3} width={160} />).lastFrame() ?? '';
    expect(frame).toMatch(/^› autoscaling\.aibrix\.ai\/v1alpha1\/PodAutoScaler +20 {2}2 findings {2}⚠ not registered: autoscaling\.aibrix\.ai registers PodAutoscaler/);
  });
});

describe('help', () => {
  it('lists every key from the key map, including how the k clash is resolved', () => {
    const frame = render(<HelpView width={120} height={40} offset={0} />).lastFrame() ?? '';
    expect(frame).toMatch(/↑ k +move up/);
    expect(frame).toMatch(/K Tab +switch between the findings view and the kinds view/);
    expect(frame).toMatch(/Enter → l +open/);
    expect(frame).toMatch(/Esc ← h +go back/);
    expect(frame).toMatch(/\/ +filter by text/);
    expect(frame).toMatch(/s +cycle the minimum severity/);
    expect(frame).toMatch(/e +all evidence lines/);
    expect(frame).toMatch(/c +print the picked fix command on exit/);
    expect(frame).toMatch(/\? +this help/);
    expect(frame).toMatch(/q Ctrl-C +quit/);
  });
});

describe('footer', () => {
  const footer = (more: Partial<Parameters<typeof FooterView>[0]> = {}) =>
    render(<FooterView screen="findings" editingFilter={false} filter="" chosen={null} notice={null} position={null} width={120} {...more} />).lastFrame() ?? '';

  it('shows the key hints of the screen', () => {
    expect(footer()).toContain('↑↓ jk move  Enter/→ open  / filter  s severity  K/Tab kinds  e evidence  c print fix  ? help  q quit');
    expect(footer({ screen: 'details' })).toContain('Esc/← back');
  });

  it('shows the filter prompt, the command chosen for exit, or the newest notice', () => {
    expect(footer({ editingFilter: true, filter: 'gc' })).toContain('/gc▏   Enter keep · Esc clear');
    expect(footer({ chosen: 'kubectl get hpa -A' })).toContain('✓ on exit: kubectl get hpa -A');
    expect(footer({ notice: 'x.log: read failed\u001b[2J' })).toContain('! x.log: read failed\\x1b[2J');
  });
});
