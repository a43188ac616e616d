/**
 * What the screen shows, computed from the live snapshot, the navigation state and the terminal
 * size: the header, the body of the current screen (lists and panes with their heights and
 * offsets), the footer, and the view facts the reducer needs. Pure; app.tsx only draws it.
 */

import type { Finding, Report } from '../model/finding.js';
import type { AppState, Screen, ViewFacts } from './app-state.js';
import { currentScreen, effectiveSelection } from './app-state.js';
import type { LiveSnapshot, LiveStore } from './live-store.js';
import { summaryKey, visibleFindings, visibleKinds } from './select.js';
import { defaultFixIndex, fixCommand } from './fix-command.js';
import { clampScroll } from './scroll.js';
import type { Row } from './rows.js';
import { HEADER_HEIGHT, type HeaderProps } from './components/header/view.js';
import { FOOTER_HEIGHT, type FooterProps } from './components/footer/view.js';
import type { FindingsListProps } from './components/findings-list/view.js';
import type { KindsListProps } from './components/kinds/view.js';
import { kindPreviewRows } from './components/kinds/view.js';
import { detailsRows } from './components/details/view.js';
import { evidenceLogRows, evidenceTitle } from './components/evidence/view.js';
import { helpRows } from './components/help/view.js';
import { unknownRows } from './components/unknown/view.js';
import { noSignatureButErrors, unknownTotals } from '../report/unknown.js';
import { logLiterals } from '../report/rich-text.js';
import { HEADING, MUTED } from './theme.js';
import { kindLabel } from '../correlate/aggregate.js';
import type { TerminalSize } from './hooks/use-terminal-size.js';

export const MIN_COLUMNS = 40;
export const MIN_ROWS = 12;

export interface Pane {
  rows: Row[];
  height: number;
  offset: number;
}

export type Body =
  | { kind: 'findings'; title: Row | null; list: FindingsListProps; preview: Pane }
  | { kind: 'kinds'; list: KindsListProps; preview: Pane }
  | { kind: 'pane'; title: Row | null; pane: Pane }
  | { kind: 'too-small' };

export interface ScreenModel {
  screen: Screen;
  width: number;
  bodyHeight: number;
  header: HeaderProps;
  body: Body;
  footer: FooterProps;
  facts: ViewFacts;
}

/** Rows between the header and the footer, after one rule line. */
function bodyHeightFor(size: TerminalSize): number {
  // One line less than the terminal: Ink redraws the whole screen when output fills it.
  return size.rows - 1 - HEADER_HEIGHT - 1 - FOOTER_HEIGHT;
}

function emptyText(snapshot: LiveSnapshot, narrowed: boolean): string {
  if (snapshot.report.findings.length > 0 && narrowed) return 'No finding matches the filter and severity (Esc clears the filter, s cycles severity).';
  if (snapshot.status === 'reading') return 'No findings yet — reading…';
  const errors = noSignatureButErrors(snapshot.report);
  return errors ? `${errors.replace(/: see Unrecognised errors below\.$/, '')}: press U to see them.` : 'No known error signature found.';
}

function facts(listKeys: readonly string[], pageSize: number, maxScroll: number, f: Finding | null): ViewFacts {
  const fixes = f?.fixes ?? [];
  const literals = f ? logLiterals(f) : [];
  return { listKeys, pageSize, maxScroll, fixCommands: fixes.map((x) => fixCommand(x, literals).text), defaultFix: defaultFixIndex(fixes, literals) };
}

function finder(report: Report): { byKey: Map<string, Finding>; idOf: (key: string) => string } {
  const byKey = new Map(report.findings.map((f) => [f.key, f]));
  return { byKey, idOf: (key) => byKey.get(key)?.id ?? key };
}

