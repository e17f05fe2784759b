/**
 * An in-memory runtime and a small chat driver for the flow engine tests: the real flows, fake
 * actions that remember their calls, a commune directory of a few units with old names.
 */
import { BUTTON_LINE } from '../../../src/flow/display-answer.ts';
import { resolve } from 'node:path';
import { htmlToPlain } from '../../../src/core/html.ts';
import { advance } from '../../../src/flow/advance.ts';
import { loadFlows } from '../../../src/flow/load-flows.ts';
import { foldVietnamese } from '../../../src/flow/text.ts';
import type {
  ActionContext,
  FlowButton,
  FlowInput,
  FlowRegistry,
  FlowResult,
  FlowRuntime,
  FlowState,
  SourceContext,
} from '../../../src/flow/types.ts';

export const FLOWS_DIR = resolve(import.meta.dirname, '../../../flows');
export const ACTIONS = [
  'submitReport',
  'saveRating',
  'showReport',
  'checkCommune',
  'findNearby',
  'followReport',
  'receptionOffers',
  'bookReception',
  'showBooking',
  'cancelBooking',
];
export const SOURCES = ['categories', 'myReports', 'nearbyReports', 'receptionDays', 'myBookings'];

export function realFlows(): FlowRegistry {
  return loadFlows(FLOWS_DIR, { actions: ACTIONS, sources: SOURCES });
}

export const UNITS = [
  {
    code: '12345',
    name: 'Xã Đông Hưng',
    province: 'Hưng Yên',
    aliases: ['xã Đông Xá', 'xã Đông Động'],
  },
  { code: '12346', name: 'Xã Đông Quan', province: 'Hưng Yên', aliases: ['xã Đông Quang'] },
  { code: '00070', name: 'Phường Hoàn Kiếm', province: 'Hà Nội', aliases: ['phường Hàng Trống'] },
  {
    code: '31105',
    name: 'Đặc khu Phú Quốc',
    province: 'An Giang',
    aliases: ['thành phố Phú Quốc'],
  },
];

export interface FakeCalls {
  actions: Array<{ name: string; ctx: ActionContext }>;
  sources: Array<{ name: string; ctx: SourceContext }>;
  searches: string[];
}

export interface FakeOptions {
  lang?: 'vi' | 'en';
  lastUnitCode?: string;
  replaced?: boolean;
  myReports?: Array<{ value: string; label: string }>;
  failSubmit?: boolean;
  /** checkCommune's answer: nobody reads reports in the commune (and is a province admin?). */
  unreachable?: { provinceAdmin: boolean };
  /** The categories source gives nothing (`gopy setup` not run). */
  noCategories?: boolean;
  /** bookReception finds the chosen day full this many times before it books. */
  receptionFull?: number;
  /** myBookings finds no upcoming meeting. */
  noBookings?: boolean;
}

