/**
 * What every implementation of Open311's store (app/ports/open311-store.ts) must do, run against
 * the in-memory one (test/unit/ports) and the PostgreSQL one (test/integration/ports): a key
 * counts until revoked; only reports their citizen made public, of a kind that may be, ever
 * leave, newest first, by ticket, commune, category, status and time; a posted update is
 * recorded once per key and update_id, in the report's thread and as a public change.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubmissionKind } from '../../../src/core/submission-kinds.ts';
import type { Open311KeyRecord, Open311Store } from '../../../src/app/ports/open311-store.ts';
import type { ReportHistory } from '../../../src/app/ports/report-thread.ts';
import { DIRECTORY_UNITS } from './official-directory-contract.ts';

export interface Open311StoreFixture {
  store: Open311Store;
  history: ReportHistory;
  addKey(input: {
    name: string;
    keyHash: string;
    unitCode?: string;
    provinceCode?: string;
  }): Promise<Open311KeyRecord>;
  revokeKey(id: number): Promise<boolean>;
  /** A road report ("Giao thông") just submitted from a citizen's chat. */
  addReport(input: {
    citizenChatId: string;
    unitCode: string;
    kind?: SubmissionKind;
    isPublic: boolean;
  }): Promise<{ id: number; ticketCode: string }>;
  close(): Promise<void>;
}

const HOUR = 3_600_000;
const { home, neighbour, far } = DIRECTORY_UNITS;

