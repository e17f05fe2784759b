import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseDocument } from 'yaml';
import { FlowLoadError } from '../../../src/core/errors.ts';
import { ACTION_INPUTS } from '../../../src/app/citizen-actions.ts';
import { createFlowRegistry, loadFlows, parseFlowFiles } from '../../../src/flow/load-flows.ts';
import { FlowFile } from '../../../src/flow/schema.ts';
import { ACTIONS, FLOWS_DIR, SOURCES, realFlows } from './support.ts';

const NAMES = { actions: ACTIONS, sources: SOURCES };
const FIXTURES = resolve(import.meta.dirname, 'fixtures');

/** The names and the inputs each action declares, as the app loads the flows. */
const DECLARED = { ...NAMES, inputs: ACTION_INPUTS };

function realText(name: string): string {
  return readFileSync(join(FLOWS_DIR, name), 'utf8');
}

/** The real report flow with one change, loaded under its usual name. */
function reportWith(
  change: (doc: ReturnType<typeof parseDocument>) => void,
  names: Parameters<typeof createFlowRegistry>[1] = NAMES,
): () => unknown {
  const doc = parseDocument(realText('report.yaml'));
  change(doc);
  const files = ['main.yaml', 'rate-commune.yaml', 'rate-counter.yaml', 'my-reports.yaml'].map(
    (f) => ({
      file: `flows/${f}`,
      text: realText(f),
    }),
  );
  return () =>
    createFlowRegistry([...files, { file: 'flows/report.yaml', text: doc.toString() }], names);
}

function loadError(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(FlowLoadError);
    return (e as Error).message;
  }
  throw new Error('expected a FlowLoadError');
}

describe('the real flows', () => {
  it('load with the real action and source names', () => {
    const flows = realFlows();
    expect(flows.ids()).toEqual([
      'main',
      'my-reception',
      'my-reports',
      'rate-commune',
      'rate-counter',
      'reception',
      'report',
    ]);
    for (const flow of flows.all()) {
      expect(flow.version).toBeGreaterThanOrEqual(1);
      expect(flow.title.vi.length).toBeGreaterThan(0);
    }
  });

  it('write every Vietnamese text in NFC with diacritics, and every English text too', () => {
    const texts: Array<{ path: string; vi: string; en: string }> = [];
    const collect = (value: unknown, path: string) => {
      if (Array.isArray(value)) value.forEach((v, i) => collect(v, `${path}[${i}]`));
      else if (value && typeof value === 'object') {
        const o = value as Record<string, unknown>;
        if (typeof o['vi'] === 'string' && typeof o['en'] === 'string') {
          texts.push({ path, vi: o['vi'], en: o['en'] });
        } else for (const [k, v] of Object.entries(o)) collect(v, `${path}.${k}`);
      }
    };
    for (const flow of realFlows().all())
      collect({ title: flow.title, steps: flow.steps }, flow.id);
    expect(texts.length).toBeGreaterThan(100);
    for (const t of texts) {
      expect(t.vi.normalize('NFC'), t.path).toBe(t.vi);
      const words = t.vi.replace(/\{\{[^}]*\}\}/g, '').match(/\p{L}+/gu) ?? [];
      // Vietnamese without its marks is the mistake to catch: any text of two words or more
      // has at least one letter outside ASCII.
      if (words.length >= 2)
        expect(/[^ -~]/.test(words.join(' ')), `${t.path}: ${t.vi}`).toBe(true);
      expect(t.en.trim().length, t.path).toBeGreaterThan(0);
    }
  });

  it('use the exact headline and closing items of PRODUCT.md', () => {
    const rate = realFlows().get('rate-commune');
    // As a commune's citizen reads them: a ward's reads «phường» where the unit is named.
    const prompts = (
      rate?.steps.map((s) => ('prompt' in s ? s.prompt.vi : '')).join('\n') ?? ''
    ).replaceAll('{{commune | unit}}', 'xã');
    for (const item of [
      'Quy định thủ tục hành chính được niêm yết công khai tại trụ sở, dễ thấy, dễ hiểu.',
      'Cơ quan thông báo kết quả xử lý phản ánh, kiến nghị cho người dân kịp thời.',
      'Công chức có thái độ giao tiếp lịch sự, tôn trọng đối với người dân.',
      'Lãnh đạo xã trực tiếp chỉ đạo, phản hồi các phản ánh, kiến nghị của người dân kịp thời.',
      'Trụ sở sạch sẽ, văn minh.',
      'Nhìn chung, Ông/Bà hài lòng ở mức nào với sự phục vụ của chính quyền xã?',
    ]) {
      expect(prompts).toContain(item);
    }
  });
});

