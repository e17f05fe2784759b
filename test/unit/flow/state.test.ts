/** The stored session: versions, damage, resuming, failures of named actions, nested flows. */
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { advance } from '../../../src/flow/advance.ts';
import { describeResume } from '../../../src/flow/describe-resume.ts';
import { parseFlowState } from '../../../src/flow/flow-state.ts';
import { createFlowRegistry, loadFlows } from '../../../src/flow/load-flows.ts';
import type { FlowState } from '../../../src/flow/types.ts';
import { ACTIONS, Chat, LONG_TEXT, SOURCES, fakeRuntime, plain, realFlows } from './support.ts';

const flows = realFlows();
const NAMES = { actions: ACTIONS, sources: SOURCES };

describe('versions', () => {
  it('restarts politely when the version a session started on is gone', async () => {
    const { runtime } = fakeRuntime();
    const chat = new Chat(flows, runtime);
    await chat.start('report', { unitCode: '12345' });
    await chat.press('Phản ánh');
    const old = { ...chat.state!, flowVersion: 99 };
    const r = await advance(flows, old, { type: 'text', text: 'Khác' }, runtime);
    expect(r.outcome).toBe('restarted');
    expect(r.replies.map((x) => plain(x.text)).join('\n')).toContain(
      'bộ câu hỏi vừa được cập nhật',
    );
    expect(r.state).toMatchObject({
      flowId: 'report',
      flowVersion: 3,
      stepId: 'kind',
      answers: {},
    });
    expect(r.state?.params).toEqual({ unitCode: '12345' });
    expect(r.state?.nonce).not.toBe(old.nonce);
  });

  it('lets a session finish on the archived version it started on', async () => {
    const registry = loadFlows(resolve(import.meta.dirname, 'fixtures', 'versions'), NAMES);
    const { runtime } = fakeRuntime();
    const chat = new Chat(registry, runtime);
    await chat.start('survey');
    expect(chat.state?.flowVersion).toBe(2);
    chat.state = { ...chat.state!, flowVersion: 1 };
    await chat.type('4');
    expect(chat.text()).toContain('Câu hỏi cũ (bản 1)?');
    await chat.type('5');
    expect(chat.text()).toContain('Cảm ơn (bản 1).');
  });

  it('restarts when the step is gone from the version', async () => {
    const { runtime } = fakeRuntime();
    const chat = new Chat(flows, runtime);
    await chat.start('report');
    const r = await advance(
      flows,
      { ...chat.state!, stepId: 'photoz' },
      { type: 'text', text: 'x' },
      runtime,
    );
    expect(r.outcome).toBe('restarted');
    expect(r.state?.stepId).toBe('kind');
  });

  it.each([
    ['not an object', 'hello'],
    ['an old shape', { flow: 'report', step: 3 }],
    [
      'a bad nonce',
      {
        v: 1,
        flowId: 'report',
        flowVersion: 1,
        stepId: 'kind',
        nonce: '../x',
        answers: {},
        params: {},
        history: [],
        stack: [],
        startedAt: '',
        updatedAt: '',
      },
    ],
    ['an answer that is not JSON (a number JSON cannot hold)', damagedAnswers({ n: Infinity })],
    [
      'an answer that is not JSON (undefined deep inside)',
      damagedAnswers({ a: [{ b: undefined }] }),
    ],
    ['an answer that is not JSON (an object of a class)', damagedAnswers({ d: new Date(0) })],
  ])('restarts at the menu from a damaged state (%s)', async (_name, damaged) => {
    const { runtime } = fakeRuntime();
    const r = await advance(
      flows,
      damaged as unknown as FlowState,
      { type: 'text', text: 'xin chào' },
      runtime,
    );
    expect(r.outcome).toBe('restarted');
    expect(r.state?.flowId).toBe('main');
  });
});

/** A state whose shape is right (see the test below) but whose answers hold `answers`. */
function damagedAnswers(answers: Record<string, unknown>) {
  return {
    v: 1,
    flowId: 'report',
    flowVersion: 3,
    stepId: 'kind',
    nonce: 'abc123',
    answers: { kind: 'phan_anh', photos: [{ fileId: 'f1' }], ...answers },
    params: {},
    history: [],
    stack: [],
    startedAt: '',
    updatedAt: '',
  };
}

it('takes back a state it made as it is, and checks the same state read back from JSON', async () => {
  const { runtime } = fakeRuntime();
  const chat = new Chat(flows, runtime);
  await chat.start('report');
  const made = chat.state!;
  expect(parseFlowState(made)).toBe(made);
  const read = JSON.parse(JSON.stringify(made)) as FlowState;
  expect(parseFlowState(read)).toEqual(made);
  expect(parseFlowState(read)).not.toBe(read);
  expect(parseFlowState({ ...read, nonce: '../x' })).toBe('invalid');
});

