/**
 * Open311 (app/open311/open311.ts) on the in-memory ports: a connected system's request becomes
 * a report of the commune, public only when asked; the update it posts joins the report's
 * thread, reaches a citizen who wrote from a chat, and comes back in the updates; a key serves
 * its own commune or province only, and a private report never leaves.
 */
import { describe, expect, it } from 'vitest';
import { createOpen311 } from '../../../../src/app/open311/open311.ts';
import { hashApiKey } from '../../../../src/app/open311/api-keys.ts';
import { createSubmitReport } from '../../../../src/app/submit-report.ts';
import type { UnitRecord } from '../../../../src/app/ports/units.ts';
import { isSubmissionKind } from '../../../../src/core/submission-kinds.ts';
import { DEFAULT_CALENDAR } from '../../../../src/core/working-days.ts';
import { aReport } from '../../../support/report-fixture.ts';
import {
  createMemoryCategories,
  createMemoryCitizens,
  createMemorySubmission,
  createMemoryUnits,
} from '../../../support/memory/citizen-submission.ts';
import { createMemoryOpen311Store } from '../../../support/memory/open311-store.ts';
import { createMemoryOutbox } from '../../../support/memory/outbox.ts';
import { createMemoryReports } from '../../../support/memory/report-store.ts';
import { ROADS } from '../../../support/memory/reference-data.ts';

const NOW = new Date('2026-03-03T02:00:00Z'); // Tuesday 09:00 in Vietnam
const HOME: UnitRecord = {
  code: '12694',
  name: 'Xã Bắc Đông Hưng',
  type: 'commune',
  provinceCode: '33',
  province: 'Tỉnh Hưng Yên',
};
const NEIGHBOUR: UnitRecord = { ...HOME, code: '12697', name: 'Xã Đông Hưng' };
const WARD: UnitRecord = { ...HOME, code: '11980', name: 'Phường Hồng Châu', type: 'ward' };
const HOME_KEY = 'khoa-mot-cua-bac-dong-hung';
const PROVINCE_KEY = 'khoa-mot-cua-hung-yen';

function setup() {
  const units = [HOME, NEIGHBOUR, WARD];
  const citizens = createMemoryCitizens();
  const submission = createMemorySubmission();
  const reports = createMemoryReports();
  const store = createMemoryOpen311Store(reports);
  const outbox = createMemoryOutbox();
  /** A committed report, as the database then holds it for the desk and for Open311. */
  const committed = async (id: number) => {
    const r = submission.reports.find((x) => x.id === id)!;
    const unit = units.find((u) => u.code === r.unitCode)!;
    const citizen = citizens.all.find((c) => c.id === r.citizenId)!;
    reports.add(
      aReport({
        id,
        ticketCode: r.ticketCode,
        kind: isSubmissionKind(r.kind) ? r.kind : 'phan-anh',
        status: 'submitted',
        unitCode: unit.code,
        unitName: unit.name,
        text: r.text,
        citizenChannel: citizen.channel === 'open311' ? 'open311' : 'telegram',
        citizenChatId: citizen.chatId,
        dueAt: r.dueAt,
        createdAt: NOW,
      }),
      citizen.id,
    );
    store.addReport({
      id,
      ticketCode: r.ticketCode,
      kind: r.kind,
      isPublic: r.isPublic ?? false,
      status: 'submitted',
      categoryCode: r.categoryCode,
      categoryVi: ROADS.nameVi,
      unitCode: unit.code,
      unitName: unit.name,
      provinceCode: unit.provinceCode,
      text: r.text,
      latitude: r.latitude ?? null,
      longitude: r.longitude ?? null,
      address: r.address ?? null,
      createdAt: NOW,
      updatedAt: NOW,
      dueAt: r.dueAt,
      resolvedAt: null,
      resultType: null,
      answer: null,
      firstPhotoFileId: null,
    });
  };
  const submitReport = createSubmitReport({
    citizens,
    reports: submission,
    categories: createMemoryCategories([ROADS]),
    units: createMemoryUnits(units),
    calendar: DEFAULT_CALENDAR,
    onReportCommitted: committed,
  });
  const homeKey = store.addKey({
    name: 'Một cửa xã',
    keyHash: hashApiKey(HOME_KEY),
    unitCode: HOME.code,
  });
  store.addKey({ name: 'Một cửa tỉnh', keyHash: hashApiKey(PROVINCE_KEY), provinceCode: '33' });
  const open311 = createOpen311({
    repo: store,
    categories: createMemoryCategories([ROADS]),
    units: createMemoryUnits(units),
    submitReport,
    workflow: reports,
    outbox,
    publicUrl: () => 'https://gopy.example.gov.vn',
    now: () => NOW,
  });
  const request = (overrides: Parameters<typeof open311.createRequest>[0] = {}) =>
    open311.createRequest({
      api_key: HOME_KEY,
      service_code: 'giao-thong',
      description: 'Ổ gà lớn trên đường liên thôn, đoạn trước trường tiểu học.',
      lat: '20.5',
      long: '106.3',
      attribute: { public: 'true' },
      ...overrides,
    });
  return { open311, store, reports, submission, outbox, homeKey, request, submitReport };
}