export function fakeRuntime(opts: FakeOptions = {}): { runtime: FlowRuntime; calls: FakeCalls } {
  const calls: FakeCalls = { actions: [], sources: [], searches: [] };
  let seed = 1;
  const runtime: FlowRuntime = {
    lang: opts.lang ?? 'vi',
    now: new Date('2026-03-02T03:00:00Z'),
    random: () => {
      // Deterministic but different runs get different nonces.
      seed = (seed * 16807) % 2147483647;
      return seed / 2147483647;
    },
    ...(opts.lastUnitCode ? { lastUnitCode: async () => opts.lastUnitCode } : {}),
    actions: {
      async submitReport(ctx) {
        calls.actions.push({ name: 'submitReport', ctx });
        if (opts.failSubmit) throw new Error('database is down');
        return {
          ticketCode: 'PA-2026-000123',
          deadlineDays: 5,
          deadlineText: '5 ngày làm việc',
          dueDate: new Date('2026-03-09T10:00:00Z'),
        };
      },
      async saveRating(ctx) {
        calls.actions.push({ name: 'saveRating', ctx });
        return { replaced: opts.replaced ?? false };
      },
      async checkCommune() {
        return opts.unreachable
          ? { reachable: false, provinceAdmin: opts.unreachable.provinceAdmin }
          : { reachable: true, provinceAdmin: false };
      },
      // Nothing nearby; not recorded, so the submit stays the first action the tests read.
      async findNearby() {
        return { count: 0, list: '', reports: [] };
      },
      async followReport(ctx) {
        calls.actions.push({ name: 'followReport', ctx });
        return { followed: false };
      },
      async receptionOffers() {
        return {
          count: 2,
          list: '• Thứ Năm, 05/03/2026, 08:00–11:00: còn 1 lượt\n• Thứ Năm, 12/03/2026, 08:00–11:00: còn 6 lượt',
          days: [
            { value: '2026-03-05', label: 'Thứ Năm 05/03/2026 · 08:00–11:00' },
            { value: '2026-03-12', label: 'Thứ Năm 12/03/2026 · 08:00–11:00' },
          ],
        };
      },
      async bookReception(ctx) {
        calls.actions.push({ name: 'bookReception', ctx });
        const day = ctx.answers['dayAgain'] ?? ctx.answers['day'];
        const when = day === '2026-03-05' ? 'Thứ Năm, 05/03/2026' : 'Thứ Năm, 12/03/2026';
        if ((opts.receptionFull ?? 0) > 0) {
          opts.receptionFull = (opts.receptionFull ?? 0) - 1;
          return { result: 'full', when };
        }
        return { result: 'booked', when, time: '08:30', slotNo: 2, place: 'Trụ sở UBND xã' };
      },
      async showBooking(ctx) {
        calls.actions.push({ name: 'showBooking', ctx });
        return {
          found: true,
          text: '📅 Thứ Năm, 05/03/2026, lúc 08:30',
          when: 'Thứ Năm, 05/03/2026, lúc 08:30',
        };
      },
      async cancelBooking(ctx) {
        calls.actions.push({ name: 'cancelBooking', ctx });
        return { cancelled: true };
      },
      async showReport(ctx) {
        calls.actions.push({ name: 'showReport', ctx });
        const ticket = ctx.answers['report'];
        return { text: `Phiếu ${typeof ticket === 'string' ? ticket : '?'}: đang xử lý.` };
      },
    },
    sources: {
      async categories(ctx) {
        calls.sources.push({ name: 'categories', ctx });
        if (opts.noCategories) return [];
        return [
          { value: 'ha-tang', label: 'Hạ tầng, giao thông' },
          { value: 'moi-truong', label: 'Môi trường, rác thải' },
          { value: 'khac', label: 'Khác' },
        ];
      },
      async nearbyReports(ctx) {
        calls.sources.push({ name: 'nearbyReports', ctx });
        return [{ value: 'new', label: '📝 Vẫn gửi phiếu mới' }];
      },
      async receptionDays(ctx) {
        calls.sources.push({ name: 'receptionDays', ctx });
        const offers = ctx.answers[ctx.args['from'] ?? 'offers'] as {
          days?: Array<{ value: string; label: string }>;
        };
        return offers?.days ?? [];
      },
      async myBookings(ctx) {
        calls.sources.push({ name: 'myBookings', ctx });
        if (opts.noBookings) return [];
        return [{ value: '7', label: '📅 05/03/2026 08:30 · Xã Đông Hưng' }];
      },
      async myReports(ctx) {
        calls.sources.push({ name: 'myReports', ctx });
        return (
          opts.myReports ?? [
            { value: 'PA-2026-000123', label: 'PA-2026-000123 · Đang xử lý' },
            { value: 'KN-2026-000007', label: 'KN-2026-000007 · Đã trả lời' },
          ]
        );
      },
    },
    communes: {
      async search(query) {
        calls.searches.push(query);
        const q = foldVietnamese(query).replace(/^(xa|phuong) /, '');
        const out = [];
        for (const u of UNITS) {
          if (foldVietnamese(u.name).includes(q))
            out.push({ code: u.code, name: u.name, province: u.province });
          else {
            const alias = u.aliases.find((a) => foldVietnamese(a).includes(q));
            if (alias)
              out.push({ code: u.code, name: u.name, province: u.province, matchedAlias: alias });
          }
        }
        return out;
      },
      async get(code) {
        const u = UNITS.find((x) => x.code === code);
        return u ? { code: u.code, name: u.name, province: u.province } : undefined;
      },
    },
  };
  return { runtime, calls };
}

