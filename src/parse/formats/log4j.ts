/**
 * Java logging layouts (log4j, log4j2, logback, JBoss/Quarkus, Spring Boot), as Java operators and
 * controllers write them — Strimzi, Keycloak and other Java Operator SDK operators, the Flink
 * operator, fabric8-based tools:
 *
 *   2020-10-04 02:25:36 WARN  WatchConnectionManager:202 - Exec Failure: HTTP 403, …          (Strimzi)
 *   2025-10-01 14:54:04,499 WARN  [io.jav.ope.pro.eve.EventProcessor] (ReconcilerExecutor-x-54) Uncaught error …   (Quarkus)
 *   2023-04-27 10:00:00,123 o.a.f.k.o.c.FlinkDeploymentController [ERROR][flink/basic-example] Error during …    (Flink operator)
 *   [ERROR][flink/basic-example] Error during event processing …                                (the same, time cut)
 *   2019-01-01 10:00:00,000 [main] ERROR com.example.Foo - message                              (log4j `%d [%t] %-5p %c - %m`)
 *   2023-06-01 12:00:00.123 ERROR 1 --- [main] o.s.boot.SpringApplication : message            (Spring Boot)
 *   10:00:00.123 [main] ERROR com.example.Foo - message                                         (logback's default)
 *   [2023-01-01 10:00:00,000] ERROR message (kafka.server.KafkaServer)                          (Kafka)
 *
 * The exception a Java logger prints after the line — `pkg.SomeException: message`, then `\tat …`
 * frames, `Caused by: …` and `... 12 more` — belongs to the entry: the lane (lane.ts) keeps those
 * lines and reads the exception lines into the entry's error (isJavaExceptionLine), where the
 * signatures see them as they see a Go logger's `err`. Times without a zone are taken as UTC.
 */

import type { Level } from '../../model/entry.js';
import type { ParsedLine } from '../parsed-line.js';
import { levelOf } from '../levels.js';
import { fractionMs, toIso, wallClockIso } from '../timestamps.js';

/** A Java level name: log4j/logback's, and java.util.logging's SEVERE. */
function javaLevel(name: string): Level | null {
  const n = name.trimEnd();
  return n === 'SEVERE' ? 'error' : levelOf(n);
}

/** The leading date and time: `2020-10-04 02:25:36`, `,499` / `.123` fractions, an optional zone. */
const TIME =
  /^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d)(?:[,.](\d{1,9}))?(Z|[+-]\d\d:?\d\d)? +/;

// What follows the time, per layout. Levels are written padded (`INFO `, `WARN `).
/** Strimzi and log4j `%-5p %c{1}:%L - %m`: `WARN  WatchConnectionManager:202 - …`. */
const LEVEL_LOGGER = /^(TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL|SEVERE) +([\w$.]{1,200}(?::\d{1,6})?) - /;
/** JBoss / Quarkus `%-5p [%c{3.}] (%t) %s`: `WARN  [io.jav.ope.pro.eve.EventProcessor] (thread) …`. */
const LEVEL_BRACKET_THREAD = /^(TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL|SEVERE) +\[([\w$.]{1,200})\] \(([^()]{0,200})\) /;
/** log4j `[%t] %-5p %c - %m`: `[main] ERROR com.example.Foo - …`. */
const THREAD_LEVEL_LOGGER = /^\[([^\]]{0,200})\] +(TRACE|DEBUG|INFO|WARN|WARNING|ERROR|FATAL|SEVERE) +([\w$.]{1,200}) +- /;
/** Spring Boot: `ERROR 1 --- [main] o.s.boot.SpringApplication : …` (3.2+: `--- [app] [main] …`). */
const SPRING = /^(TRACE|DEBUG|INFO|WARN|ERROR|FATAL) +\d{1,10} --- (?:\[[^\]]{0,100}\] )?\[ {0,40}([^\]]{0,200})\] ([\w$.[\]/-]{1,200}) +: /;
/** The Flink operator: `o.a.f.k.o.c.FlinkDeploymentController [ERROR][flink/basic-example] …`. */
const LOGGER_BRACKET_LEVEL = /^([\w$.]{1,200}) +\[(TRACE|DEBUG|INFO |WARN |ERROR|FATAL)\](?:\[([^\]\s]{0,300})\])? /;
/**
 * Its line with the time and logger cut: `[ERROR][flink/basic-example] …`, `[WARN ] …` (the level
 * padded to five; CoreDNS's `[ERROR] plugin/…` is not one).
 */
