/**
 * The admin commands (officials, routing, replies, qr) against real PostgreSQL: what they print,
 * what they store, and how they refuse bad arguments.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { officialsCommand } from '../../src/cli/officials-commands.ts';
import { qrCommand } from '../../src/cli/qr-command.ts';
import { repliesCommand } from '../../src/cli/replies-commands.ts';
import { routingCommand } from '../../src/cli/routing-commands.ts';
import { AppError } from '../../src/core/errors.ts';
import { createOfficialsRepository } from '../../src/persistence/officials-repository.ts';
import { createTestDatabase, type TestDatabase } from '../support/test-db.ts';

const NOW = new Date('2026-03-02T03:00:00Z');
const UNIT = '10001';
const MERGED_UNIT = '09999';

let db: TestDatabase;
let outDir: string;

beforeAll(async () => {
  db = await createTestDatabase();
  outDir = await mkdtemp(join(tmpdir(), 'gopy-qr-'));
  await db.prisma.province.create({
    data: { code: '33', name: 'Tỉnh Hưng Yên', type: 'province' },
  });
  await db.prisma.unit.createMany({
    data: [
      {
        code: UNIT,
        name: 'Xã Bắc Đông Hưng',
        nameFolded: 'bac dong hung',
        type: 'commune',
        provinceCode: '33',
      },
      {
        code: MERGED_UNIT,
        name: 'Xã Đông Xá',
        nameFolded: 'dong xa',
        type: 'commune',
        provinceCode: '33',
        validTo: new Date('2025-07-01'),
        supersededBy: UNIT,
      },
    ],
  });
  await db.prisma.category.createMany({
    data: [
      { code: 'dat-dai', nameVi: 'Đất đai', nameEn: 'Land', deadlineDays: 5 },
      { code: 'moi-truong', nameVi: 'Môi trường', nameEn: 'Environment', deadlineDays: 5 },
    ],
  });
});

afterAll(async () => {
  await db?.drop();
  if (outDir) await rm(outDir, { recursive: true, force: true });
});

/** Runs a command and returns what it printed. */
async function run(
  command: typeof officialsCommand | typeof routingCommand | typeof repliesCommand,
  args: string[],
): Promise<string[]> {
  const lines: string[] = [];
  await command(args, {
    prisma: db.prisma,
    botUsername: '@gopy_test_bot',
    print: (l) => lines.push(l),
    now: NOW,
  });
  return lines;
}

async function qr(args: string[]) {
  const lines: string[] = [];
  const result = await qrCommand(args, {
    prisma: db.prisma,
    botUsername: 'gopy_test_bot',
    print: (l) => lines.push(l),
    outDir,
    publicUrl: 'https://gopy.example.vn/',
  });
  return { lines, result };
}

/** The AppError a command throws (fails the test when it does not throw one). */
async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AppError) return err;
    throw err;
  }
  throw new Error('expected the command to fail');
}