/** Plain text of a reply. */
export function plain(text: FlowResult['replies'][number]['text']): string {
  return htmlToPlain(text);
}

/** A conversation: sends inputs, keeps the state, finds buttons by label. */
export class Chat {
  state: FlowState | undefined;
  last!: FlowResult;
  readonly all: FlowResult[] = [];

  constructor(
    readonly flows: FlowRegistry,
    readonly runtime: FlowRuntime,
  ) {}

  async send(input: FlowInput): Promise<FlowResult> {
    // Round-trip through JSON, as the session store does.
    const stored =
      this.state === undefined ? undefined : (JSON.parse(JSON.stringify(this.state)) as FlowState);
    this.last = await advance(this.flows, stored, input, this.runtime);
    checkTelegramLimits(this.last);
    this.all.push(this.last);
    this.state = this.last.state;
    return this.last;
  }

  start(flowId: string, params?: Record<string, string>) {
    return this.send({ type: 'start', flowId, ...(params ? { params } : {}) });
  }

  type(text: string) {
    return this.send({ type: 'text', text });
  }

  /** Presses the button whose label contains `label` (folded), in the last replies. */
  press(label: string) {
    return this.send({ type: 'button', data: this.button(label).data });
  }

  /** Presses the button whose data ends with `.code` (b, x, s, d, ok, c0, 0, 1…). */
  pressCode(code: string) {
    const found = this.buttons().find((b) => b.data.endsWith(`.${code}`));
    if (!found) throw new Error(`no button with code ${code} in: ${this.labels().join(' | ')}`);
    return this.send({ type: 'button', data: found.data });
  }

  button(label: string): FlowButton {
    const want = foldVietnamese(label);
    const buttons = this.buttons();
    const exact = buttons.find((b) => foldVietnamese(b.label) === want);
    const found = exact ?? buttons.find((b) => foldVietnamese(b.label).includes(want));
    if (!found) {
      throw new Error(
        `no button "${label}" in: ${buttons.map((b) => b.label).join(' | ')}\n${this.text()}`,
      );
    }
    return found;
  }

  buttons(): FlowButton[] {
    return this.last.replies.flatMap((r) => (r.buttons ?? []).flat());
  }

  labels(): string[] {
    return this.buttons().map((b) => b.label);
  }

  text(): string {
    return this.last.replies.map((r) => plain(r.text)).join('\n---\n');
  }

  step(): string | undefined {
    return this.state?.stepId;
  }
}

/**
 * What every result must respect, whatever the flow: callback data ≤ 64 bytes, text ≤ 4096
 * characters, one keyboard per message, a state that survives JSON.
 */
export function checkTelegramLimits(result: FlowResult): void {
  for (const reply of result.replies) {
    const text = typeof reply.text === 'string' ? reply.text : reply.text.value;
    if (text.length === 0 || text.length > 4096) throw new Error(`bad text length ${text.length}`);
    const markups = [reply.buttons, reply.request, reply.removeKeyboard].filter(
      (m) => m !== undefined,
    );
    if (markups.length > 1)
      throw new Error(`two keyboards on one message: ${JSON.stringify(reply)}`);
    for (const b of (reply.buttons ?? []).flat()) {
      if (new TextEncoder().encode(b.data).length > 64)
        throw new Error(`callback data too long: ${b.data}`);
      if (!b.label) throw new Error('a button without label');
      // A button holds one line on a phone; a longer label is cut off mid-word.
      if ([...b.label].length > BUTTON_LINE)
        throw new Error(`button longer than one line (${[...b.label].length}): ${b.label}`);
    }
  }
  if (result.state) {
    const copy = JSON.parse(JSON.stringify(result.state)) as unknown;
    if (JSON.stringify(copy) !== JSON.stringify(result.state)) throw new Error('state is not JSON');
  }
}

