/**
 * CI outputs: `-o junit` validated against the Jenkins JUnit schema (libxml2, via xmllint-wasm) and
 * parsed with a real XML parser, `-o sarif` validated against the official SARIF 2.1.0 schema with
 * ajv, `-o github` parsed back per the workflow-command escaping rules, and `-o ndjson`. Hostile log
 * text and file names must come out escaped for each format, never as markup or terminal controls.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { validateXML } from 'xmllint-wasm';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { runInProcess } from '../e2e/helpers.js';
import { projectUrl } from '../../src/version.js';

const SEED = 'samples/seed-case';
const XSD = readFileSync(new URL('../fixtures/junit/junit-10.xsd', import.meta.url), 'utf8');
const SARIF_SCHEMA = JSON.parse(readFileSync(new URL('../fixtures/sarif/sarif-schema-2.1.0.json', import.meta.url), 'utf8'));

/** What a log line may carry: terminal escapes, XML and workflow-command syntax, characters XML cannot hold. */
const HOSTILE = '\x1b]0;pwned\x07 & <b>x</b> "q" \'a\' ]]> %0A ::error::forged, a:b \x01 \uffff \u009b2J';
const HOSTILE_NAME = 'we,ird:name #1 ü%.log';
let dir = '';
let hostileLog = '';

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'kld-ci-'));
  hostileLog = join(dir, HOSTILE_NAME);
  const line = `E0612 10:00:20.717515       1 garbagecollector.go:360] "error syncing item" err="unable to get REST mapping for autoscaling.aibrix.ai/v1alpha1/PodAutoScaler." item="${HOSTILE}"`;
  writeFileSync(hostileLog, `${line}\n${line}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Families of the bundled library, from `patterns list -o json`. */
async function libraryFamilies(): Promise<string[]> {
  const rows = JSON.parse((await runInProcess(['patterns', 'list', '-o', 'json'])).stdout) as { type: string; family: string; id: string }[];
  return [...new Set(rows.filter((r) => r.type === 'signature').map((r) => r.family))];
}

/** No C0 control but LF and no C1 control, DEL or bidi override in the raw output. */
const CONTROLS = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

async function junit(args: string[], input?: string) {
  const r = await runInProcess([...args, '-o', 'junit'], input !== undefined ? { input } : {});
  const schema = await validateXML({ xml: [{ fileName: 'report.xml', contents: r.stdout }], schema: [{ fileName: 'junit-10.xsd', contents: XSD }] });
  expect(schema.errors.map((e) => e.message)).toEqual([]);
  expect(schema.valid).toBe(true);
  expect(XMLValidator.validate(r.stdout)).toBe(true);
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (name) => name === 'testcase' || name === 'property' }).parse(r.stdout);
  return { ...r, suites: doc.testsuites, suite: doc.testsuites.testsuite, cases: doc.testsuites.testsuite.testcase as any[] };
}

describe('-o junit', () => {
  it('has one test case per family checked, the families that fired failing with diagnosis, fixes and evidence', async () => {
    const { code, suite, suites, cases, stdout } = await junit([SEED]);
    expect(code).toBe(0);
    expect(CONTROLS.test(stdout)).toBe(false);
    const families = await libraryFamilies();
    expect(cases.map((c) => c.name)).toEqual([...families, 'kind-near-miss', 'inputs']);
    expect(suite.tests).toBe(String(cases.length));
    expect(suites.tests).toBe(String(cases.length));
    // The report carries no analysis duration: no time attribute claims one (the schema has it optional).
    expect([suites.time, suite.time, ...cases.map((c) => c.time)].filter((t) => t !== undefined)).toEqual([]);
    const failing = cases.filter((c) => c.failure);
    expect(failing.map((c) => c.name).sort()).toEqual(['gc-rest-mapping', 'kind-near-miss']);
    expect(suite.failures).toBe('2');
    const gc = failing.find((c) => c.name === 'gc-rest-mapping')!.failure;
    expect(gc.type).toBe('error');
    expect(gc.message).toBe("1 finding (×20): Garbage collector cannot resolve an owner's kind");
    expect(gc['#text']).toContain('The garbage collector cannot map autoscaling.aibrix.ai/v1alpha1/PodAutoScaler');
    expect(gc['#text']).toContain('samples/seed-case/kube-controller-manager.log:28  E0612 10:00:20.717515');
    const near = failing.find((c) => c.name === 'kind-near-miss')!.failure['#text'] as string;
    expect(near).toContain("kubectl get crd podautoscalers.autoscaling.aibrix.ai -o jsonpath='{.spec.names.kind}'");
  });

  it('escapes hostile log text and file names: still schema-valid, controls shown escaped', async () => {
    const { stdout, cases } = await junit([hostileLog]);
    expect(CONTROLS.test(stdout)).toBe(false);
    expect(stdout).not.toContain('\uffff');
    const body = cases.find((c) => c.name === 'gc-rest-mapping')!.failure['#text'] as string;
    // The parser gives back the characters XML escaped; the controls stay visible escapes.
    expect(body).toContain(`${hostileLog}:1  E0612`);
    expect(body).toContain('\\x1b]0;pwned\\x07 & <b>x</b> "q" \'a\' ]]> %0A ::error::forged, a:b \\x01 \\uffff \\x9b2J');
  });

  it('marks the families a selection leaves out as skipped, not passed', async () => {
    const { suite, cases } = await junit([SEED, '--only', 'gc-rest-mapping']);
    expect(cases.filter((c) => !c.skipped).map((c) => c.name)).toEqual(['gc-rest-mapping', 'inputs']);
    expect(cases.find((c) => c.name === 'gc-rest-mapping')!.failure).toBeDefined();
    expect(cases.find((c) => c.name === 'kind-near-miss')!.skipped.message).toBe('not selected by --only, --exclude or --min-severity');
    expect(suite.skipped).toBe(String(cases.length - 2));
    expect(suite.properties.property.find((p: any) => p.name === 'filters').value).toBe('only gc-rest-mapping · left out 1 finding (×20) not selected');
  });

  it('fails only at --fail-on when given, and errors the inputs case when nothing was read', async () => {
    const lenient = await junit([SEED, '--fail-on', 'critical']);
    expect(lenient.suite.failures).toBe('0');
    expect(lenient.cases.find((c) => c.name === 'gc-rest-mapping')!['system-out']).toContain('ERROR gc-rest-mapping ×20');
    const empty = await junit([], '');
    expect(empty.code).toBe(2);
    expect(empty.suite.errors).toBe('1');
    expect(empty.cases.find((c) => c.name === 'inputs')!.error.message).toBe('no log line was read');
  });
});

function sarifValidator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  return ajv.compile(SARIF_SCHEMA);
}

describe('-o sarif', () => {
  it('is valid SARIF 2.1.0 with the library as rules and results at the evidence lines', async () => {
    const r = await runInProcess([SEED, '-o', 'sarif']);
    expect(r.code).toBe(0);
    const log = JSON.parse(r.stdout);
    const validate = sarifValidator();
    expect(validate(log) ? [] : validate.errors).toEqual([]);
    const run = log.runs[0];
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(run.tool.driver.informationUri).toBe(pkg.homepage);
    expect(run.tool.driver.version).toBe(pkg.version);
    const ruleIds = run.tool.driver.rules.map((x: any) => x.id);
    const listed = JSON.parse((await runInProcess(['patterns', 'list', '-o', 'json'])).stdout).filter((x: any) => x.type !== 'chain').map((x: any) => x.id);
    expect(ruleIds).toEqual(listed);
    expect(run.results.map((x: any) => [x.ruleId, x.level, x.properties.count])).toEqual([
      ['kind-case-mismatch', 'error', 20],
      ['gc-rest-mapping', 'error', 20],
    ]);
    for (const res of run.results) expect(ruleIds[res.ruleIndex]).toBe(res.ruleId);
    const gc = run.results[1];
    expect(gc.locations[0].physicalLocation).toMatchObject({ artifactLocation: { uri: 'samples/seed-case/kube-controller-manager.log' }, region: { startLine: 28 } });
    expect(gc.relatedLocations.length).toBe(4);
    expect(gc.message.text).toContain('Caused by: kind-case-mismatch:');
    expect(run.results[0].message.text).toContain('Fix:\n1. Edit: PodAutoScaler → PodAutoscaler.');
  });

  it("takes the driver's informationUri from package.json's homepage, else its repository, and invents none", () => {
    expect(projectUrl({ homepage: 'https://example.org/kld', repository: { url: 'git+https://github.com/o/r.git' } })).toBe('https://example.org/kld');
    expect(projectUrl({ repository: { type: 'git', url: 'git+https://github.com/o/r.git' } })).toBe('https://github.com/o/r');
    expect(projectUrl({ repository: 'https://gitlab.com/o/r' })).toBe('https://gitlab.com/o/r');
    expect(projectUrl({ homepage: 'not a url', repository: 'github:o/r' })).toBeUndefined();
    expect(projectUrl({ repository: { url: 'git@github.com:o/r.git' } })).toBeUndefined();
    expect(projectUrl({})).toBeUndefined();
  });

  it('stays valid with hostile names and text: the URI decodes to the file, no raw controls', async () => {
    const r = await runInProcess([hostileLog, '-o', 'sarif']);
    expect(CONTROLS.test(r.stdout)).toBe(false);
    const log = JSON.parse(r.stdout);
    const validate = sarifValidator();
    expect(validate(log) ? [] : validate.errors).toEqual([]);
    const loc = log.runs[0].results[0].locations[0].physicalLocation;
    expect(loc.artifactLocation.uri).not.toMatch(/[ #?]/);
    expect(decodeURI(loc.artifactLocation.uri).replace(/%23/g, '#')).toBe(hostileLog);
    expect(loc.region.snippet.text).toContain(HOSTILE);
  });
});

/** A workflow command read back as the runner reads it. */
function parseCommand(line: string): { command: string; props: Record<string, string>; message: string } {
  const m = /^::([a-z]+)(?: ([^:]*))?::(.*)$/.exec(line);
  if (!m) throw new Error(`not a workflow command: ${line}`);
  const unescape = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
  const props = Object.fromEntries((m[2] ?? '').split(',').filter(Boolean).map((p) => {
    const i = p.indexOf('=');
    return [p.slice(0, i), unescape(p.slice(i + 1))];
  }));
  return { command: m[1]!, props, message: unescape(m[3]!) };
}

describe('-o github', () => {
  it('prints one annotation per finding at its evidence line, and a summary notice', async () => {
    const r = await runInProcess([SEED, '-o', 'github']);
    const lines = r.stdout.trimEnd().split('\n').map(parseCommand);
    expect(lines.map((l) => l.command)).toEqual(['error', 'error', 'notice']);
    expect(lines[1]!.props).toEqual({ file: 'samples/seed-case/kube-controller-manager.log', line: '28', title: "gc-rest-mapping ×20: Garbage collector cannot resolve an owner's kind" });
    expect(lines[0]!.message.split('\n')).toContain('1. Edit: PodAutoScaler → PodAutoscaler.');
    expect(lines[2]!.message).toBe('kube-log-doctor: 2 findings in 50 lines from 1 source');
  });

  it('escapes properties and messages so hostile text cannot end or forge a command', async () => {
    const r = await runInProcess([hostileLog, '-o', 'github']);
    expect(CONTROLS.test(r.stdout)).toBe(false);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    const first = parseCommand(lines[0]!);
    expect(first.command).toBe('error');
    expect(first.props.file).toBe(hostileLog);
    expect(first.props.line).toBe('1');
    // What the runner shows is the log text with its controls escaped, `%0A` and `::` as written.
    expect(first.message).toContain('\\x1b]0;pwned\\x07 & <b>x</b> "q" \'a\' ]]> %0A ::error::forged, a:b \\x01');
  });
});

describe('-o ndjson', () => {
  it('prints every finding as a `new` event, then the report as `end`', async () => {
    const r = await runInProcess([SEED, '-o', 'ndjson']);
    const events = r.stdout.trimEnd().split('\n').map((l) => JSON.parse(l));
    expect(events.map((e) => [e.event, e.finding?.id])).toEqual([
      ['new', 'kind-case-mismatch'],
      ['new', 'gc-rest-mapping'],
      ['end', undefined],
    ]);
    const json = JSON.parse((await runInProcess([SEED, '-o', 'json'])).stdout);
    expect(events[2].report).toEqual(json);
    expect(events[1].finding).toEqual(json.findings[1]);
  });
});