describe('gopy officials invite', () => {
  it('prints a deep link and the expiry, and stores an invite with the default role', async () => {
    const lines = await run(officialsCommand, ['invite', '--unit', UNIT, '--position', 'chair']);
    const link = lines
      .find((l) => l.startsWith('Liên kết / Link: '))
      ?.slice('Liên kết / Link: '.length);
    expect(link).toMatch(/^https:\/\/t\.me\/gopy_test_bot\?start=inv_[A-Za-z0-9_-]{12}$/);
    expect(lines).toContain('Hết hạn / Expires: 09/03/2026 10:00 (giờ Việt Nam / Vietnam time)');
    expect(lines[0]).toBe(
      'Đã tạo mã mời: Chủ tịch UBND Xã Bắc Đông Hưng (mã 10001), vai trò leader, lĩnh vực: —',
    );
    const code = link!.split('inv_')[1]!;
    const invite = await db.prisma.invite.findUniqueOrThrow({ where: { code } });
    expect(invite).toMatchObject({
      unitCode: UNIT,
      positionKind: 'chair',
      role: 'leader',
      fields: [],
    });
  });

  it('accepts repeated and comma-separated fields, and defaults heads to the staff role', async () => {
    const lines = await run(officialsCommand, [
      'invite',
      '--unit',
      UNIT,
      '--position',
      'head',
      '--field',
      'dat-dai',
      '--field',
      'moi-truong,dat-dai',
    ]);
    const code = lines.join('\n').match(/inv_([A-Za-z0-9_-]{12})/)![1]!;
    const invite = await db.prisma.invite.findUniqueOrThrow({ where: { code } });
    expect(invite).toMatchObject({
      positionKind: 'head',
      role: 'staff',
      fields: ['dat-dai', 'moi-truong'],
    });
  });

  it('resolves a merged commune code to its successor and says so', async () => {
    const lines = await run(officialsCommand, [
      'invite',
      '--unit',
      MERGED_UNIT,
      '--position',
      'staff',
    ]);
    expect(lines[0]).toMatch(/^Lưu ý: mã 09999 đã sáp nhập vào Xã Bắc Đông Hưng \(mã 10001\)/);
  });

  it.each([
    [['invite', '--position', 'chair'], /^--unit: bắt buộc/],
    [['invite', '--unit', UNIT], /^--position: bắt buộc/],
    [
      ['invite', '--unit', UNIT, '--position', 'mayor'],
      /^--position: .*chair, vice-chair, head, staff.*"mayor"/,
    ],
    [
      ['invite', '--unit', UNIT, '--position', 'chair', '--role', 'boss'],
      /^--role: .*leader, staff, admin, observer/,
    ],
    [['invite', '--unit', '123', '--position', 'chair'], /^--unit: .*5 chữ số/],
    [
      ['invite', '--unit', '55555', '--position', 'chair'],
      /^--unit: không có đơn vị hành chính mã 55555/,
    ],
    [
      ['invite', '--unit', UNIT, '--position', 'head', '--field', 'bogus'],
      /^--field: .*bogus.*known: dat-dai, moi-truong/,
    ],
    [
      ['invite', '--unit', UNIT, '--position', 'chair', '--colour', 'red'],
      /^officials invite: .*--colour/,
    ],
    [['promote'], /unknown subcommand "promote"/],
    [[], /missing subcommand/],
  ])('refuses %j with a message naming the problem', async (args, message) => {
    const err = await failure(run(officialsCommand, args));
    expect(err.code).toBe('cli_usage');
    expect(err.message).toMatch(message);
  });
});