describe('actions declare what they read', () => {
  it('the real flows give every action what it declares', () => {
    expect(() => loadFlows(FLOWS_DIR, DECLARED)).not.toThrow();
  });

  it('a renamed step that submitReport reads fails when the flows load', () => {
    const message = loadError(
      reportWith((doc) => {
        expect(doc.getIn(['steps', 8, 'id'])).toBe('description');
        doc.setIn(['steps', 8, 'id'], 'details');
      }, DECLARED),
    );
    expect(message).toMatch(
      /flows\/report\.yaml: steps\[\d+\]\.action: action 'submitReport' reads the answer 'description', but no step of this flow is named 'description' \(renamed\?\)/,
    );
  });

  it('an arg the action does not take, or a value it cannot use', () => {
    const files = ['main.yaml', 'report.yaml', 'rate-counter.yaml', 'my-reports.yaml'].map((f) => ({
      file: `flows/${f}`,
      text: realText(f),
    }));
    const doc = parseDocument(realText('rate-commune.yaml'));
    const at = (doc.toJS() as { steps: Array<{ id: string }> }).steps.findIndex(
      (s) => s.id === 'quickSaved',
    );
    doc.setIn(['steps', at, 'args', 'kind'], 'quik');
    doc.setIn(['steps', at, 'args', 'mode'], 'fast');
    const message = loadError(() =>
      createFlowRegistry(
        [...files, { file: 'flows/rate-commune.yaml', text: doc.toString() }],
        DECLARED,
      ),
    );
    expect(message).toContain(
      `flows/rate-commune.yaml: steps[${at}].args.kind: 'quik' is not a valid kind for 'saveRating'`,
    );
    expect(message).toContain(
      `flows/rate-commune.yaml: steps[${at}].args.mode: action 'saveRating' takes no arg 'mode' (known: kind)`,
    );
  });
});

describe('loader errors name the file and the path', () => {
  it('a typo in a step reference', () => {
    const message = loadError(reportWith((doc) => doc.setIn(['steps', 3, 'next'], 'photoz')));
    expect(message).toContain("flows/report.yaml: steps[3].next: unknown step 'photoz'");
  });

  it('a typo in a step reference and an unknown action, read from disk', () => {
    const message = loadError(() => loadFlows(join(FIXTURES, 'typo'), NAMES));
    expect(message).toContain(
      "test/unit/flow/fixtures/typo/report.yaml: steps[3].next: unknown step 'photoz'",
    );
    expect(message).toContain(
      "test/unit/flow/fixtures/typo/report.yaml: steps[4].action: unknown action 'submitReprot' (known: submitReport, saveRating, showReport, checkCommune, findNearby, followReport, receptionOffers, bookReception, showBooking, cancelBooking)",
    );
  });

  it('an unknown source', () => {
    const message = loadError(reportWith((doc) => doc.setIn(['steps', 7, 'source'], 'categoriez')));
    expect(message).toContain("flows/report.yaml: steps[7].source: unknown source 'categoriez'");
  });

  it('a duplicate step id', () => {
    const message = loadError(reportWith((doc) => doc.setIn(['steps', 5, 'id'], 'commune')));
    expect(message).toContain("flows/report.yaml: steps[5].id: duplicate step id 'commune'");
  });

  it('an unknown kind of step', () => {
    const message = loadError(reportWith((doc) => doc.setIn(['steps', 5, 'kind'], 'essay')));
    expect(message).toMatch(/flows\/report\.yaml: steps\[5\]\.kind: unknown kind/);
  });

  it('an unknown key, as when a comma splits an inline { vi, en } text', () => {
    const run = () =>
      createFlowRegistry(
        [
          {
            file: 'flows/x.yaml',
            text: 'id: x\nversion: 1\ntitle: { vi: Gửi, nhận, en: Send }\nsteps:\n  - id: a\n    kind: end\n',
          },
        ],
        NAMES,
      );
    expect(loadError(run)).toContain("flows/x.yaml: title: unknown key(s) 'nhận'");
  });

  it('an unknown name in a text or a condition', () => {
    const message = loadError(
      reportWith((doc) => {
        doc.setIn(['steps', 24, 'text', 'vi'], 'Mã phiếu: {{sumbit.ticketCode}}');
        doc.setIn(['steps', 18, 'when', 'answer'], 'knd');
      }),
    );
    expect(message).toContain(
      "flows/report.yaml: steps[24].text.vi: unknown name '{{sumbit.ticketCode}}'",
    );
    expect(message).toContain("flows/report.yaml: steps[18].when: unknown answer 'knd'");
  });

  it('an unknown flow to jump to, and a flow id that is not the file name', () => {
    const main = parseDocument(realText('main.yaml'));
    main.setIn(['steps', 4, 'flow'], 'rate-comune');
    const run = () =>
      createFlowRegistry(
        [
          { file: 'flows/main.yaml', text: main.toString() },
          { file: 'flows/menu.yaml', text: realText('rate-counter.yaml') },
        ],
        NAMES,
      );
    const message = loadError(run);
    expect(message).toContain("flows/main.yaml: steps[3].flow: unknown flow 'rate-commune'");
    expect(message).toContain("flows/main.yaml: steps[4].flow: unknown flow 'rate-comune'");
    expect(message).toContain(
      "flows/menu.yaml: id: flow id 'rate-counter' does not match the file name 'menu'",
    );
  });

  it('text that is not NFC', () => {
    const message = loadError(
      reportWith((doc) => doc.setIn(['title', 'vi'], 'Gửi phản ánh'.normalize('NFD'))),
    );
    expect(message).toContain('flows/report.yaml: title.vi: text is not in Unicode NFC form');
  });

  it('broken YAML, with the line', () => {
    const run = () =>
      createFlowRegistry([{ file: 'flows/x.yaml', text: 'id: x\n  version: : 1\n' }], NAMES);
    expect(loadError(run)).toMatch(/^flows\/x\.yaml: .* at line \d+, column \d+/);
  });

  it('two files with the same flow version', () => {
    const text = realText('rate-counter.yaml');
    const run = () =>
      createFlowRegistry(
        [
          { file: 'flows/rate-counter.yaml', text },
          { file: 'flows/archive/rate-counter.v1.yaml', text },
          { file: 'flows/main.yaml', text: realText('main.yaml') },
        ],
        NAMES,
      );
    expect(loadError(run)).toContain('rate-counter v1 is also in flows/rate-counter.yaml');
  });
});

