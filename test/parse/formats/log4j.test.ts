/** Java logging layouts (log4j, logback, JBoss/Quarkus, Spring Boot, the Flink operator) and the exception after a line. */

import { describe, expect, it } from 'vitest';
import { assemble } from '../assemble.js';
import { isJavaExceptionLine, parseLog4j } from '../../../src/parse/formats/log4j.js';
import { detectPayload } from '../../../src/parse/detect.js';

const ctx = { year: 2024, refTime: null };
const read = (line: string) => {
  const p = detectPayload(line, ctx);
  return p && [p.format, p.level, p.time, p.message, p.fields];
};

describe('log4j and other Java layouts', () => {
  it('reads level, time, logger (and thread) of each layout', () => {
    // https://github.com/strimzi/strimzi-kafka-operator (corpus case strimzi-watch-forbidden-missing-clusterroles)
    expect(read('2020-10-04 02:25:35 INFO  AbstractOperator:304 - Watcher closed in namespace streaming')).toEqual([
      'log4j', 'info', '2020-10-04T02:25:35.000Z', 'Watcher closed in namespace streaming', { logger: 'AbstractOperator:304' },
    ]);
    // https://github.com/keycloak/keycloak/issues/43096 (Quarkus)
    expect(read('2025-10-01 14:54:02,812 INFO  [io.quarkus] (main) Profile prod activated. ')).toEqual([
      'log4j', 'info', '2025-10-01T14:54:02.812Z', 'Profile prod activated. ', { logger: 'io.quarkus', thread: 'main' },
    ]);
    expect(read('2023-04-27 10:00:00,123 o.a.f.k.o.c.FlinkDeploymentController [ERROR][flink/basic-example] Error during event processing')).toEqual([
      'log4j', 'error', '2023-04-27T10:00:00.123Z', 'Error during event processing', { logger: 'o.a.f.k.o.c.FlinkDeploymentController', resource: 'flink/basic-example' },
    ]);
    // https://github.com/apache/flink-kubernetes-operator/pull/577 (time and logger cut)
    expect(read("[ERROR][flink/basic-example] Error during event processing ExecutionScope{ resource id: ResourceID{name='basic-example', namespace='flink'}, version: 1791281} failed.")?.slice(0, 2)).toEqual(['log4j', 'error']);
    expect(read('[WARN ] Error starting org.apache.flink.kubernetes.operator.controller.FlinkSessionJobController$1@96a75da')?.slice(0, 2)).toEqual(['log4j', 'warning']);
    expect(read('2019-01-01 10:00:00,000 [main] ERROR com.example.Foo - it failed')).toEqual([
      'log4j', 'error', '2019-01-01T10:00:00.000Z', 'it failed', { logger: 'com.example.Foo', thread: 'main' },
    ]);
    expect(read('2023-06-01 12:00:00.123 ERROR 1 --- [           main] o.s.boot.SpringApplication               : Application run failed')).toEqual([
      'log4j', 'error', '2023-06-01T12:00:00.123Z', 'Application run failed', { logger: 'o.s.boot.SpringApplication', thread: 'main' },
    ]);
    expect(read('10:00:00.123 [main] WARN  com.example.Foo - slow')).toEqual(['log4j', 'warning', null, 'slow', { logger: 'com.example.Foo', thread: 'main' }]);
    expect(read('[2023-01-01 10:00:00,000] ERROR [KafkaServer id=0] Fatal error during KafkaServer startup. (kafka.server.KafkaServer)')).toEqual([
      'log4j', 'error', '2023-01-01T10:00:00.000Z', '[KafkaServer id=0] Fatal error during KafkaServer startup.', { logger: 'kafka.server.KafkaServer' },
    ]);
    expect(read('2023-01-01 10:00:00,000+0200 SEVERE [x.Y] (main) boom')?.slice(1, 3)).toEqual(['error', '2023-01-01T08:00:00.000Z']);
  });

  it('leaves other formats to their readers', () => {
    expect(parseLog4j('2024/05/01 10:00:03 ERROR reconcile failed')).toBeNull();
    expect(parseLog4j('2021-11-22T17:45:58.799Z [ERROR] auth.handler: error authenticating:')).toBeNull();
    expect(parseLog4j('[ERROR] plugin/kubernetes: pkg/mod/k8s.io/client-go@v0.26.1/tools/cache/reflector.go:169: Failed to watch')).toBeNull();
    expect(parseLog4j('2024-05-01 10:00:00 the backup finished - 3 files')).toBeNull();
    expect(read('[INFO] Scanning for projects...')?.[0]).not.toBe('log4j');
  });

  it('knows exception lines from prose', () => {
    for (const line of [
      "java.net.ProtocolException: Expected HTTP 101 response but was '403 Forbidden'",
      'io.fabric8.kubernetes.client.KubernetesClientException: Got unexpected POST status code 403: Forbidden',
      'Caused by: java.util.concurrent.CompletionException: io.fabric8.kubernetes.client.KubernetesClientException: Failure executing: GET',
      'org.apache.flink.util.concurrent.FutureUtils$RetryException: Could not complete the operation.',
      'java.lang.OutOfMemoryError',
    ]) {
      expect(isJavaExceptionLine(line), line).toBe(true);
    }
    for (const line of ['error: something failed', 'See https://example.com/Error: here', 'Exception: boom', 'the.java.Thing is fine']) {
      expect(isJavaExceptionLine(line), line).toBe(false);
    }
  });

  it('reads the exception after a line into its error, and keeps the frames', () => {
    // https://github.com/apache/flink-kubernetes-operator/pull/577
    const { entries, counters } = assemble([
      "[ERROR][flink/basic-example] Error during event processing ExecutionScope{ resource id: ResourceID{name='basic-example', namespace='flink'}, version: 1791281} failed.",
      'io.fabric8.kubernetes.client.KubernetesClientException: Failure executing: PUT at: https://10.96.0.1:443/apis/flink.apache.org/v1beta1/namespaces/flink/flinkdeployments/basic-example. Message: Forbidden!',
      '    at io.fabric8.kubernetes.client.KubernetesClientException.copyAsCause(KubernetesClientException.java:238)',
      'at io.fabric8.kubernetes.client.dsl.internal.OperationSupport.waitForResult(OperationSupport.java:546) ~[flink-kubernetes-operator.jar:1.4.0]',
      'Caused by: java.io.IOException: closed',
      '\t... 12 more',
      '2023-04-27 10:00:01,000 o.a.f.k.o.c.FlinkDeploymentController [INFO ][flink/basic-example] next',
    ]);
    expect(entries.map((e) => [e.format, e.line, e.level, e.continuation.length])).toEqual([
      ['log4j', 1, 'error', 5],
      ['log4j', 7, 'info', 0],
    ]);
    expect(entries[0]!.error).toBe(
      'io.fabric8.kubernetes.client.KubernetesClientException: Failure executing: PUT at: https://10.96.0.1:443/apis/flink.apache.org/v1beta1/namespaces/flink/flinkdeployments/basic-example. Message: Forbidden!\nCaused by: java.io.IOException: closed',
    );
    expect(counters.continuation).toBe(5);
    expect(counters.unparsed).toBe(0);
  });
});