describe('gopy officials list, revoke and group', () => {
  it('lists registered officials, revokes one, and refuses an unknown id', async () => {
    const officials = createOfficialsRepository(db.prisma);
    const invite = await officials.createInvite({
      unitCode: UNIT,
      positionKind: 'vice-chair',
      role: 'leader',
      fields: ['dat-dai'],
      now: NOW,
    });
    const result = await officials.redeemInvite(invite.code, {
      channel: 'telegram',
      externalId: '501',
      chatId: '501',
      displayName: 'Trần Thị Bình',
      now: NOW,
    });
    if (result.type !== 'registered') throw new Error('expected registered');
    const id = result.official.id;

    const table = await run(officialsCommand, ['list', '--unit', UNIT]);
    expect(table[0]).toMatch(/^ID\s+Đơn vị\/Unit\s+Chức vụ\/Position/);
    const row = table.find((l) => l.startsWith(`${id} `));
    expect(row).toMatch(
      /10001 Xã Bắc Đông Hưng\s+vice-chair\s+leader\s+Trần Thị Bình\s+dat-dai\s+hoạt động\/active/,
    );

    expect(await run(officialsCommand, ['revoke', String(id)])).toEqual([
      `Đã thu hồi: #${id} Trần Thị Bình — Phó Chủ tịch UBND Xã Bắc Đông Hưng`,
      `Revoked official #${id}: they no longer receive reports.`,
    ]);
    expect((await run(officialsCommand, ['list'])).find((l) => l.startsWith(`${id} `))).toMatch(
      /đã thu hồi\/revoked/,
    );
    expect((await run(officialsCommand, ['revoke', String(id)]))[0]).toMatch(
      /đã bị thu hồi trước đó/,
    );
    expect((await failure(run(officialsCommand, ['revoke', '99999']))).message).toMatch(
      /no official with id 99999/,
    );
    expect((await failure(run(officialsCommand, ['revoke', 'abc']))).message).toMatch(
      /ID must be a positive integer/,
    );
    expect((await failure(run(officialsCommand, ['revoke']))).message).toMatch(/missing ID/);
  });

  it('registers a staff group for a commune', async () => {
    const lines = await run(officialsCommand, [
      'group',
      '--unit',
      UNIT,
      '--chat',
      '-1001234567890',
      '--title',
      'Tổ phản ánh xã Bắc Đông Hưng',
    ]);
    expect(lines[0]).toBe(
      'Đã đăng ký nhóm "Tổ phản ánh xã Bắc Đông Hưng" (-1001234567890) nhận thông báo của Xã Bắc Đông Hưng (mã 10001).',
    );
    const group = await createOfficialsRepository(db.prisma).groupByChat('-1001234567890');
    expect(group).toMatchObject({ unitCode: UNIT, title: 'Tổ phản ánh xã Bắc Đông Hưng' });

    const err = await failure(
      run(officialsCommand, ['group', '--unit', UNIT, '--chat', 'mygroup', '--title', 'x']),
    );
    expect(err.message).toMatch(/^--chat: /);
    expect(
      (await failure(run(officialsCommand, ['group', '--unit', UNIT, '--chat', '-1']))).message,
    ).toMatch(/^--title: /);
  });

  it('sets the language an official or a staff group reads gopy in', async () => {
    const officials = createOfficialsRepository(db.prisma);
    const invite = await officials.createInvite({
      unitCode: UNIT,
      positionKind: 'chair',
      role: 'leader',
      fields: [],
      now: NOW,
    });
    const result = await officials.redeemInvite(invite.code, {
      channel: 'telegram',
      externalId: '502',
      chatId: '502',
      displayName: 'Lò Văn Anh',
      now: NOW,
    });
    if (result.type !== 'registered') throw new Error('expected registered');
    const id = result.official.id;
    expect(result.official.lang).toBe('vi');

    expect(await run(officialsCommand, ['lang', String(id), 'en'])).toEqual([
      `Cán bộ #${id}: ngôn ngữ en. / Official #${id} now reads en.`,
    ]);
    expect((await officials.get(id))?.lang).toBe('en');
    const table = await run(officialsCommand, ['list', '--unit', UNIT]);
    expect(table[0]).toMatch(/Ngôn ngữ\/Lang$/);
    expect(table.find((l) => l.startsWith(`${id} `))).toMatch(/ en$/);

    await run(officialsCommand, ['lang', '--chat', '-1001234567890', 'en']);
    expect((await officials.groupByChat('-1001234567890'))?.lang).toBe('en');

    expect((await failure(run(officialsCommand, ['lang', String(id), 'fr']))).message).toMatch(
      /the language must be vi or en \(got "fr"\)/,
    );
    expect((await failure(run(officialsCommand, ['lang', '99999', 'vi']))).message).toMatch(
      /no official with id 99999/,
    );
    expect(
      (await failure(run(officialsCommand, ['lang', '--chat', '-1009', 'vi']))).message,
    ).toMatch(/^--chat: .*no registered group -1009/);
  });
});