it('takes a state with any JSON in its answers as it is', async () => {
  const { runtime } = fakeRuntime();
  const state = damagedAnswers({ where: { lat: 20.5, lon: 106.3, note: null, ok: true } });
  const r = await advance(
    flows,
    state as unknown as FlowState,
    { type: 'text', text: 'xin chào' },
    runtime,
  );
  expect(r.outcome).not.toBe('restarted');
  expect(r.state?.flowId).toBe('report');
});

describe('describeResume', () => {
  it('says what the citizen was doing and how far they got', async () => {
    const { runtime } = fakeRuntime();
    const chat = new Chat(flows, runtime);
    await chat.start('report');
    await chat.press('Phản ánh');
    await chat.type('dong hung');
    await chat.press('Xã Đông Hưng');
    expect(chat.step()).toBe('category');
    expect(describeResume(flows, chat.state)).toBe('Ông/Bà đang gửi phản ánh (bước 3/10).');
    expect(describeResume(flows, chat.state, 'en')).toBe(
      'You were sending a report (step 3 of 10).',
    );
  });

  it('does not count a commune that came with the link, nor questions the answers rule out', async () => {
    const { runtime } = fakeRuntime();
    const chat = new Chat(flows, runtime);
    await chat.start('report', { unitCode: '12345' });
    await chat.press('Tố cáo');
    expect(describeResume(flows, chat.state)).toBe('Ông/Bà đang gửi phản ánh (bước 2/9).');
  });

  it('counts up to a question whose answer decides what follows, not the branch after it', async () => {
    const { runtime } = fakeRuntime();
    const chat = new Chat(flows, runtime);
    await chat.start('rate-commune', { unitCode: '12345' });
    await chat.press('5 – Rất hài lòng');
    await chat.press('4 – Hài lòng');
    // The five headline items, the overall item and "rate in detail?": the detailed part is
    // only counted once the citizen chose it.
    expect(describeResume(flows, chat.state)).toBe('Ông/Bà đang đánh giá chính quyền (bước 3/7).');
  });

  it('has nothing to say without a session', () => {
    expect(describeResume(flows, undefined)).toBeUndefined();
  });
});

describe('named actions that fail', () => {
  it('keep the state as it was, apologise, and let the citizen retry with the same key', async () => {
    const opts = { failSubmit: true };
    const { runtime, calls } = fakeRuntime(opts);
    const chat = new Chat(flows, runtime);
    await chat.start('report', { unitCode: '12345' });
    for (const typed of [
      'phan anh',
      '1',
      LONG_TEXT,
      'bo qua',
      'bo qua',
      'khong',
      'khong',
      'bo qua',
    ])
      await chat.type(typed);
    expect(chat.step()).toBe('review');
    const before = chat.state!;
    const submit = chat.button('Gửi').data;
    const r = await chat.send({ type: 'button', data: submit });
    expect(r.outcome).toBe('action-failed');
    expect(String(r.error)).toContain('database is down');
    expect(chat.text()).toContain('hệ thống đang bận');
    expect(chat.text()).toContain('Xin Ông/Bà xem lại trước khi gửi');
    expect(chat.state).toMatchObject({
      stepId: 'review',
      nonce: before.nonce,
      answers: before.answers,
    });

    opts.failSubmit = false;
    const again = await chat.send({ type: 'button', data: submit });
    expect(again.outcome).toBe('ended');
    expect(calls.actions.map((c) => c.ctx.runKey)).toEqual([
      `${before.nonce}.submit`,
      `${before.nonce}.submit`,
    ]);
  });

  it('a failing source keeps the citizen at the question before', async () => {
    const { runtime } = fakeRuntime();
    const chat = new Chat(flows, {
      ...runtime,
      sources: { ...runtime.sources, categories: () => Promise.reject(new Error('timeout')) },
    });
    await chat.start('report', { unitCode: '12345' });
    const r = await chat.press('Phản ánh');
    expect(r.outcome).toBe('action-failed');
    expect(chat.step()).toBe('kind');
    expect(chat.labels()).toContain('Phản ánh');
  });

  it('a runtime without a named action is a programming error, not a citizen problem', async () => {
    const { runtime } = fakeRuntime();
    const chat = new Chat(flows, { ...runtime, actions: {} });
    await chat.start('rate-counter', { unitCode: '12345' });
    for (let i = 0; i < 3; i++) await chat.type('5');
    await expect(chat.type('5')).rejects.toThrow(
      "flow action 'saveRating' is not provided by the runtime",
    );
  });
});