/** The step the chat rests on, from the registry. */
export function currentStep(chat: Chat) {
  const state = chat.state;
  if (!state) throw new Error('no active flow');
  const flow = chat.flows.get(state.flowId, state.flowVersion);
  const index = flow?.index.get(state.stepId);
  const step = index === undefined ? undefined : flow?.steps[index];
  if (!flow || !step) throw new Error(`no step ${state.flowId}/${state.stepId}`);
  return { flow, step };
}

export const LONG_TEXT =
  'Đường làng đoạn qua thôn Đông bị sụt lún, rất nguy hiểm cho người đi xe máy.';

/**
 * Answers the current question the plain way a citizen would (the first option, "Hài lòng",
 * a photo then Xong…), in any language: buttons are found by their data, not their label.
 * `choose` picks an option by its value for given step ids.
 */
export async function answerCurrent(
  chat: Chat,
  choose: Record<string, string> = {},
): Promise<void> {
  const { step } = currentStep(chat);
  const wanted = choose[step.id];
  switch (step.kind) {
    case 'choice': {
      const options = chat.state?.view?.options ?? [];
      const index = wanted === undefined ? 0 : options.findIndex((o) => o.value === wanted);
      if (index < 0) throw new Error(`no option ${wanted} at ${step.id}`);
      await chat.pressCode(String(index));
      return;
    }
    case 'rating':
      await chat.pressCode('4');
      return;
    case 'multi':
      await chat.pressCode('0');
      await chat.pressCode('d');
      return;
    case 'text':
      await chat.type(LONG_TEXT);
      return;
    case 'photo':
      await chat.send({ type: 'photo', fileId: 'photo-1', fileUniqueId: 'u-1', size: 1000 });
      await chat.pressCode('d');
      return;
    case 'location':
      await chat.send({ type: 'location', latitude: 20.55, longitude: 106.33 });
      return;
    case 'contact':
      await chat.send({ type: 'contact', phone: '+84912345678' });
      return;
    case 'commune':
      if (!chat.buttons().some((b) => b.data.endsWith('.c0'))) await chat.type('dong hung');
      await chat.pressCode('c0');
      return;
    case 'review':
      await chat.pressCode('ok');
      return;
    case 'say':
    case 'run':
    case 'end':
    case 'flow':
      throw new Error(`not a question: ${step.kind}`);
  }
}

const CONTROL_LABELS = [
  '◀ Quay lại',
  '✖ Hủy',
  'Bỏ qua',
  '✅ Xong',
  '🗑 Xóa ảnh đã gửi',
  '🔎 Tìm lại',
];

/** The buttons of the current question that are answers, not controls. */
export function optionButtons(chat: Chat): FlowButton[] {
  return chat.buttons().filter((b) => !CONTROL_LABELS.includes(b.label));
}

export interface Checkpoint {
  flowId: string;
  stepId: string;
  state: FlowState;
  last: FlowResult;
}

/**
 * Walks from `start` to the end of the conversation, answering each question; returns the
 * questions met, each with the state and the result that asked it.
 */
export async function walk(
  chat: Chat,
  start: () => Promise<unknown>,
  choose: Record<string, string> = {},
  /** Stop after this many questions instead of failing (for flows that loop back to the menu). */
  limit?: number,
): Promise<Checkpoint[]> {
  const seen: Checkpoint[] = [];
  await start();
  for (let i = 0; i < (limit ?? 80) && chat.state; i++) {
    const s = chat.state;
    seen.push({ flowId: s.flowId, stepId: s.stepId, state: structuredClone(s), last: chat.last });
    await answerCurrent(chat, choose);
  }
  if (chat.state && limit === undefined) throw new Error('the walk did not end');
  return seen;
}

/** A chat resumed at a checkpoint. */
export function resumeAt(flows: FlowRegistry, runtime: FlowRuntime, at: Checkpoint): Chat {
  const chat = new Chat(flows, runtime);
  chat.state = structuredClone(at.state);
  chat.last = at.last;
  return chat;
}
