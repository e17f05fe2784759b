/**
 * gopy keeps who is an official and the categories in process (src/persistence/reference-cache.ts);
 * a change made by another process on the same database (another gopy, the CLI, psql) reaches it
 * through PostgreSQL's NOTIFY. Here the other process is a second client with its own pool,
 * writing while gopy runs, through the real grammY bot and the fake Bot API: an official it adds
 * is answered as an official on the next update, a category it renames is offered renamed.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrismaClient, type PrismaHandle } from '../../src/persistence/prisma.ts';
import { referenceCacheFor } from '../../src/persistence/reference-cache.ts';
import { TOKEN, startHarness, type Harness } from '../support/gopy-harness.ts';
import { addOfficial } from '../support/routing-fixtures.ts';

const NEW_CHAIR = 9051;
const CITIZENS = [7951, 7952];

describe('changes made by another process (grammY, PostgreSQL)', () => {
  let h: Harness;
  let other: PrismaHandle;

  beforeAll(async () => {
    h = await startHarness({ framework: 'grammy', humanPace: true });
    other = createPrismaClient(h.db.url, { maxConnections: 2 });
    for (const id of [NEW_CHAIR, ...CITIZENS])
      h.fake.addChat(TOKEN, { id, type: 'private', first_name: `Người ${id}` });
  }, 90_000);
  afterAll(async () => {
    await other?.close();
    await h?.close();
  });

  it('an official added by another process is answered as an official on the next update', async () => {
    await h.send(NEW_CHAIR, '/help');
    expect(h.last(NEW_CHAIR)?.text).not.toMatch(/dành cho cán bộ xã/);

    const heard = referenceCacheFor(h.db.prisma).nextChange('officials');
    await addOfficial(other.prisma, { unitCode: '13186', kind: 'vice-chair', chatId: NEW_CHAIR });
    await heard;
    await h.send(NEW_CHAIR, '/help');
    expect(h.last(NEW_CHAIR)?.text).toMatch(/^Gopy — dành cho cán bộ xã/);

    // And revoked there, a citizen again on the next update.
    const revoked = referenceCacheFor(h.db.prisma).nextChange('officials');
    await other.prisma.official.updateMany({
      where: { externalId: String(NEW_CHAIR) },
      data: { active: false, revokedAt: new Date() },
    });
    await revoked;
    await h.send(NEW_CHAIR, '/help');
    expect(h.last(NEW_CHAIR)?.text).not.toMatch(/dành cho cán bộ xã/);
  });

  it('a category renamed by another process is offered renamed', async () => {
    const toCategories = async (chat: number) => {
      await h.send(chat, '/start');
      await h.press(chat, 'Gửi phản ánh, kiến nghị');
      await h.press(chat, 'Phản ánh');
      await h.send(chat, 'dong xa');
      await h.press(chat, /^Xã Bắc Đông Hưng/);
      return h.buttons(chat).flat();
    };
    const [before, after] = CITIZENS as [number, number];
    expect(await toCategories(before)).toContain('Giao thông, đường sá');

    const heard = referenceCacheFor(h.db.prisma).nextChange('categories');
    await other.prisma.category.update({
      where: { code: 'giao-thong' },
      data: { nameVi: 'Đường sá, cầu cống' },
    });
    try {
      await heard;
      const offered = await toCategories(after);
      expect(offered).toContain('Đường sá, cầu cống');
      expect(offered).not.toContain('Giao thông, đường sá');
    } finally {
      await other.prisma.category.update({
        where: { code: 'giao-thong' },
        data: { nameVi: 'Giao thông, đường sá' },
      });
    }
  });
});
