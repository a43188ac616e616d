/** The footer: a status line (filter prompt, chosen command, notices) and the key hints of the screen. */

import type { Screen } from '../../app-state.js';
import { BINDINGS, HINTS } from '../../keymap.js';
import { safeText, type Row } from '../../rows.js';
import { MUTED } from '../../theme.js';
import { Lines } from '../lines/view.js';

export const FOOTER_HEIGHT = 2;

export interface FooterProps {
  screen: Screen;
  editingFilter: boolean;
  filter: string;
  chosen: string | null;
  /** The newest notice (an input error), if any. */
  notice: string | null;
  /** Where a scrolled pane is (`rows 1–17 of 45`), if one is on screen. */
  position: string | null;
  width: number;
}

export function footerRows(p: FooterProps): Row[] {
  let status: Row;
  if (p.editingFilter) {
    status = [{ text: '/', bold: true }, { text: safeText(p.filter) }, { text: '▏' }, { text: '   Enter keep · Esc clear · Backspace erase', ...MUTED }];
  } else if (p.chosen !== null) {
    status = [{ text: '✓ on exit: ', color: 'green' }, { text: safeText(p.chosen), color: 'green' }];
  } else if (p.notice !== null) {
    status = [{ text: `! ${safeText(p.notice)}`, color: 'yellow' }];
  } else {
    status = [{ text: p.position ?? '', ...MUTED }];
  }
  const hints = [...new Set(HINTS[p.screen].map((c) => BINDINGS.find((b) => b.command === c)!.hint))];
  return [status, [{ text: hints.join('  '), ...MUTED }]];
}

export function FooterView(props: FooterProps) {
  return <Lines rows={footerRows(props)} height={FOOTER_HEIGHT} width={props.width} />;
}
