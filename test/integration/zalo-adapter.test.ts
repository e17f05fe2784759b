/**
 * The Zalo adapter against the project's fake Zalo OA, on the real gopy (PostgreSQL, Redis,
 * queues): the webhook's signature and duplicates, the reply window's 8 replies, and the OA's
 * tokens (one refresh for concurrent callers, a refresh before expiry, -216 refreshed and
 * retried once).
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createZaloTokens } from '../../src/channels/zalo/zalo-tokens.ts';
import { createLogger } from '../../src/logger.ts';
import { createZaloRepository } from '../../src/persistence/zalo-repository.ts';
import { createFakeZaloOa, zaloId, type FakeZaloOa } from '../../src/simulator/fake-zalo-oa.ts';
import { startHarness, type Harness } from '../support/gopy-harness.ts';
import { until } from '../support/until.ts';
import { zaloCitizen, zaloEnv } from '../support/zalo-citizen.ts';

let h: Harness;
let zalo: FakeZaloOa;

beforeAll(async () => {
  zalo = await createFakeZaloOa();
  h = await startHarness({ humanPace: true, env: zaloEnv(zalo, zalo.issueRefreshToken()) });
  zalo.setWebhook(`${h.webUrl}/zalo/webhook`);
}, 120_000);

afterAll(async () => {
  await h?.close();
  await zalo?.close();
});

/** A user_send_text event as Zalo builds it, and its timestamp. */
function textEvent(userId: string, text: string) {
  const timestamp = String(Date.now());
  const raw = JSON.stringify({
    app_id: zalo.appId,
    event_name: 'user_send_text',
    timestamp,
    sender: { id: userId },
    recipient: { id: zalo.oaId },
    message: { msg_id: `m${Date.now()}${Math.random()}`.replace('.', ''), text },
  });
  return { raw, timestamp };
}

describe('Zalo webhook', () => {
  it('refuses a call without a valid signature, and stores nothing of it', async () => {
    const userId = zaloId();
    const { raw, timestamp } = textEvent(userId, 'xin chào');
    const good = zalo.sign(raw, timestamp);
    const forged = await zalo.deliver(raw, `mac=${'0'.repeat(64)}`);
    expect(forged.status).toBe(401);
    // Signed, then changed: the signature covers the raw body.
    const tampered = await zalo.deliver(raw.replace('xin chào', 'xin chao'), good);
    expect(tampered.status).toBe(401);
    const unsigned = await zalo.deliver(raw, '');
    expect(unsigned.status).toBe(401);
    expect(await h.db.prisma.zaloInboundEvent.count()).toBe(0);
    expect(zalo.messagesTo(userId)).toEqual([]);
  });

  it('handles an event Zalo sends twice once: the citizen gets one answer', async () => {
    const c = zaloCitizen(h, zalo);
    await c.say('/start');
    await c.waitFor(/Ông\/Bà muốn làm gì\?/);
    const first = await zalo.userSends(c.userId, { type: 'text', text: 'xin chào' });
    expect(first.status).toBe(200);
    await until('the first copy handled', async () => {
      const row = await h.db.prisma.zaloInboundEvent.findUnique({
        where: { eventKey: `msg:${first.msgId}` },
      });
      return row?.handledAt ?? undefined;
    });
    await h.settle();
    const seen = c.messages().length;
    const again = await zalo.deliver(first.event.raw, first.event.signature);
    expect(again.status).toBe(200);
    expect(JSON.parse(again.body)).toMatchObject({ outcome: 'duplicate' });
    await h.settle();
    expect(c.messages()).toHaveLength(seen);
    expect(
      await h.db.prisma.zaloInboundEvent.count({ where: { eventKey: `msg:${first.msgId}` } }),
    ).toBe(1);
    // Handled, the event keeps its key (to drop repeats), not what the citizen wrote or who.
    const kept = await h.db.prisma.zaloInboundEvent.findUniqueOrThrow({
      where: { eventKey: `msg:${first.msgId}` },
    });
    expect(JSON.stringify(kept.payload)).not.toContain('xin chào');
    expect(JSON.stringify(kept.payload)).not.toContain(c.userId);
  });

  it('keeps ids as strings beyond 2^53', async () => {
    const c = zaloCitizen(h, zalo);
    expect(BigInt(c.userId) > BigInt(Number.MAX_SAFE_INTEGER)).toBe(true);
    await c.say('/start');
    await c.waitFor(/Ông\/Bà muốn làm gì\?/);
    const session = await h.db.prisma.session.findUnique({ where: { key: `zalo:${c.userId}` } });
    expect(session).not.toBeNull();
  });
});