const ok = <T>(result: { type: 'ok'; value: T } | { type: 'error'; description: string }): T => {
  if (result.type !== 'ok') throw new Error(`expected ok, got: ${result.description}`);
  return result.value;
};

/** The ticket code a posted request was given. */
const ticketOf = (record: Record<string, unknown>): string => {
  const ticket = record['service_request_id'];
  if (typeof ticket !== 'string') throw new Error('no service_request_id');
  return ticket;
};

describe('Open311: a request and its updates', () => {
  it('posts a request that becomes a public report of the commune, and its update comes back', async () => {
    const s = setup();
    const posted = ok(await s.request());
    const ticket = ticketOf(posted);
    expect(ticket).toMatch(/^PA-2026-\d{6}$/);
    // Five working days from Tuesday 3 March: Tuesday 10 March.
    expect(posted['service_notice']).toBe(
      'Đã tiếp nhận. UBND xã Bắc Đông Hưng trả lời trong 5 ngày làm việc, chậm nhất ngày 10/03/2026.',
    );
    expect(s.submission.reports[0]).toMatchObject({ unitCode: HOME.code, isPublic: true });

    const [shown] = ok(await s.open311.getRequest(ticket));
    expect(shown).toMatchObject({
      service_request_id: ticket,
      status: 'open',
      service_code: 'giao-thong',
      description: 'Ổ gà lớn trên đường liên thôn, đoạn trước trường tiểu học.',
      agency_responsible: 'UBND xã Bắc Đông Hưng',
    });

    const answered = ok(
      await s.open311.postUpdate({
        api_key: HOME_KEY,
        service_request_id: ticket,
        update_id: 'mc-1',
        status: 'in_progress',
        description: 'Xã đã giao đội giao thông vá ổ gà trong tuần.',
      }),
    );
    const updates = ok(
      await s.open311.listUpdates({
        start_date: '2026-03-02T00:00:00+07:00',
        end_date: '2026-03-04T00:00:00+07:00',
      }),
    );
    expect(updates).toEqual([
      expect.objectContaining({
        update_id: answered[0]?.['update_id'],
        service_request_id: ticket,
        status: 'in_progress',
        description: 'Xã đã giao đội giao thông vá ổ gà trong tuần.',
      }),
    ]);
    // The answer is in the report's thread; a system's citizen has no chat to be told in.
    expect((await s.reports.thread(s.submission.reports[0]!.id, false)).map((m) => m.text)).toEqual(
      ['Xã đã giao đội giao thông vá ổ gà trong tuần.'],
    );
    expect(s.outbox.deliveries).toEqual([]);
  });

  it('says «UBND phường», not «UBND xã», in a ward’s report’s updates', async () => {
    const s = setup();
    const ward = ticketOf(
      ok(await s.request({ api_key: PROVINCE_KEY, jurisdiction_id: WARD.code })),
    );
    for (const r of s.submission.reports)
      for (const type of ['acknowledged', 'extended'])
        s.store.addEvent({ reportId: r.id, type, at: NOW });
    const updates = ok(
      await s.open311.listUpdates({
        start_date: '2026-03-02T00:00:00+07:00',
        end_date: '2026-03-04T00:00:00+07:00',
      }),
    );
    const said = (ticket: string) =>
      updates.filter((u) => u['service_request_id'] === ticket).map((u) => u['description']);
    expect(said(ward)).toEqual([
      'UBND phường đã tiếp nhận và đang xử lý.',
      'UBND phường gia hạn thời gian xử lý.',
    ]);
  });

  it('refuses the same update_id a second time, and records nothing more', async () => {
    const s = setup();
    const ticket = ticketOf(ok(await s.request()));
    const update = {
      api_key: HOME_KEY,
      service_request_id: ticket,
      update_id: 'mc-2',
      status: 'fixed',
      description: 'Đã vá xong ổ gà.',
    };
    ok(await s.open311.postUpdate(update));
    expect(await s.open311.postUpdate(update)).toMatchObject({ type: 'error', status: 400 });
    expect(await s.reports.thread(1, false)).toHaveLength(1);
  });

  it('brings an update to a citizen who wrote from a chat, with a button to answer', async () => {
    const s = setup();
    const submitted = await s.submitReport({
      submissionKey: 'chat-1',
      citizen: {
        channel: 'telegram',
        externalId: '7001',
        chatId: '7001',
        displayName: 'Lan',
        language: 'vi',
      },
      kind: 'phan-anh',
      unitCode: HOME.code,
      categoryCode: ROADS.code,
      text: 'Cống thoát nước trước chợ bị tắc, nước tràn ra đường.',
      anonymous: false,
      isPublic: false,
      photos: [],
      flowId: 'report',
      flowVersion: 1,
      now: NOW,
      lang: 'vi',
    });
    if (submitted.type !== 'submitted') throw new Error(submitted.type);
    ok(
      await s.open311.postUpdate({
        api_key: PROVINCE_KEY,
        service_request_id: submitted.ticketCode,
        update_id: 'tinh-1',
        status: 'in_progress',
        description: 'Huyện đã cử xe hút bùn đến thông cống.',
      }),
    );
    const [notice] = s.outbox.to('7001');
    expect(notice?.link).toEqual({ kind: 'answer', reportId: submitted.id });
    expect(s.outbox.textsTo('7001')[0]).toContain('Huyện đã cử xe hút bùn đến thông cống.');
    expect(s.outbox.textsTo('7001')[0]).toContain(submitted.ticketCode);
  });
});

