/**
 * Events out of JSON of any size, with stream-json: the text is tokenised as a stream of JSON
 * values (kubectl prints lists one after another), and only the items of lists are assembled,
 * one at a time. Items of lists whose kind is known not to hold events (NodeList, PodList, …)
 * are skipped token by token without being built.
 */

import type { Writable } from 'node:stream';
import type parserTypes from 'stream-json/parser.js';
import type Assembler from 'stream-json/assembler.js';
import { lazy } from '../../lazy.js';

const parser = lazy<typeof parserTypes>('stream-json/parser.js');
const assembler = lazy<typeof Assembler>('stream-json/assembler.js');

interface Token {
  name: string;
  value?: unknown;
}

const EVENT_LISTS = new Set(['EventList', 'List']);

/**
 * A token consumer: calls `onItem` with each assembled list item (of an EventList, a List, a list
 * of unknown kind, or a top-level array), in order.
 */
export class ListItemCollector {
  private depth = 0;
  /** Key of the value being read at depth 1 (inside a top-level object). */
  private topKey: string | null = null;
  private listKind: string | null = null;
  /** Depth of the array whose elements are items, or 0 outside one. */
  private itemsDepth = 0;
  private assembler: Assembler | null = null;
  /** Depth at which a skipped item ends. */
  private skipping = 0;
  private index = 0;

  constructor(private readonly onItem: (item: unknown, index: number) => void) {}

  consume(token: Token): void {
    const opens = token.name === 'startObject' || token.name === 'startArray';
    const closes = token.name === 'endObject' || token.name === 'endArray';
    if (this.assembler) {
      this.assembler.consume(token as Parameters<Assembler['consume']>[0]);
      if (opens) this.depth++;
      if (closes) this.depth--;
      if (this.depth === this.itemsDepth) {
        this.onItem(this.assembler.current, ++this.index);
        this.assembler = null;
      }
      return;
    }
    if (this.skipping > 0) {
      if (opens) this.depth++;
      if (closes) this.depth--;
      if (this.depth < this.skipping) this.skipping = 0;
      return;
    }
    if (this.itemsDepth > 0 && this.depth === this.itemsDepth && (opens || isScalar(token))) {
      if (this.listKind !== null && !EVENT_LISTS.has(this.listKind)) {
        if (opens) {
          this.depth++;
          this.skipping = this.depth;
        }
        return;
      }
      if (opens) {
        this.assembler = new (assembler())();
        this.assembler.consume(token as Parameters<Assembler['consume']>[0]);
        this.depth++;
      }
      return;
    }
    if (opens) {
      this.depth++;
      if (token.name === 'startArray' && ((this.depth === 2 && this.topKey === 'items') || this.depth === 1)) {
        this.itemsDepth = this.depth;
      }
      return;
    }
    if (closes) {
      if (this.depth === this.itemsDepth) this.itemsDepth = 0;
      this.depth--;
      if (this.depth === 0) {
        this.listKind = null;
        this.topKey = null;
      }
      return;
    }
    if (this.depth === 1) {
      if (token.name === 'keyValue') this.topKey = String(token.value);
      else if (token.name === 'stringValue' && this.topKey === 'kind') this.listKind = String(token.value);
    }
  }
}

function isScalar(t: Token): boolean {
  return t.name === 'stringValue' || t.name === 'numberValue' || t.name === 'nullValue' || t.name === 'trueValue' || t.name === 'falseValue';
}

/**
 * A writable for JSON text (one or more concatenated values) that hands every list item to
 * `onItem`. `done` settles after the last item; invalid JSON rejects it with the parser's message.
 * Tokens are consumed synchronously as the parser emits them, so the parser's own backpressure
 * is all there is.
 */
export function jsonItemSink(onItem: (item: unknown, index: number) => void): { input: Writable; done: Promise<void> } {
  const tokens = parser().asStream({ jsonStreaming: true, packValues: true, streamValues: false });
  const collector = new ListItemCollector(onItem);
  const done = new Promise<void>((resolve, reject) => {
    tokens.on('data', (token: Token) => {
      try {
        collector.consume(token);
      } catch (err) {
        tokens.destroy(err as Error);
      }
    });
    tokens.on('error', reject);
    tokens.on('end', () => resolve());
  });
  return { input: tokens, done };
}
