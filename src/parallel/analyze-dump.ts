/**
 * `kubectl cluster-info dump` output (stdout form, or a pod's logs.txt) → one SourceResult per log
 * section and one for the events of its EventLists. The file is read once: lines between START and
 * END markers stream into the analysis of that container's section, everything else streams into
 * the JSON tokeniser that picks out the events.
 */

import { PassThrough } from 'node:stream';
import { frameLines } from '../framing/lines.js';
import { START_MARKER } from '../input/layout/cluster-info-dump.js';
import { jsonItemSink } from '../input/events/json-events.js';
import type { ByteSource } from '../input/settle.js';
import type { SourceMeta } from '../input/source-meta.js';
import type { AnalysisContext } from './analysis-context.js';
import type { Outcome, SourceResult } from './outcome.js';
import { analyzeLog, readFailure } from './analyze-log.js';
import { EventSourceBuilder } from './analyze-events.js';

/** Longest line the splitter holds (a pretty-printed object can carry a long annotation on one line). */
const MAX_DUMP_LINE_BYTES = 64 * 1024 * 1024;
const END_PREFIX = '==== END logs for container ';

interface OpenSection {
  input: PassThrough;
  done: Promise<SourceResult>;
}

/** Writes and waits while the reader is behind. */
async function write(stream: NodeJS.WritableStream, text: string): Promise<void> {
  if (!stream.write(text)) await new Promise<void>((resolve) => stream.once('drain', () => resolve()));
}

/** If the line ends with an END marker, the text before it (kubectl glues the marker to a last line without LF). */
function beforeEndMarker(line: string): string | null {
  if (!line.endsWith(' ====')) return null;
  const at = line.lastIndexOf(END_PREFIX);
  if (at === -1 || !/^==== END logs for container \S+ of pod [^/\s]+\/\S+ ====$/.test(line.slice(at))) return null;
  return line.slice(0, at);
}

export async function analyzeDump(
  file: { label: string; meta: SourceMeta; year: number; source: ByteSource },
  ctx: AnalysisContext,
): Promise<Outcome[]> {
  const results: Promise<SourceResult>[] = [];
  const events = new EventSourceBuilder(`${file.label}#events`, { layout: 'cluster-info-dump' }, ctx);
  events.partOf = file.label;
  let json: ReturnType<typeof jsonItemSink> | null = null;
  let jsonFailed = false;
  let section: OpenSection | null = null;
  const framing = { bytes: 0, truncated: 0 };

  const closeSection = async (): Promise<void> => {
    if (!section) return;
    section.input.end();
    await section.done;
    section = null;
  };

  let lineNo = 0;
  for await (const line of frameLines(file.source.stream, framing, MAX_DUMP_LINE_BYTES)) {
    lineNo++;
    const start = START_MARKER.exec(line);
    if (start) {
      await closeSection();
      const [container, namespace, pod] = [start[1]!, start[2]!, start[3]!];
      const input = new PassThrough();
      const meta: SourceMeta = { ...file.meta, layout: 'cluster-info-dump', namespace, pod, container };
      const done = analyzeLog(
        { label: `${file.label}#${namespace}/${pod}/${container}`, meta, year: file.year, source: { stream: input, failure: () => null }, lineOffset: lineNo, partOf: file.label },
        ctx,
      );
      results.push(done);
      section = { input, done };
      continue;
    }
    if (section) {
      const before = beforeEndMarker(line);
      if (before === null) {
        await write(section.input, line + '\n');
      } else {
        if (before !== '') await write(section.input, before);
        await closeSection();
      }
      continue;
    }
    if (jsonFailed || line.trim() === '') continue;
    if (!json) {
      json = jsonItemSink((item, index) => events.add(item, index));
      // Awaited below; a failure while a log section is being read must not count as unhandled.
      json.done.catch(() => undefined);
    }
    try {
      await Promise.race([write(json.input, line + '\n'), json.done]);
    } catch (err) {
      jsonFailed = true;
      events.errors.push(readFailure(file.label, `API objects not readable as JSON: ${(err as Error).message}`, lineNo));
    }
  }
  await closeSection();
  if (json && !jsonFailed) {
    json.input.end();
    try {
      await json.done;
    } catch (err) {
      events.errors.push(readFailure(file.label, `API objects not readable as JSON: ${(err as Error).message}`, lineNo));
    }
  }
  const sections = await Promise.all(results);
  // Section bytes are counted by their own analysis; the rest (markers, API objects) goes with the events.
  events.bytes = framing.bytes - sections.reduce((n, s) => n + s.bytes, 0);
  events.truncated = framing.truncated;
  const failure = file.source.failure();
  if (failure) events.errors.push(readFailure(file.label, failure.message, lineNo));
  const out: Outcome[] = sections.map((source) => ({ type: 'source', source }));
  if (json || events.errors.length > 0) out.push({ type: 'source', source: events.result() });
  return out;
}
