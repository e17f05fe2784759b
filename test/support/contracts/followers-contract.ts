/**
 * What every implementation of the followers (app/ports/followers.ts) must do, run against the
 * in-memory one (test/unit/ports) and the PostgreSQL one (test/integration/ports): the open
 * reports of the same problem nearby (never the citizen's own, never a personal kind, never a
 * closed or an old one), one follow per citizen and report with their words kept as a note for
 * officials only, and a duplicate that closes and hands its citizens to the original.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SubmissionKind } from '../../../src/core/submission-kinds.ts';
import type { Followers } from '../../../src/app/ports/followers.ts';
import type { ReportStore } from '../../../src/app/ports/report-store.ts';
import type { ReportHistory } from '../../../src/app/ports/report-thread.ts';

export interface FollowersFixture {
  followers: Followers;
  store: ReportStore & ReportHistory;
  /** A citizen writing from a Telegram chat. */
  addCitizen(chatId: string): Promise<number>;
  /** A road report ("giao-thong", radius 250 m) just submitted from the citizen's chat. */
  addReport(input: {
    citizenChatId: string;
    kind?: SubmissionKind;
    latitude?: number;
    longitude?: number;
  }): Promise<number>;
  close(): Promise<void>;
}

/** A crossroads of Xã Bắc Đông Hưng, and points so many metres north of it. */
const HERE = { latitude: 20.5, longitude: 106.3 };
const north = (metres: number) => ({
  latitude: HERE.latitude + metres / 111_195,
  longitude: HERE.longitude,
});
const DAY = 86_400_000;

/** The asking citizen of nearby(): their own chat account. */
const ME = { channel: 'telegram', externalId: '941' };

export function describeFollowersContract(
  name: string,
  make: () => Promise<FollowersFixture>,
): void {
  describe(`Followers contract: ${name}`, () => {
    let f: FollowersFixture;
    beforeAll(async () => {
      f = await make();
    });
    afterAll(async () => {
      await f.close();
    });
    const close = async (id: number) => {
      const done = await f.store.record(
        id,
        ['submitted'],
        { status: 'closed', closedAt: new Date() },
        { type: 'closed', actorKind: 'system' },
      );
      expect(done).toBeDefined();
    };

    it('offers the open reports of the same problem nearby, nearest first, three at most', async () => {
      await f.addCitizen('941');
      await f.addCitizen('942');
      const at10 = await f.addReport({ citizenChatId: '942', ...north(10) });
      const at120 = await f.addReport({ citizenChatId: '942', ...north(120) });
      const at60 = await f.addReport({ citizenChatId: '942', ...north(60) });
      const at90 = await f.addReport({ citizenChatId: '942', ...north(90) });
      await f.addReport({ citizenChatId: '942', ...north(400) }); // beyond the radius
      await f.addReport({ citizenChatId: '941', ...north(5) }); // the citizen's own
      await f.addReport({ citizenChatId: '942', kind: 'khieu-nai', ...north(7) }); // personal
      const closed = await f.addReport({ citizenChatId: '942', ...north(8) });
      await close(closed);
      const now = new Date();

      const near = await f.followers.nearby({
        categoryCode: 'giao-thong',
        ...HERE,
        citizen: ME,
        now,
      });
      expect(near.map((r) => r.id)).toEqual([at10, at60, at90]);
      expect(near[0]?.distanceM).toBeCloseTo(10, 0);
      expect(near[0]).toMatchObject({ status: 'submitted' });
      // Sent just now, whatever the process's time zone ("sent 7 hours ago" would be wrong).
      expect(Math.abs(near[0]!.createdAt.getTime() - now.getTime())).toBeLessThan(60_000);
      expect(near.map((r) => r.id)).not.toContain(at120); // fourth nearest: over the limit
      // Another category's problem, or a month later: nothing.
      expect(
        await f.followers.nearby({ categoryCode: 'moi-truong', ...HERE, citizen: ME, now }),
      ).toEqual([]);
      const later = new Date(now.getTime() + 31 * DAY);
      expect(
        await f.followers.nearby({
          categoryCode: 'giao-thong',
          ...HERE,
          citizen: ME,
          now: later,
        }),
      ).toEqual([]);
    });

    it("follows a report once, keeping the follower's words as a note the citizen never sees", async () => {
      const owner = await f.addCitizen('951');
      const follower = await f.addCitizen('952');
      const report = await f.addReport({ citizenChatId: '951' });
      const at = new Date();
      const input = {
        reportId: report,
        citizenId: follower,
        text: 'Nhà tôi cũng bị ngập.',
        photoFileIds: ['photo-952'],
        at,
      };
      const first = await f.followers.follow(input);
      expect(first).toMatchObject({ status: 'submitted', created: true });
      expect(first?.ticketCode).toBe((await f.store.get(report))?.ticketCode);
      expect(await f.followers.follow(input)).toMatchObject({ created: false });

      const notes = (await f.store.thread(report, true)).filter((m) => m.direction === 'note');
      expect(notes).toHaveLength(1);
      expect(notes[0]?.text).toContain('Nhà tôi cũng bị ngập.');
      expect(notes[0]?.photoFileIds).toEqual(['photo-952']);
      expect(await f.store.thread(report, false)).toEqual([]);

      // Nobody follows their own report, a closed one or one that does not exist.
      expect(await f.followers.follow({ ...input, citizenId: owner })).toBeUndefined();
      expect(await f.followers.follow({ ...input, reportId: report + 100_000 })).toBeUndefined();

      expect(await f.followers.followerInChat(report, '952')).toEqual({
        citizenId: follower,
        verdict: null,
      });
      expect(await f.followers.followerInChat(report, '951')).toBeUndefined();
      await f.followers.setVerdict(report, follower, 'partly');
      await f.followers.setVerdict(report, follower, 'no');
      expect((await f.followers.followerInChat(report, '952'))?.verdict).toBe('no');
    });

    it('closes a duplicate and makes its citizen and followers follow the original, once', async () => {
      await f.addCitizen('961');
      const dupCitizen = await f.addCitizen('962');
      const dupFollower = await f.addCitizen('963');
      const original = await f.addReport({ citizenChatId: '961' });
      const duplicate = await f.addReport({ citizenChatId: '962' });
      await f.followers.follow({
        reportId: duplicate,
        citizenId: dupFollower,
        text: '',
        photoFileIds: [],
        at: new Date(),
      });
      const noticed: number[] = [];
      const input = {
        duplicateId: duplicate,
        originalId: original,
        officialId: 1,
        at: new Date(),
        notice: (r: { citizenId: number }) => void noticed.push(r.citizenId),
      };
      const marked = await f.followers.markDuplicate(input);
      expect(marked?.eventId).toBeGreaterThan(0);
      expect(noticed).toEqual([dupCitizen]);
      expect(await f.store.get(duplicate)).toMatchObject({
        status: 'closed',
        verdict: 'duplicate',
      });
      expect((await f.store.events(duplicate)).at(-1)).toMatchObject({
        type: 'duplicate',
        actorKind: 'official',
        data: { originalId: original },
      });
      expect((await f.followers.followerInChat(original, '962'))?.citizenId).toBe(dupCitizen);
      expect((await f.followers.followerInChat(original, '963'))?.citizenId).toBe(dupFollower);
      // Closed already: a second mark changes nothing.
      expect(await f.followers.markDuplicate(input)).toBeUndefined();
    });
  });
}