describe('without a session', () => {
  it('starts nothing when there is no default flow', async () => {
    const { runtime } = fakeRuntime();
    const r = await advance(
      flows,
      undefined,
      { type: 'text', text: 'alo' },
      { ...runtime, defaultFlowId: null },
    );
    expect(r).toMatchObject({ outcome: 'idle', state: undefined, replies: [] });
  });

  it('opens the menu for a link to a flow that does not exist', async () => {
    const { runtime } = fakeRuntime();
    const r = await advance(flows, undefined, { type: 'start', flowId: 'nope' }, runtime);
    expect(r.state?.flowId).toBe('main');
    expect(r.replies[0]?.text).toContain('đường dẫn này không còn dùng được');
  });
});

describe('flows that open other flows', () => {
  const yaml = (id: string, steps: string) =>
    `id: ${id}\nversion: 1\ntitle:\n  vi: Thử ${id}\n  en: Test ${id}\nsteps:\n${steps}`;
  const rating = (id: string) =>
    `  - id: ${id}\n    kind: rating\n    item: ${id}\n    prompt:\n      vi: Câu ${id}?\n      en: Q ${id}?\n`;
  const registry = createFlowRegistry(
    [
      {
        file: 'parent.yaml',
        text: yaml(
          'parent',
          rating('p1') +
            '  - id: call\n    kind: flow\n    flow: child\n    return: true\n    params:\n      from: "{{p1}}"\n' +
            rating('p2') +
            '  - id: bye\n    kind: end\n    text:\n      vi: Xong cha.\n      en: Parent done.\n',
        ),
      },
      {
        file: 'child.yaml',
        text: yaml(
          'child',
          rating('c1') +
            '  - id: done\n    kind: say\n    text:\n      vi: "Con xong, từ {{params.from}}."\n      en: Child done.\n',
        ),
      },
      {
        file: 'loop.yaml',
        text: yaml(
          'loop',
          '  - id: a\n    kind: say\n    next: a\n    text:\n      vi: Lặp lại.\n      en: Again.\n',
        ),
      },
    ],
    NAMES,
  );

  it('comes back to the calling flow and goes on after the call', async () => {
    const { runtime } = fakeRuntime();
    const chat = new Chat(registry, runtime);
    await chat.start('parent');
    await chat.type('4');
    expect(chat.state).toMatchObject({
      flowId: 'child',
      stepId: 'c1',
      params: { from: '4 – Hài lòng' },
    });
    expect(chat.state?.stack).toHaveLength(1);
    await chat.type('5');
    expect(chat.text()).toContain('Con xong, từ 4 – Hài lòng.');
    expect(chat.state).toMatchObject({ flowId: 'parent', stepId: 'p2', stack: [] });
    await chat.type('3');
    expect(chat.text()).toContain('Xong cha.');
    expect(chat.state).toBeUndefined();
  });

  it('goes back from the first question of the called flow to the caller', async () => {
    const { runtime } = fakeRuntime();
    const chat = new Chat(registry, runtime);
    await chat.start('parent');
    await chat.type('4');
    await chat.press('Quay lại');
    expect(chat.state).toMatchObject({ flowId: 'parent', stepId: 'p1', stack: [] });
  });

  it('fails loudly, not forever, on a flow that loops without asking', async () => {
    const { runtime } = fakeRuntime();
    await expect(
      advance(registry, undefined, { type: 'start', flowId: 'loop' }, runtime),
    ).rejects.toThrow(/steps without a question/);
  });

  it('keeps the menu reachable by Back from the first question of a flow opened from it', async () => {
    const { runtime } = fakeRuntime();
    const chat = new Chat(flows, runtime);
    await chat.start('main');
    await chat.press('Phản ánh của tôi');
    await chat.press('Quay lại');
    expect(chat.state).toMatchObject({ flowId: 'main', stepId: 'menu' });
  });
});

describe('the stored state', () => {
  it('is plain JSON and small', async () => {
    const { runtime } = fakeRuntime();
    const chat = new Chat(flows, runtime);
    await chat.start('report', { unitCode: '12345' });
    for (const typed of ['phan anh', '1', LONG_TEXT]) await chat.type(typed);
    const json = JSON.stringify(chat.state);
    expect(JSON.parse(json)).toEqual(chat.state);
    expect(json.length).toBeLessThan(2000);
  });
});

describe('start parameters', () => {
  it('keeps only a few short ones, since anyone can make a link', async () => {
    const { runtime } = fakeRuntime();
    const r = await advance(
      flows,
      undefined,
      { type: 'start', flowId: 'report', params: { unitCode: '12345', junk: 'x'.repeat(500) } },
      runtime,
    );
    expect(r.state?.params).toEqual({ unitCode: '12345' });
  });
});