export function describeOpen311StoreContract(
  name: string,
  make: () => Promise<Open311StoreFixture>,
): void {
  describe(`Open311Store contract: ${name}`, () => {
    let f: Open311StoreFixture;
    let shown: { id: number; ticketCode: string };
    let shownNeighbour: { id: number; ticketCode: string };
    let shownFar: { id: number; ticketCode: string };
    let hidden: { id: number; ticketCode: string };
    let personal: { id: number; ticketCode: string };
    const range = () => ({
      start: new Date(Date.now() - HOUR),
      end: new Date(Date.now() + HOUR),
      limit: 100,
      offset: 0,
    });
    beforeAll(async () => {
      f = await make();
      shown = await f.addReport({ citizenChatId: '971', unitCode: home.code, isPublic: true });
      hidden = await f.addReport({ citizenChatId: '972', unitCode: home.code, isPublic: false });
      personal = await f.addReport({
        citizenChatId: '973',
        unitCode: home.code,
        kind: 'khieu-nai',
        isPublic: true,
      });
      shownNeighbour = await f.addReport({
        citizenChatId: '974',
        unitCode: neighbour.code,
        isPublic: true,
      });
      shownFar = await f.addReport({ citizenChatId: '975', unitCode: far.code, isPublic: true });
    });
    afterAll(async () => {
      await f.close();
    });

    it('finds a key by its hash until it is revoked', async () => {
      const key = await f.addKey({
        name: 'Hệ thống một cửa',
        keyHash: 'hash-1',
        unitCode: home.code,
      });
      expect(await f.store.activeKeyByHash('hash-1')).toMatchObject({
        id: key.id,
        name: 'Hệ thống một cửa',
        unitCode: home.code,
        provinceCode: null,
        revokedAt: null,
      });
      expect(await f.store.activeKeyByHash('hash-unknown')).toBeUndefined();
      expect(await f.revokeKey(key.id)).toBe(true);
      expect(await f.revokeKey(key.id)).toBe(false);
      expect(await f.store.activeKeyByHash('hash-1')).toBeUndefined();
    });

    it('lists only public reports of a kind that may be public, newest first', async () => {
      const rows = await f.store.publicReports(range());
      expect(rows.map((r) => r.id)).toEqual([shownFar.id, shownNeighbour.id, shown.id]);
      expect(rows.map((r) => r.id)).not.toContain(hidden.id);
      expect(rows.map((r) => r.id)).not.toContain(personal.id);
      expect(rows[2]).toMatchObject({
        ticketCode: shown.ticketCode,
        kind: 'phan-anh',
        isPublic: true,
        status: 'submitted',
        categoryCode: 'giao-thong',
        categoryVi: 'Giao thông',
        unitCode: home.code,
        unitName: home.name,
        resolvedAt: null,
        answer: null,
      });
    });

    it('filters by ticket, commune, category, status and time, a page at a time', async () => {
      const ids = async (filter: Partial<Parameters<Open311Store['publicReports']>[0]>) =>
        (await f.store.publicReports({ ...range(), ...filter })).map((r) => r.id);
      expect(await ids({ ticketCodes: [shownNeighbour.ticketCode, hidden.ticketCode] })).toEqual([
        shownNeighbour.id,
      ]);
      expect(await ids({ unitCodes: [home.code, neighbour.code] })).toEqual([
        shownNeighbour.id,
        shown.id,
      ]);
      expect(await ids({ categoryCode: 'moi-truong' })).toEqual([]);
      expect(await ids({ statuses: ['resolved', 'closed'] })).toEqual([]);
      expect(await ids({ statuses: ['submitted'] })).toHaveLength(3);
      expect(await ids({ limit: 1, offset: 1 })).toEqual([shownNeighbour.id]);
      expect(await ids({ end: new Date(Date.now() - HOUR / 2) })).toEqual([]);
    });

    it("gives a report's commune and province for a key's scope", async () => {
      expect(await f.store.reportScope(shownFar.ticketCode)).toEqual({
        id: shownFar.id,
        unitCode: far.code,
        provinceCode: far.provinceCode,
      });
      expect(await f.store.reportScope('PA-1999-000001')).toBeUndefined();
    });

    it('records a posted update once per key and update_id, in the thread and as a public change', async () => {
      const key = await f.addKey({ name: 'Một cửa tỉnh', keyHash: 'hash-2', provinceCode: '33' });
      const other = await f.addKey({ name: 'Một cửa xã', keyHash: 'hash-3', unitCode: home.code });
      const at = new Date();
      const update = {
        keyId: key.id,
        updateId: 'u-1',
        reportId: shown.id,
        status: 'in_progress',
        text: 'Xã đã giao cho đội giao thông xử lý.',
        at,
      };
      const first = await f.store.recordInboundUpdate(update);
      expect(first).toMatchObject({ type: 'recorded' });
      expect(await f.store.recordInboundUpdate({ ...update, text: 'Lần hai' })).toEqual({
        type: 'duplicate',
      });
      const second = await f.store.recordInboundUpdate({
        ...update,
        keyId: other.id,
        status: 'closed',
        text: 'Đã vá xong.',
        at: new Date(at.getTime() + 1000),
      });
      expect(second).toMatchObject({ type: 'recorded' });
      await f.store.recordInboundUpdate({ ...update, updateId: 'u-hidden', reportId: hidden.id });

      const thread = await f.history.thread(shown.id, false);
      expect(thread.map((m) => [m.direction, m.authorKind, m.text])).toEqual([
        ['out', 'system', 'Xã đã giao cho đội giao thông xử lý.'],
        ['out', 'system', 'Đã vá xong.'],
      ]);
      if (first.type !== 'recorded') throw new Error('unreachable');
      expect(thread[0]?.id).toBe(first.threadMessageId);

      const changes = await f.store.publicEvents({ ...range(), types: ['open311-update'] });
      expect(changes.map((e) => [e.reportId, e.data['status'], e.data['answer']])).toEqual([
        [shown.id, 'in_progress', 'Xã đã giao cho đội giao thông xử lý.'],
        [shown.id, 'closed', 'Đã vá xong.'],
      ]);
      expect(changes[0]).toMatchObject({
        eventId: first.eventId,
        ticketCode: shown.ticketCode,
        type: 'open311-update',
      });
      expect(await f.store.publicEvents({ ...range(), types: ['resolved'] })).toEqual([]);
      expect(
        await f.store.publicEvents({ ...range(), types: ['open311-update'], limit: 1 }),
      ).toHaveLength(1);
    });
  });
}
