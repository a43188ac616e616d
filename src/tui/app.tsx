/** The TUI: draws the screen model and turns key presses into reducer actions through the key map. */

import { useEffect, useRef, useState } from 'react';
import { Box, Text, useApp, useInput, type Key } from 'ink';
import { appReducer, initialAppState, type AppAction, type AppState } from './app-state.js';
import { commandFor, filterCommandFor } from './keymap.js';
import type { LiveStore } from './live-store.js';
import { useLiveSnapshot } from './hooks/use-live-snapshot.js';
import { useTerminalSize, type TerminalSize } from './hooks/use-terminal-size.js';
import { buildScreen, MIN_COLUMNS, MIN_ROWS, type ScreenModel } from './screen-model.js';
import { HeaderView } from './components/header/view.js';
import { FooterView } from './components/footer/view.js';
import { FindingsListView } from './components/findings-list/view.js';
import { KindsListView } from './components/kinds/view.js';
import { ColorContext, Lines } from './components/lines/view.js';
import { MUTED } from './theme.js';
import { writeSkeletonFile } from './skeleton-file.js';
import type { Report } from '../model/finding.js';

export interface AppProps {
  store: LiveStore;
  /** Called once when the user quits, with the fix command chosen for printing (or null). */
  onQuit: (chosen: string | null) => void;
  /** A fixed terminal size (tests); otherwise the terminal's, following resizes. */
  size?: TerminalSize;
  /** Writes a signature skeleton for an unrecognised-error group (`n`); returns the footer's message. */
  writeSkeleton?: (report: Report, groupId: string) => string;
  /** Colour on (true) or off (false), whatever Ink would decide; undefined: as Ink decides (run-tui.tsx, tuiColor). */
  color?: boolean;
}

const NO_KEY: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false,
  home: false, end: false, return: false, escape: false, ctrl: false, shift: false, tab: false,
  backspace: false, delete: false, meta: false, super: false, hyper: false, capsLock: false, numLock: false,
};

/**
 * Ink hands a burst of typed characters (a paste, or keys faster than a frame) over as one
 * string; take it apart so each character is a key of its own.
 */
export function splitKeys(input: string, key: Key): [string, Key][] {
  const named = Object.entries(key).some(([name, on]) => on === true && name !== 'shift');
  if ([...input].length <= 1 || named) return [[input, key]];
  return [...input].map((c): [string, Key] => {
    if (c === '\r' || c === '\n') return ['', { ...NO_KEY, return: true }];
    if (c === '\t') return ['', { ...NO_KEY, tab: true }];
    if (c === '\u007f' || c === '\b') return ['', { ...NO_KEY, backspace: true }];
    return [c, { ...NO_KEY, shift: c !== c.toLowerCase() }];
  });
}

function Body({ model }: { model: ScreenModel }) {
  const { body, width } = model;
  const rule = <Lines rows={[[{ text: '─'.repeat(width), ...MUTED }]]} height={1} width={width} />;
  switch (body.kind) {
    case 'too-small':
      return null;
    case 'findings':
      return (
        <>
          {body.title && <Lines rows={[body.title]} height={1} width={width} />}
          <FindingsListView {...body.list} />
          {rule}
          <Lines {...body.preview} width={width} />
        </>
      );
    case 'kinds':
      return (
        <>
          <KindsListView {...body.list} />
          {rule}
          <Lines {...body.preview} width={width} />
        </>
      );
    case 'pane':
      return (
        <>
          {body.title && <Lines rows={[body.title]} height={1} width={width} />}
          <Lines {...body.pane} width={width} />
        </>
      );
  }
}

export function App({ store, onQuit, size: fixedSize, writeSkeleton = writeSkeletonFile, color }: AppProps) {
  const snapshot = useLiveSnapshot(store);
  const size = useTerminalSize(fixedSize);
  const { exit } = useApp();
  // The state also lives in a ref, so that keys arriving in one burst see each other's effect.
  const latest = useRef<AppState>(initialAppState);
  const [state, setState] = useState<AppState>(initialAppState);
  const model = buildScreen(snapshot, state, size, store);

  useInput((input, key) => {
    for (const [i, k] of splitKeys(input, key)) {
      let action: AppAction | null = null;
      if (latest.current.editingFilter) {
        const f = filterCommandFor(i, k);
        if (f) action = { type: 'filter', ...f };
      } else {
        const c = commandFor(i, k);
        // Facts of the screen as the previous keys of this burst left it, not as last drawn.
        if (c) action = { type: 'key', ...c, view: buildScreen(store.getSnapshot(), latest.current, size, store).facts };
      }
      if (action) {
        latest.current = appReducer(latest.current, action);
        setState(latest.current);
      }
    }
  });

  useEffect(() => {
    if (state.skeletonFor === null) return;
    latest.current = appReducer(latest.current, { type: 'skeleton-done', message: writeSkeleton(store.getSnapshot().report, state.skeletonFor) });
    setState(latest.current);
  }, [state.skeletonFor]);

  useEffect(() => {
    if (state.quit) {
      onQuit(state.chosen);
      exit();
    }
  }, [state.quit]);

  if (state.quit) return null;
  if (model.body.kind === 'too-small') {
    return <Text>{`The terminal is too small: the TUI needs ${MIN_COLUMNS}×${MIN_ROWS}. Enlarge it, or press q.`}</Text>;
  }
  return (
    <ColorContext.Provider value={color}>
      <Box flexDirection="column" width={size.columns}>
        <HeaderView {...model.header} />
        <Lines rows={[[{ text: '─'.repeat(size.columns), ...MUTED }]]} height={1} width={size.columns} />
        <Box flexDirection="column" height={Math.max(0, model.bodyHeight)}>
          <Body model={model} />
        </Box>
        <FooterView {...model.footer} />
      </Box>
    </ColorContext.Provider>
  );
}
