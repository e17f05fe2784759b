/**
 * /xoadulieu removes every copy of the citizen's identity: after it, a dump of every table holds
 * none of their Telegram id, name, username or phone, the report stays (anonymised), and the
 * chair's alert that showed the name is edited in the chair's chat.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHAIR } from '../support/demo.ts';
import { startHarness, TOKEN, type Harness } from '../support/gopy-harness.ts';
import { commitReport } from '../support/routing-fixtures.ts';
import { until } from '../support/until.ts';

const CITIZEN = 7_350_917;
const NAME = `Người dân ${CITIZEN}`; // the name the fixture gives the citizen
let h: Harness;

beforeAll(async () => {
  h = await startHarness({ humanPace: true });
  h.fake.addChat(TOKEN, { id: CITIZEN, type: 'private', first_name: 'Lan' });
}, 60_000);
afterAll(async () => h?.close());

/** Every row of every table of the public schema, as text. */
async function dump(): Promise<string> {
  const tables = await h.db.prisma.$queryRaw<Array<{ table_name: string }>>`
    SELECT table_name FROM information_schema.tables
     WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`;
  const out: string[] = [];
  for (const { table_name } of tables) {
    const rows = await h.db.prisma.$queryRawUnsafe<Array<{ row: string }>>(
      `SELECT t::text AS row FROM "${table_name}" t`,
    );
    out.push(...rows.map((r) => `${table_name}: ${r.row}`));
  }
  return out.join('\n');
}

describe('erasure', () => {
  it('leaves no copy of the citizen in the database or in the chair’s chat', async () => {
    // The flow's submission key is the conversation's nonce; the fixture's default names the chat.
    const report = await commitReport(h.db.prisma, {
      citizenChatId: CITIZEN,
      unitCode: '12694',
      key: 'erasure-run-1',
    });
    await h.db.prisma.citizen.updateMany({
      where: { externalId: String(CITIZEN) },
      data: { phone: '0912345678', username: 'lan_hung_yen' },
    });
    await h.gopy.routeQueue.enqueue(report.id);
    const alert = await h.waitForText(CHAIR, new RegExp(`Phản ánh mới · ${report.ticketCode}`));
    expect(alert.text).toContain(NAME);
    await h.waitForText(CITIZEN, new RegExp(`${report.ticketCode} của Ông/Bà đã được chuyển đến`));
    await h.send(CITIZEN, '/start');
    const before = await dump();
    expect(before).toContain(String(CITIZEN));
    expect(before).toContain(NAME);

    await h.send(CITIZEN, '/xoadulieu');
    await h.press(CITIZEN, 'Xóa thông tin của tôi');
    await h.waitForText(CITIZEN, /Đã xóa thông tin cá nhân/);

    // The chair's alert no longer shows the name (the sweep sends the edit).
    await h.gopy.maintenance.sweep(new Date(Date.now() + 60_000));
    await until('the alert edited', () =>
      h.fake
        .messagesTo(TOKEN, CHAIR)
        .find((m) => m.message_id === alert.message_id && !(m.text ?? '').includes(NAME)),
    );
    await h.settle();

    const after = await dump();
    for (const identifier of [String(CITIZEN), NAME, 'lan_hung_yen', '0912345678'])
      expect(
        after.split('\n').filter((row) => row.includes(identifier)),
        identifier,
      ).toEqual([]);
    // The report stays, anonymised.
    const kept = await h.db.prisma.report.findUniqueOrThrow({ where: { id: report.id } });
    expect(kept.ticketCode).toBe(report.ticketCode);
  }, 90_000);
});
