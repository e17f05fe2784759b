/**
 * Reads flows/*.yaml (and older versions kept in flows/archive/), validates them and builds the
 * registry. Everything wrong fails here, at start, with the file and the path inside it:
 * "flows/report.yaml: steps[3].next: unknown step 'photoz'".
 *
 * The only part of flow/ that touches the file system; `createFlowRegistry` is the pure core
 * (tests feed it text directly).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { basename, join, relative, isAbsolute } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parse as parseYaml, YAMLParseError } from 'yaml';
import type { z } from 'zod';
import { FlowLoadError } from '../core/errors.ts';
import { checkFlow, type FlowNames, type FlowProblem, type FlowRef } from './check-flow.ts';
import { FlowFile } from './schema.ts';
import type { Flow, FlowRegistry } from './types.ts';

export interface FlowSourceFile {
  /** Shown in messages, e.g. flows/report.yaml. */
  file: string;
  text: string;
}

/**
 * The flows as `npm run build` parsed and validated them, by SHA-256 of each file's text, next to
 * the compiled module (dist/flow/). Parsing the YAML was about 0.4 s of CPU in every role's start
 * and validating it with zod about 80 ms more (bench:startup); JSON reads in milliseconds. A file
 * whose text differs from the build's (edited since) is parsed and validated as usual; every
 * flow is checked against the names (checkFlow) either way. Absent when running the sources.
 */
const PARSED_AT_BUILD = new URL('./parsed-flows.json', import.meta.url);

/**
 * Loads every `*.yaml` in `dir` and in `dir/archive` (older versions, kept so sessions finish on
 * the version they started). Throws FlowLoadError listing every problem found.
 */
export function loadFlows(dir: string, names: FlowNames): FlowRegistry {
  const parsed = existsSync(PARSED_AT_BUILD)
    ? new Map(Object.entries(JSON.parse(readFileSync(PARSED_AT_BUILD, 'utf8')) as object))
    : undefined;
  return createFlowRegistry(readFlowFiles(dir), names, parsed);
}

/**
 * Every valid flow file in `dir` parsed and validated, by SHA-256 of its text: what `npm run
 * build` writes to dist/flow/parsed-flows.json for loadFlows. A file that does not validate, or
 * whose validated form would not survive JSON unchanged, is left out (parsed at start instead,
 * where its problems are reported as always).
 */
export function parseFlowFiles(dir: string): Record<string, FlowFile> {
  const out: Record<string, FlowFile> = {};
  for (const { text } of readFlowFiles(dir)) {
    let valid;
    try {
      valid = FlowFile.safeParse(parseFlowYaml(text));
    } catch {
      continue;
    }
    if (valid.success && isDeepStrictEqual(JSON.parse(JSON.stringify(valid.data)), valid.data))
      out[textHash(text)] = valid.data;
  }
  return out;
}

function readFlowFiles(dir: string): FlowSourceFile[] {
  const files: FlowSourceFile[] = [];
  for (const folder of [dir, join(dir, 'archive')]) {
    if (!existsSync(folder)) continue;
    for (const name of readdirSync(folder).sort()) {
      if (!/\.ya?ml$/.test(name)) continue;
      const path = join(folder, name);
      files.push({ file: displayPath(path), text: readFileSync(path, 'utf8') });
    }
  }
  if (files.length === 0) throw new FlowLoadError(`${displayPath(dir)}: no flow files`);
  return files;
}

const parseFlowYaml = (text: string): unknown =>
  parseYaml(text, { prettyErrors: true, uniqueKeys: true });
const textHash = (text: string) => createHash('sha256').update(text).digest('hex');

/**
 * Parses, validates and indexes flow files. Pure. `parsed`: flows already parsed and validated,
 * by SHA-256 of the text (loadFlows' build-time cache).
 */
export function createFlowRegistry(
  files: readonly FlowSourceFile[],
  names: FlowNames,
  parsed?: ReadonlyMap<string, unknown>,
): FlowRegistry {
  const errors: string[] = [];
  const flows: Flow[] = [];
  const refs: Array<{ file: string; ref: FlowRef }> = [];

  for (const { file, text } of files) {
    const atBuild = parsed?.get(textHash(text)) as FlowFile | undefined;
    let flow: FlowFile;
    if (atBuild) {
      flow = atBuild;
    } else {
      let data: unknown;
      try {
        data = parseFlowYaml(text);
      } catch (e) {
        const detail = e instanceof YAMLParseError ? e.message : String(e);
        errors.push(`${file}: ${detail}`);
        continue;
      }
      const valid = FlowFile.safeParse(data);
      if (!valid.success) {
        for (const p of zodProblems(valid.error)) errors.push(`${file}: ${p.path}: ${p.message}`);
        continue;
      }
      flow = valid.data;
    }
    const stem = basename(file).split('.')[0];
    if (stem !== flow.id) {
      errors.push(`${file}: id: flow id '${flow.id}' does not match the file name '${stem ?? ''}'`);
    }
    const { problems, flowRefs } = checkFlow(flow, names);
    for (const p of problems) errors.push(`${file}: ${p.path}: ${p.message}`);
    for (const ref of flowRefs) refs.push({ file, ref });
    flows.push({
      id: flow.id,
      version: flow.version,
      title: flow.title,
      activity: flow.activity,
      busy: flow.busy,
      cancellable: flow.cancellable,
      steps: flow.steps,
      file,
      index: new Map(flow.steps.map((s, i) => [s.id, i])),
    });
  }

  const byId = new Map<string, Map<number, Flow>>();
  for (const flow of flows) {
    const versions = byId.get(flow.id) ?? new Map<number, Flow>();
    const other = versions.get(flow.version);
    if (other) {
      errors.push(`${flow.file}: version: ${flow.id} v${flow.version} is also in ${other.file}`);
    }
    versions.set(flow.version, flow);
    byId.set(flow.id, versions);
  }
  for (const { file, ref } of refs) {
    if (!byId.has(ref.flowId)) errors.push(`${file}: ${ref.path}: unknown flow '${ref.flowId}'`);
  }

  if (errors.length > 0) throw new FlowLoadError(errors.join('\n'));

  const latest = new Map<string, Flow>();
  for (const [id, versions] of byId) {
    const newest = Math.max(...versions.keys());
    const flow = versions.get(newest);
    if (flow) latest.set(id, flow);
  }

  return {
    get(flowId, version) {
      return version === undefined ? latest.get(flowId) : byId.get(flowId)?.get(version);
    },
    ids() {
      return [...byId.keys()].sort();
    },
    all() {
      return [...flows];
    },
  };
}

/** zod issues as `steps[3].options[0].label.vi: message`. */
function zodProblems(error: z.ZodError): FlowProblem[] {
  const out: FlowProblem[] = [];
  for (const issue of error.issues) {
    out.push({ path: formatPath(issue.path) || '(file)', message: describeIssue(issue) });
  }
  return out;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_union' && 'discriminator' in issue && issue.discriminator) {
    return `unknown ${String(issue.discriminator)}; expected one of say, choice, rating, multi, text, photo, location, contact, commune, review, run, end, flow`;
  }
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => `'${k}'`).join(', ');
    return `unknown key(s) ${keys} (if this is a text: a comma inside { vi: …, en: … } splits it, write it in block style)`;
  }
  return issue.message;
}

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out ? `.${String(key)}` : String(key);
  }
  return out;
}

function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split('\\').join('/') : path;
}