describe('Open311: what a key may do', () => {
  it("refuses a commune's key for another commune, and a revoked or unknown key", async () => {
    const s = setup();
    expect(await s.request({ jurisdiction_id: NEIGHBOUR.code })).toMatchObject({
      type: 'error',
      status: 403,
    });
    // The province's key may post to any commune of its province.
    const ticket = ticketOf(
      ok(await s.request({ api_key: PROVINCE_KEY, jurisdiction_id: NEIGHBOUR.code })),
    );
    expect(
      await s.open311.postUpdate({
        api_key: HOME_KEY,
        service_request_id: ticket,
        update_id: 'x-1',
        status: 'fixed',
        description: 'Đã xử lý.',
      }),
    ).toMatchObject({ type: 'error', status: 403 });
    expect(await s.reports.thread(1, false)).toEqual([]);

    s.store.revokeKey(s.homeKey.id, NOW);
    expect(await s.request()).toMatchObject({ type: 'error', status: 403 });
    expect(await s.request({ api_key: 'khoa-khong-co' })).toMatchObject({
      type: 'error',
      status: 403,
    });
    expect(s.submission.reports).toHaveLength(1);
  });

  it('never shows a report its citizen did not make public: it answers as if none existed', async () => {
    const s = setup();
    const ticket = ticketOf(ok(await s.request({ attribute: { public: 'false' } })));
    expect(await s.open311.getRequest(ticket)).toMatchObject({ type: 'error', status: 404 });
    const listed = ok(await s.open311.listRequests({}));
    expect(listed.map((r) => r['service_request_id'])).not.toContain(ticket);
    // Made public, a report is listed (the same query sees it).
    const shown = ticketOf(ok(await s.request()));
    expect(ok(await s.open311.listRequests({})).map((r) => r['service_request_id'])).toEqual([
      shown,
    ]);
  });
});