describe('Zalo reply window', () => {
  it('sends 8 replies after a citizen message, holds the 9th, and sends it when they write again', async () => {
    const c = zaloCitizen(h, zalo);
    await c.say('/start');
    await c.waitFor(/Ông\/Bà muốn làm gì\?/);
    const before = c.messages().length;
    const room = 8 - before;
    for (let i = 1; i <= room + 1; i++)
      await h.gopy.deliveryQueue.enqueue({
        dedupeKey: `zalo-window-${c.userId}-${i}`,
        channel: 'zalo',
        chatId: c.userId,
        message: { type: 'text', chatId: c.userId, text: `Thông báo số ${i}` },
      });
    await c.waitFor(new RegExp(`Thông báo số ${room}$`));
    await until('the last one held', async () =>
      (await h.db.prisma.zaloHeldMessage.count({ where: { userId: c.userId } })) === 1
        ? true
        : undefined,
    );
    expect(c.texts()).not.toContain(`Thông báo số ${room + 1}`);
    // Zalo refused nothing: gopy kept to the window itself.
    expect(
      zalo.calls('/v3.0/oa/message/cs').filter((x) => x.error !== 0 && x.error !== -216),
    ).toEqual([]);

    await c.say('cảm ơn');
    const held = c.texts().indexOf(`Thông báo số ${room + 1}`);
    expect(held).toBeGreaterThan(-1);
    // The held message went before the answer to the new message.
    expect(held).toBe(8);
    const row = await h.db.prisma.zaloHeldMessage.findFirstOrThrow({ where: { userId: c.userId } });
    expect(row.sentAt).not.toBeNull();
  });
});

describe('Zalo tokens', () => {
  it('-216 (an access token Zalo no longer takes) refreshes and retries once', async () => {
    const c = zaloCitizen(h, zalo);
    await c.say('/start');
    await c.waitFor(/Ông\/Bà muốn làm gì\?/);
    const refreshes = zalo.calls('/v4/oa/access_token').length;
    const rejected = zalo.calls('/v3.0/oa/message/cs').filter((x) => x.error === -216).length;
    zalo.expireAccessTokens();
    const shown = c.messages().length;
    await c.say('/start');
    await until('the menu again', () => c.messages().length > shown);
    expect(zalo.calls('/v4/oa/access_token').length).toBe(refreshes + 1);
    expect(zalo.calls('/v3.0/oa/message/cs').filter((x) => x.error === -216).length).toBe(
      rejected + 1,
    );
  });

  it('two replicas needing a token at once make one refresh; the new pair is stored first', async () => {
    const oa = await createFakeZaloOa({ appId: '3999000111222333444' });
    const initial = oa.issueRefreshToken();
    const store = createZaloRepository(h.db.prisma);
    const redisA = new Redis('redis://127.0.0.1:6379');
    const redisB = new Redis('redis://127.0.0.1:6379');
    const logger = createLogger('silent');
    let shift = 0;
    const replica = (redis: Redis) =>
      createZaloTokens({
        appId: oa.appId,
        appSecret: oa.appSecret,
        oauthRoot: oa.url,
        initialRefreshToken: initial,
        store,
        redis,
        prefix: h.prefix,
        logger,
        now: () => Date.now() + shift,
      });
    try {
      const [a, b] = [replica(redisA), replica(redisB)];
      const [ta, tb] = await Promise.all([a.accessToken(), b.accessToken()]);
      expect(ta).toBe(tb);
      expect(oa.calls('/v4/oa/access_token')).toHaveLength(1);
      const row = await h.db.prisma.zaloToken.findUniqueOrThrow({ where: { appId: oa.appId } });
      expect(row.accessToken).toBe(ta);
      expect(row.refreshToken).not.toBe(initial);
      // A third replica starting now reads the stored pair: no refresh.
      expect(await replica(redisA).accessToken()).toBe(ta);
      expect(oa.calls('/v4/oa/access_token')).toHaveLength(1);

      // Five minutes before expiry (25 h): refreshed ahead of time, never refused by Zalo.
      shift = 25 * 3_600_000 - 5 * 60_000;
      const [na, nb] = await Promise.all([a.accessToken(), b.accessToken()]);
      expect(na).toBe(nb);
      expect(na).not.toBe(ta);
      expect(oa.calls('/v4/oa/access_token')).toHaveLength(2);
      expect(oa.calls('/v4/oa/access_token').every((x) => x.error === 0)).toBe(true);
    } finally {
      redisA.disconnect();
      redisB.disconnect();
      await oa.close();
    }
  });
});