const BRACKET_LEVEL = /^\[(TRACE|DEBUG|INFO |WARN |ERROR|FATAL)\](?:\[([^\]\s]{0,300})\])? (?!plugin\/)/;
/** logback's default `%d{HH:mm:ss.SSS} [%thread] %-5level %logger{36} - %msg`. */
const LOGBACK_TIME_ONLY = /^(\d\d):(\d\d):(\d\d)\.(\d{3}) \[([^\]]{0,200})\] +(TRACE|DEBUG|INFO|WARN|ERROR) +([\w$.]{1,200}) +- /;
/** Kafka's `[%d] %p %m (%c)`: `[2023-01-01 10:00:00,000] ERROR … (kafka.server.KafkaServer)`. */
const KAFKA = /^\[(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d(?:,\d{3})?)\] (TRACE|DEBUG|INFO|WARN|ERROR|FATAL) (.*) \(([\w$.]{1,200})\)$/;

function lineOf(level: Level | null, time: string | null, message: string, fields: Record<string, unknown>): ParsedLine {
  return { format: 'log4j', level, time, message, error: null, fields, openBlock: null };
}

function timeOf(m: RegExpExecArray): string | null {
  if (m[8]) {
    const iso = `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${m[7] ? `.${m[7]}` : ''}${m[8].length === 5 ? `${m[8].slice(0, 3)}:${m[8].slice(3)}` : m[8]}`;
    return toIso(iso);
  }
  return wallClockIso(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), fractionMs(m[7]));
}

export function parseLog4j(line: string): ParsedLine | null {
  const c = line.charCodeAt(0);
  if (c === 91 /* [ */) return bracketed(line);
  if (c < 48 || c > 57) return null;
  const t = TIME.exec(line);
  if (t === null) return logbackTimeOnly(line);
  const rest = line.slice(t[0].length);
  let m = LEVEL_LOGGER.exec(rest);
  if (m) return lineOf(javaLevel(m[1]!), timeOf(t), rest.slice(m[0].length), { logger: m[2]! });
  m = LEVEL_BRACKET_THREAD.exec(rest);
  if (m) return lineOf(javaLevel(m[1]!), timeOf(t), rest.slice(m[0].length), { logger: m[2]!, thread: m[3]! });
  m = THREAD_LEVEL_LOGGER.exec(rest);
  if (m) return lineOf(javaLevel(m[2]!), timeOf(t), rest.slice(m[0].length), { logger: m[3]!, thread: m[1]! });
  m = SPRING.exec(rest);
  if (m) return lineOf(javaLevel(m[1]!), timeOf(t), rest.slice(m[0].length), { logger: m[3]!, thread: m[2]!.trim() });
  m = LOGGER_BRACKET_LEVEL.exec(rest);
  if (m) {
    const fields: Record<string, unknown> = { logger: m[1]! };
    if (m[3]) fields['resource'] = m[3];
    return lineOf(javaLevel(m[2]!), timeOf(t), rest.slice(m[0].length), fields);
  }
  return null;
}

function bracketed(line: string): ParsedLine | null {
  let m = BRACKET_LEVEL.exec(line);
  if (m) return lineOf(javaLevel(m[1]!), null, line.slice(m[0].length), m[2] ? { resource: m[2] } : {});
  m = KAFKA.exec(line);
  if (m) {
    const t = TIME.exec(`${m[1]!} `);
    return lineOf(javaLevel(m[2]!), t ? timeOf(t) : null, m[3]!, { logger: m[4]! });
  }
  return null;
}

function logbackTimeOnly(line: string): ParsedLine | null {
  const m = LOGBACK_TIME_ONLY.exec(line);
  if (!m) return null;
  return lineOf(javaLevel(m[6]!), null, line.slice(m[0].length), { logger: m[7]!, thread: m[5]! });
}

/**
 * A line a Java logger prints after a log line that carries a Throwable: the exception's class
 * and message (`io.fabric8.kubernetes.client.KubernetesClientException: Failure executing: …`,
 * `java.net.ProtocolException: Expected HTTP 101 response but was '403 Forbidden'`), a cause
 * (`Caused by: …`) or a suppressed one. The class is a package path and a capitalised name
 * that ends in Exception, Error or Throwable (`$Inner` classes too).
 */
const EXCEPTION_LINE = /^(?:Caused by: |Suppressed: )?(?:[a-z_][\w]*\.){1,30}[A-Z][\w$]{0,200}(?:Exception|Error|Throwable)(?::[ \t]|$)/;

export function isJavaExceptionLine(text: string): boolean {
  return EXCEPTION_LINE.test(text);
}

/** A stack frame or its tail, as indentation lost in a paste leaves it: `at pkg.Class.method(File.java:12)`, `... 12 more`. */
const FRAME = /^(?:at [\w$.<>/-]{1,400}\([^()]{0,300}\)(?: ~?\[[^\]]{0,300}\])?|\.\.\. \d{1,9} (?:more|common frames omitted))$/;

export function isJavaFrame(text: string): boolean {
  return FRAME.test(text);
}