describe('versions', () => {
  it('keeps archived versions and serves the newest by default', () => {
    const flows = loadFlows(join(FIXTURES, 'versions'), NAMES);
    expect(flows.get('survey')?.version).toBe(2);
    expect(flows.get('survey', 1)?.steps.map((s) => s.id)).toEqual(['first', 'old', 'bye']);
    expect(flows.get('survey', 3)).toBeUndefined();
    expect(flows.all()).toHaveLength(2);
  });
});

describe('the YAML parsed at build (dist/flow/parsed-flows.json)', () => {
  const names = readdirSync(FLOWS_DIR).filter((f) => f.endsWith('.yaml'));
  const files = names.map((f) => ({ file: `flows/${f}`, text: realText(f) }));
  const main = files.find((f) => f.file === 'flows/main.yaml')!;
  const others = files.filter((f) => f !== main);
  const TITLE = { vi: 'Tiêu đề từ bộ nhớ đệm', en: 'From the cache' };

  it('holds every flow file, validated', () => {
    const parsed = parseFlowFiles(FLOWS_DIR);
    const archive = join(FLOWS_DIR, 'archive');
    const texts = [
      ...files.map((f) => f.text),
      ...readdirSync(archive)
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => readFileSync(join(archive, f), 'utf8')),
    ];
    for (const text of texts) {
      // As the start would have it after zod: defaults filled in, nothing left to check but names.
      expect(parsed[sha256(text)]).toEqual(FlowFile.parse(parse(text)));
    }
  });

  it('stands in for parsing a file whose text is unchanged', () => {
    const parsed = new Map<string, unknown>(Object.entries(parseFlowFiles(FLOWS_DIR)));
    // main.yaml's cached document with another title: proof the cache was read, not the text.
    const cached = structuredClone(parsed.get(sha256(main.text))) as { title: unknown };
    cached.title = TITLE;
    parsed.set(sha256(main.text), cached);
    const flows = createFlowRegistry(files, DECLARED, parsed);
    expect(flows.get('main')?.title).toEqual(TITLE);
    expect(flows.get('report')?.steps).toEqual(realFlows().get('report')?.steps);
  });

  it('is not used for a file edited since the build, which is parsed and validated', () => {
    const parsed = new Map<string, unknown>(Object.entries(parseFlowFiles(FLOWS_DIR)));
    const edited = main.text.replace('vi: Menu chính', 'vi: Menu đã sửa');
    expect(edited).not.toBe(main.text);
    const flows = createFlowRegistry([{ ...main, text: edited }, ...others], DECLARED, parsed);
    expect(flows.get('main')?.title).toEqual({ vi: 'Menu đã sửa', en: 'Main menu' });
    const broken = main.text.replace(/^version: \d+$/m, 'version: two');
    const message = loadError(() =>
      createFlowRegistry([{ ...main, text: broken }, ...others], DECLARED, parsed),
    );
    expect(message).toContain('flows/main.yaml: version:');
  });
});

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');