describe('gopy routing', () => {
  it('sets, overrides, lists and removes rules', async () => {
    const added = await run(routingCommand, [
      'set',
      '--position',
      'vice-chair',
      '--category',
      'dat-dai',
    ]);
    expect(added[0]).toMatch(
      /^Đã thêm quy tắc #(\d+): unit=\* category=dat-dai kind=\* order=0 → vice-chair$/,
    );
    const id = added[0]!.match(/#(\d+)/)![1]!;

    const updated = await run(routingCommand, [
      'set',
      '--position',
      'head',
      '--category',
      'dat-dai',
    ]);
    expect(updated[0]).toBe(
      `Đã cập nhật quy tắc #${id}: unit=* category=dat-dai kind=* order=0 → head (trước đây / was vice-chair)`,
    );
    await run(routingCommand, [
      'set',
      '--position',
      'chair',
      '--unit',
      UNIT,
      '--kind',
      'to-cao',
      '--order',
      '1',
    ]);

    const table = await run(routingCommand, ['list', '--unit', UNIT]);
    expect(table.slice(2, 4).map((l) => l.split(/\s+/).slice(1))).toEqual([
      [UNIT, '*', 'to-cao', '1', 'chair'],
      ['*', 'dat-dai', '*', '0', 'head'],
    ]);

    expect(await run(routingCommand, ['remove', id])).toEqual([
      `Đã xóa quy tắc #${id}. / Removed routing rule #${id}.`,
    ]);
    expect((await failure(run(routingCommand, ['remove', id]))).message).toMatch(
      /no routing rule with id/,
    );
  });

  it.each([
    [['set'], /^--position: bắt buộc/],
    [['set', '--position', 'king'], /^--position: /],
    [
      ['set', '--position', 'chair', '--kind', 'complaint'],
      /^--kind: .*gop-y, phan-anh, kien-nghi, khieu-nai, to-cao/,
    ],
    [['set', '--position', 'chair', '--order', '-1'], /^--order: /],
    [['set', '--position', 'chair', '--category', 'nope'], /^--category: .*nope/],
    [['set', '--position', 'chair', '--unit', '77777'], /^--unit: /],
  ])('refuses %j', async (args, message) => {
    expect((await failure(run(routingCommand, args))).message).toMatch(message);
  });
});

describe('gopy replies', () => {
  it('adds, lists and removes canned replies', async () => {
    const added = await run(repliesCommand, [
      'set',
      '--text',
      'Đã chuyển cán bộ địa chính kiểm tra thực địa.',
      '--category',
      'dat-dai',
      '--status',
      'resolved',
    ]);
    expect(added[0]).toMatch(
      /^Đã thêm câu trả lời mẫu #\d+ \(unit=\* category=dat-dai status=resolved\)/,
    );
    const id = added[0]!.match(/#(\d+)/)![1]!;
    expect(
      (
        await run(repliesCommand, [
          'set',
          '--text',
          'Đã chuyển cán bộ địa chính kiểm tra thực địa.',
          '--category',
          'dat-dai',
          '--status',
          'resolved',
        ])
      )[0],
    ).toMatch(/đã có: #/);
    await run(repliesCommand, ['set', '--text', 'Cảm ơn Ông/Bà đã phản ánh.']);

    const table = await run(repliesCommand, ['list', '--category', 'dat-dai']);
    expect(table.slice(2, 4).map((l) => l.split(/\s{2,}/).slice(1))).toEqual([
      ['*', 'dat-dai', 'resolved', 'Đã chuyển cán bộ địa chính kiểm tra thực địa.'],
      ['*', '*', '*', 'Cảm ơn Ông/Bà đã phản ánh.'],
    ]);
    expect((await run(repliesCommand, ['list', '--category', 'moi-truong'])).length).toBe(4);

    expect(await run(repliesCommand, ['remove', id])).toEqual([
      `Đã xóa câu trả lời mẫu #${id}. / Removed canned reply #${id}.`,
    ]);
  });

  it.each([
    [['set'], /^--text: bắt buộc/],
    [['set', '--text', 'x', '--status', 'Đã xong'], /^--status: /],
    [['set', '--text', 'x', '--category', 'nope'], /^--category: /],
    [['remove', '424242'], /no canned reply with id 424242/],
  ])('refuses %j', async (args, message) => {
    expect((await failure(run(repliesCommand, args))).message).toMatch(message);
  });
});

describe('gopy replies, long text', () => {
  it('refuses a reply longer than fits a Telegram message', async () => {
    const err = await failure(run(repliesCommand, ['set', '--text', 'x'.repeat(3001)]));
    expect(err.message).toMatch(/^--text: .*3000/);
  });
});

/** jsQR is CommonJS whose types describe an ES default export; load it as CommonJS. */
const jsQR = createRequire(import.meta.url)('jsqr') as (
  data: Uint8ClampedArray,
  width: number,
  height: number,
) => { data: string } | null;

describe('gopy qr', () => {
  it('writes the commune rating code as a captioned SVG and a PNG of the link', async () => {
    const { lines, result } = await qr(['--commune', UNIT]);
    expect(result.payload).toBe(`r_${UNIT}`);
    expect(result.link).toBe(`https://t.me/gopy_test_bot?start=r_${UNIT}`);
    expect(lines).toContain(`Liên kết / Link: ${result.link}`);

    // A phone camera reads the printed PNG back as the link (decoded here with jsQR).
    const png = PNG.sync.read(await readFile(result.pngPath));
    expect(png.width).toBe(1000);
    const decoded = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(decoded?.data).toBe(result.link);

    const svg = await readFile(result.svgPath, 'utf8');
    expect(svg).toMatch(/^<\?xml[^>]*\?>\n<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain('>Xã Bắc Đông Hưng</text>');
    expect(svg).toMatch(/<path fill="#000" d="(M\d+ \d+h1v1h-1z)+"\/>/);
  });

  it('asks a special zone’s residents to rate «chính quyền đặc khu», a commune’s «chính quyền xã»', async () => {
    await db.prisma.unit.create({
      data: {
        code: '10003',
        name: 'Đặc khu Cô Tô',
        nameFolded: 'co to',
        type: 'special_zone',
        provinceCode: '33',
      },
    });
    const zone = await readFile((await qr(['--commune', '10003'])).result.svgPath, 'utf8');
    expect(zone).toContain('>Quét mã bằng Telegram để đánh giá chính quyền đặc khu</text>');
    const commune = await readFile((await qr(['--commune', UNIT])).result.svgPath, 'utf8');
    expect(commune).toContain('>Quét mã bằng Telegram để đánh giá chính quyền xã</text>');
  });

  it('encodes a counter and a staff code in a payload Telegram accepts', async () => {
    const { result } = await qr(['--commune', UNIT, '--counter', '3', '--staff', 'NV-07']);
    expect(result.payload).toBe(`q_${UNIT}_3_NV-07`);
    expect(result.payload).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
    expect(result.svgPath).toMatch(/10001-counter-3-NV-07\.svg$/);
    // The same counter on the commune's web chat, for citizens without Telegram.
    expect(result.webLink).toBe(`https://gopy.example.vn/chat/${UNIT}?start=q_${UNIT}_3_NV-07`);
    const svg = await readFile(result.svgPath, 'utf8');
    expect(svg).toContain('>Quầy 3</text>');
  });

  it.each([
    [[], /^--commune: bắt buộc/],
    [['--commune', '77777'], /^--commune: không có đơn vị/],
    [['--commune', UNIT, '--staff', 'NV-07'], /^--staff: chỉ dùng cùng --counter/],
    [['--commune', UNIT, '--counter', 'quầy_1'], /^--counter: /],
    [['--commune', UNIT, '--counter', 'x'.repeat(21)], /^--counter: /],
  ])('refuses %j', async (args, message) => {
    expect((await failure(qr(args))).message).toMatch(message);
  });
});