export function buildScreen(snapshot: LiveSnapshot, state: AppState, size: TerminalSize, store: LiveStore): ScreenModel {
  const { report } = snapshot;
  const width = size.columns;
  const screen = currentScreen(state);
  const bodyHeight = bodyHeightFor(size);
  const criteria = { filter: state.filter, minSeverity: state.minSeverity };
  const shown = visibleFindings(report, criteria);
  const { byKey, idOf } = finder(report);
  const narrowed = state.filter !== '' || state.minSeverity !== 'info';
  const range = store.timeline.range();

  const header: HeaderProps = {
    snapshot,
    shown: shown.length,
    filter: state.filter,
    minSeverity: state.minSeverity,
    timeline: store.timeline.counts(),
    range,
    untimed: store.timeline.untimed,
    width,
  };
  const footer: FooterProps = {
    screen,
    editingFilter: state.editingFilter,
    filter: state.filter,
    chosen: state.chosen,
    notice: state.message ?? snapshot.notices[snapshot.notices.length - 1] ?? null,
    position: null,
    width,
  };
  const model = (body: Body, f: ViewFacts): ScreenModel => ({ screen, width, bodyHeight, header, body, footer, facts: f });

  if (width < MIN_COLUMNS || size.rows < MIN_ROWS) return model({ kind: 'too-small' }, facts([], 1, 0, null));

  const timelineOf = (f: Finding) => (range ? store.timeline.counts(store.sourceKeys(f)) : []);
  const details = (f: Finding) =>
    detailsRows({
      finding: f,
      kinds: report.kinds,
      idOf,
      timeline: timelineOf(f),
      fixIndex: state.findingKey === f.key && state.fixIndex !== null ? state.fixIndex : defaultFixIndex(f.fixes, logLiterals(f)),
      chosen: state.chosen,
      width,
    });
  const pane = (rows: Row[], height: number): Pane => {
    const offset = clampScroll(state.scroll, rows.length, height);
    if (rows.length > height) footer.position = `rows ${offset + 1}–${Math.min(rows.length, offset + height)} of ${rows.length}`;
    return { rows, height, offset };
  };
  const findingsBody = (list: Finding[], title: Row | null) => {
    const room = bodyHeight - (title ? 1 : 0);
    const listHeight = Math.min(Math.max(list.length, 1), Math.max(3, Math.floor((room - 1) * 0.4)));
    const keys = list.map((f) => f.key);
    const selectedKey = effectiveSelection(state.findingKey, keys);
    const selected = selectedKey === null ? null : (byKey.get(selectedKey) ?? null);
    const preview = { rows: selected ? details(selected) : [], height: room - listHeight - 1, offset: 0 };
    return model(
      { kind: 'findings', title, list: { findings: list, selectedKey, height: listHeight, width, empty: emptyText(snapshot, narrowed) }, preview },
      facts(keys, listHeight, 0, selected),
    );
  };

  switch (screen) {
    case 'findings':
      return findingsBody(shown, null);
    case 'kind-findings': {
      const kind = report.kinds.find((k) => summaryKey(k) === state.kindKey);
      const list = kind ? visibleFindings(report, criteria, kind.findings) : [];
      const title: Row = [{ text: `Findings for ${kind ? kindLabel(kind) : 'a kind no longer reported'}`, ...HEADING }, { text: '  Esc back to kinds', ...MUTED }];
      return findingsBody(list, title);
    }
    case 'kinds': {
      const kinds = visibleKinds(report, criteria);
      const keys = kinds.map(summaryKey);
      const selectedKey = effectiveSelection(state.kindKey, keys);
      const kind = kinds.find((k) => summaryKey(k) === selectedKey) ?? null;
      const listHeight = Math.min(Math.max(kinds.length, 1), Math.max(3, Math.floor((bodyHeight - 1) * 0.4)));
      const rows = kind
        ? kindPreviewRows({ kind, findings: kind.findings.map((k) => byKey.get(k)).filter((f): f is Finding => f !== undefined), width })
        : [];
      return model(
        { kind: 'kinds', list: { kinds, selectedKey, height: listHeight, width }, preview: { rows, height: bodyHeight - listHeight - 1, offset: 0 } },
        facts(keys, listHeight, 0, null),
      );
    }
    case 'details': {
      const f = state.findingKey === null ? undefined : byKey.get(state.findingKey);
      const rows = f ? details(f) : [[{ text: 'This finding is no longer in the report.', ...MUTED }]];
      const p = pane(rows, bodyHeight);
      return model({ kind: 'pane', title: null, pane: p }, facts([], bodyHeight, Math.max(0, rows.length - bodyHeight), f ?? null));
    }
    case 'evidence': {
      const f = state.findingKey === null ? undefined : byKey.get(state.findingKey);
      if (!f) return model({ kind: 'pane', title: null, pane: pane([[{ text: 'This finding is no longer in the report.', ...MUTED }]], bodyHeight) }, facts([], bodyHeight, 0, null));
      const props = { finding: f, evidence: store.evidence.lines(store.sourceKeys(f)), width };
      const rows = evidenceLogRows(props);
      const height = bodyHeight - 1;
      return model({ kind: 'pane', title: evidenceTitle(props), pane: pane(rows, height) }, facts([], height, Math.max(0, rows.length - height), f));
    }
    case 'unknown': {
      const groups = report.unknown ?? [];
      const keys = groups.map((g) => g.id);
      const selectedId = effectiveSelection(state.unknownKey, keys);
      const { rows, selectedRow } = unknownRows({ groups, selectedId, omitted: report.unknownOmitted, width });
      const height = bodyHeight - 1;
      // The selected row stays in the upper third while its details follow below.
      const offset = clampScroll(Math.max(0, selectedRow - Math.floor(height / 3)), rows.length, height);
      const totals = unknownTotals(report);
      const title: Row = [
        { text: 'Unrecognised errors', ...HEADING },
        { text: `  ${totals.lines} lines in ${totals.groups} groups · n writes a signature skeleton · Esc back`, ...MUTED },
      ];
      return model({ kind: 'pane', title, pane: { rows, height, offset } }, facts(keys, Math.max(1, Math.floor(height / 2)), 0, null));
    }
    case 'help': {
      const rows = helpRows(width);
      return model({ kind: 'pane', title: null, pane: pane(rows, bodyHeight) }, facts([], bodyHeight, Math.max(0, rows.length - bodyHeight), null));
    }
  }
}
