/**
 * Who may open what on the web, over HTTP against the real gopy on PostgreSQL: a sign-in link
 * works once and expires, a commune's staff see their commune and get a kind 403 for another,
 * a province admin sees the province, sign-out ends the session, and the public board shows
 * nothing personal of a citizen whose report it lists.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createWebSignIn,
  hashSecret,
  LOGIN_LINK_TTL_MS,
  SESSION_IDLE_MS,
} from '../../src/app/web/web-sign-in.ts';
import { CHAIR, OTHER_CHAIR, PROVINCE_ADMIN, STAFF } from '../support/demo.ts';
import { fileReport } from '../support/desk-fixtures.ts';
import { startHarness, type Harness } from '../support/gopy-harness.ts';
import { addOfficial } from '../support/routing-fixtures.ts';
import { addProvinceAdmin, markAnswered, seedRatings } from '../support/web-fixtures.ts';

const ADMIN = 9100;

let h: Harness;

beforeAll(async () => {
  h = await startHarness({ env: { PUBLIC_MIN_ANSWERS: '5' } });
  await addProvinceAdmin(h, ADMIN);
}, 120_000);

afterAll(async () => {
  await h?.close();
});

/** A browser of one person: keeps the session cookie, follows nothing by itself. */
function browser() {
  let cookie: string | undefined;
  const open = async (path: string, init: RequestInit = {}) => {
    const res = await fetch(new URL(path, h.webUrl), {
      redirect: 'manual',
      ...init,
      headers: { ...(cookie ? { cookie } : {}), ...(init.headers as Record<string, string>) },
    });
    const set = res.headers.get('set-cookie');
    if (set) cookie = set.split(';')[0];
    return {
      status: res.status,
      location: res.headers.get('location'),
      setCookie: set,
      body: await res.text(),
    };
  };
  return { open, cookie: () => cookie };
}

async function signedIn(userId: number) {
  const link = await h.gopy.webSignIn.issueLink({
    channel: 'telegram',
    externalId: String(userId),
  });
  const b = browser();
  const res = await b.open(new URL(link.url).pathname);
  expect(res.status).toBe(303);
  return b;
}

describe('sign-in link', () => {
  it('opens a session once, with a httpOnly SameSite=Lax cookie, then is spent', async () => {
    const link = await h.gopy.webSignIn.issueLink({
      channel: 'telegram',
      externalId: String(CHAIR),
    });
    expect(link.url).toMatch(/\/login\/[A-Za-z0-9_-]{43}$/);
    const path = new URL(link.url).pathname;

    const first = browser();
    const opened = await first.open(path);
    expect(opened.status).toBe(303);
    expect(opened.location).toBe('/dashboard');
    expect(opened.setCookie).toMatch(/^gopy_session=[A-Za-z0-9_-]{43};/);
    expect(opened.setCookie).toMatch(/HttpOnly/i);
    expect(opened.setCookie).toMatch(/SameSite=Lax/i);
    expect(opened.setCookie).not.toMatch(/Secure/i); // plain http in this test

    const home = await first.open('/dashboard');
    expect(home.status).toBe(303);
    expect(home.location).toBe('/dashboard/unit/12694');

    // The same link a second time (another browser, or the same one) opens nothing.
    const again = await browser().open(path);
    expect(again.status).toBe(410);
    expect(again.body).toContain('Liên kết đăng nhập không còn dùng được');
    expect(again.setCookie).toBeNull();

    // Only the hash is stored: the token itself is nowhere in the table.
    const token = path.split('/').pop()!;
    const rows = await h.db.prisma.webLoginToken.findMany();
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.tokenHash === token)).toBe(false);
  });

  it('expires after 10 minutes, and a session ends after 12 idle hours', async () => {
    let now = new Date('2026-11-02T02:00:00Z');
    const signIn = createWebSignIn({
      sessions: h.gopy.repos.webSessions,
      officials: h.gopy.repos.officials,
      publicUrl: () => 'http://gopy.test',
      now: () => now,
    });
    const late = await signIn.issueLink({ channel: 'telegram', externalId: String(CHAIR) });
    now = new Date(now.getTime() + LOGIN_LINK_TTL_MS + 1000);
    expect(await signIn.redeem(late.url.split('/').pop()!)).toBeUndefined();

    const fresh = await signIn.issueLink({ channel: 'telegram', externalId: String(CHAIR) });
    now = new Date(now.getTime() + LOGIN_LINK_TTL_MS - 1000);
    const session = await signIn.redeem(fresh.url.split('/').pop()!);
    expect(session).toBeDefined();
    now = new Date(now.getTime() + SESSION_IDLE_MS - 60_000);
    expect((await signIn.viewer(session!))?.unitCodes.has('12694')).toBe(true);
    now = new Date(now.getTime() + SESSION_IDLE_MS + 60_000);
    expect(await signIn.viewer(session!)).toBeUndefined();
  });

  it('is not given to someone who holds no position', async () => {
    const link = await h.gopy.webSignIn.issueLink({ channel: 'telegram', externalId: '555001' });
    const res = await browser().open(new URL(link.url).pathname);
    expect(res.status).toBe(410);
  });

  it('without a session, the dashboard asks to sign in from chat', async () => {
    const res = await browser().open('/dashboard/unit/12694');
    expect(res.status).toBe(401);
    expect(res.body).toContain('/web');
  });

  it('sign-out ends the session for good', async () => {
    const b = await signedIn(CHAIR);
    const stolen = b.cookie()!;
    expect((await b.open('/dashboard/unit/12694')).status).toBe(200);
    const out = await b.open('/logout', { method: 'POST' });
    expect(out.status).toBe(200);
    expect(out.setCookie).toMatch(/gopy_session=;/);
    const replay = await fetch(new URL('/dashboard/unit/12694', h.webUrl), {
      headers: { cookie: stolen },
      redirect: 'manual',
    });
    expect(replay.status).toBe(401);
  });
});

describe('what is kept of sign-ins', () => {
  it('the sweep deletes spent links and dead sessions, and keeps a live session working', async () => {
    let now = new Date('2026-11-03T02:00:00Z');
    const signIn = createWebSignIn({
      sessions: h.gopy.repos.webSessions,
      officials: h.gopy.repos.officials,
      publicUrl: () => 'http://gopy.test',
      now: () => now,
    });
    const token = (link: { url: string }) => link.url.split('/').pop()!;
    const live = await signIn.redeem(
      token(await signIn.issueLink({ channel: 'telegram', externalId: String(CHAIR) })),
    );
    const left = await signIn.redeem(
      token(await signIn.issueLink({ channel: 'telegram', externalId: String(STAFF) })),
    );
    await signIn.signOut(left!);
    const unused = token(
      await signIn.issueLink({ channel: 'telegram', externalId: String(CHAIR) }),
    );

    now = new Date(now.getTime() + LOGIN_LINK_TTL_MS + 60_000);
    const hashes = async () => ({
      tokens: (await h.gopy.prisma.webLoginToken.findMany()).map((r) => r.tokenHash),
      sessions: (await h.gopy.prisma.webSession.findMany()).map((r) => r.idHash),
    });
    const before = await hashes();
    expect(before.tokens).toContain(hashSecret(unused));
    expect(before.sessions).toContain(hashSecret(left!));

    expect(await signIn.purgeExpired()).toBeGreaterThanOrEqual(4);
    const after = await hashes();
    expect(after.tokens).not.toContain(hashSecret(unused));
    expect(after.sessions).not.toContain(hashSecret(left!));
    expect(after.sessions).toContain(hashSecret(live!));
    expect((await signIn.viewer(live!))?.unitCodes.has('12694')).toBe(true);
  });
});

describe('what a session may see', () => {
  it('the dashboard lists a góp ý without a deadline, as the chat does', async () => {
    const feedback = await fileReport(h, {
      citizen: { id: 9201 },
      kind: 'gop-y',
      text: 'Nên có thêm ghế đá ở sân nhà văn hóa thôn',
    });
    const report = await fileReport(h, { citizen: { id: 9202 } });
    const page = (await (await signedIn(CHAIR)).open('/dashboard/unit/12694')).body;
    const meta = (ticket: string) =>
      new RegExp(`<strong>${ticket}</strong>[\\s\\S]*?<span class="meta">([^<]*)</span>`).exec(
        page,
      )?.[1];
    expect(meta(feedback.ticket)).toMatch(/^Nhận \d\d\/\d\d\/\d{4} · không có hạn · /);
    expect(meta(report.ticket)).toMatch(/^Nhận \d\d\/\d\d\/\d{4} · hạn \d\d\/\d\d\/\d{4} · /);
  });

  it('the dashboard says a report not yet routed was only sent: waiting to be routed, or for an official', async () => {
    const sent = (d: Date) =>
      new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh' }).format(d);
    // Committed, its routing job not run yet.
    const waiting = await fileReport(h, { citizen: { id: 9203 }, route: false });
    // Parked: routing found nobody (as the routing job records it), its placeholder date passed.
    const parked = await fileReport(h, {
      citizen: { id: 9204 },
      route: false,
      dueAt: new Date(Date.now() - 86_400_000),
    });
    await h.gopy.repos.workflow.markAwaitingOfficial(parked.id, new Date());
    const page = (await (await signedIn(CHAIR)).open('/dashboard/unit/12694')).body;
    const item = (ticket: string) =>
      new RegExp(`<strong>${ticket}</strong>[\\s\\S]*?</summary>`).exec(page)?.[0] ?? '';
    const meta = (ticket: string) => /<span class="meta">([^<]*)<\/span>/.exec(item(ticket))?.[1];
    const row = (id: number) => h.db.prisma.report.findUniqueOrThrow({ where: { id } });
    const w = await row(waiting.id);
    expect(meta(waiting.ticket)).toBe(
      `Gửi ${sent(w.createdAt)} · hạn ${sent(w.dueAt)} · Đã tiếp nhận, chờ chuyển`,
    );
    expect(meta(parked.ticket)).toBe(
      `Gửi ${sent((await row(parked.id)).createdAt)} · hạn tính từ ngày xã nhận phiếu · Chờ xã có cán bộ nhận`,
    );
    // Its deadline does not run yet: never «Quá hạn».
    expect(item(parked.ticket)).not.toContain('Quá hạn');
    expect(page).not.toMatch(/<span class="meta">Nhận[^<]*(chờ chuyển|Chờ xã)/);
  });

  it('staff of commune A open A, and get a kind 403 for commune B and for the province', async () => {
    const b = await signedIn(STAFF);
    const own = await b.open('/dashboard/unit/12694');
    expect(own.status).toBe(200);
    expect(own.body).toContain('<html lang="vi">');
    expect(own.body).toContain('Xã Bắc Đông Hưng');

    const other = await b.open('/dashboard/unit/13186');
    expect(other.status).toBe(403);
    expect(other.body).toContain('Không có quyền xem trang này');
    expect(other.body).not.toContain('Xã Bình Định');

    const province = await b.open('/dashboard/province/33');
    expect(province.status).toBe(403);
    const exportOther = await b.open('/dashboard/unit/13186/export?loai=reports&dinh-dang=csv');
    expect(exportOther.status).toBe(403);
    const exportOwn = await fetch(
      new URL('/dashboard/unit/12694/export?loai=reports&dinh-dang=csv', h.webUrl),
      { headers: { cookie: b.cookie()! } },
    );
    expect(exportOwn.status).toBe(200);
    expect(exportOwn.headers.get('content-disposition')).toMatch(
      /^attachment; filename=".+\.csv"$/,
    );
    // UTF-8 with a BOM, so Excel reads Vietnamese right.
    expect([...new Uint8Array(await exportOwn.arrayBuffer()).subarray(0, 3)]).toEqual([
      0xef, 0xbb, 0xbf,
    ]);
  });

  it('the period form takes days as dd/mm/yyyy, keeps shared ISO links, and says inline what it cannot read', async () => {
    const b = await signedIn(CHAIR);
    const typed = await b.open(
      '/dashboard/unit/12694?loai=custom&tu=01%2F10%2F2026&den=15%2F10%2F2026',
    );
    expect(typed.status).toBe(200);
    expect(typed.body).toContain('đang xem: 01/10/2026 – 15/10/2026');
    expect(typed.body).toMatch(/name="tu" [^>]*value="01\/10\/2026"/);
    const shared = await b.open('/dashboard/unit/12694?loai=custom&tu=2026-10-01&den=2026-10-15');
    expect(shared.status).toBe(200);
    expect(shared.body).toContain('đang xem: 01/10/2026 – 15/10/2026');
    const month = await b.open('/dashboard/unit/12694?loai=month&thang=11%2F2026');
    expect(month.body).toContain('đang xem: Tháng 11/2026');

    const wrong = await b.open(
      '/dashboard/unit/12694?loai=custom&tu=31%2F02%2F2026&den=15%2F03%2F2026',
    );
    expect(wrong.status).toBe(400);
    expect(wrong.body).toContain(
      'Ngày bắt đầu «31/02/2026» không có trên lịch. Xin nhập ngày trước, tháng sau (dd/mm/yyyy), ví dụ 01/10/2026.',
    );
    expect(wrong.body).toMatch(/<details class="period no-print" open>/);
    expect(wrong.body).toMatch(/name="tu" [^>]*value="31\/02\/2026"/);
    // The figures of this quarter stay on the page under the form.
    expect(wrong.body).toContain('Xã Bắc Đông Hưng');
    const province = await signedIn(ADMIN);
    const reversed = await province.open(
      '/dashboard/province/33?loai=custom&tu=15%2F10%2F2026&den=01%2F10%2F2026',
    );
    expect(reversed.status).toBe(400);
    expect(reversed.body).toContain(
      'Ngày bắt đầu (15/10/2026) phải trước hoặc trùng ngày kết thúc (01/10/2026).',
    );
  });

  it('the chair of commune B does not see A', async () => {
    const b = await signedIn(OTHER_CHAIR);
    expect((await b.open('/dashboard')).location).toBe('/dashboard/unit/13186');
    expect((await b.open('/dashboard/unit/12694')).status).toBe(403);
  });

  it('a province admin sees the province side by side and every commune of it', async () => {
    const province = (await h.gopy.repos.units.get('12694'))!.provinceCode;
    const b = await signedIn(ADMIN);
    expect((await b.open('/dashboard')).location).toBe(`/dashboard/province/${province}`);
    const view = await b.open(`/dashboard/province/${province}?sort=c1&dir=desc`);
    expect(view.status).toBe(200);
    expect(view.body).toContain('Xã Bắc Đông Hưng');
    expect(view.body).toContain('Xã Bình Định');
    expect((await b.open('/dashboard/unit/13186')).status).toBe(200);
    expect((await b.open('/dashboard/unit/12694')).status).toBe(200);
  });
});

describe('the province admin’s list of reports waiting for the province', () => {
  const OTHER_ADMIN = 9300; // admin of Thành phố Hà Nội (01), holding a position of 00070
  const DAY = 86_400_000;

  it('lists the province’s waiting reports, longest waiting first, naming no citizen; another province’s admin sees none of them', async () => {
    await addOfficial(h.db.prisma, {
      unitCode: '00070',
      kind: 'chair',
      chatId: OTHER_ADMIN,
      role: 'admin',
    });
    // Phường Sơn Nam (11983) has no official: routing sends its reports to the province admin.
    const named = 'Trần Thị Bí Mật';
    const phone = '0987654321';
    const sealedText = 'Tố cáo cán bộ địa chính phường nhận tiền của dân';
    const denounced = await fileReport(h, {
      citizen: { id: 9401, firstName: named, username: 'bimat_tt' },
      unitCode: '11983',
      kind: 'to-cao',
      categoryCode: 'khac',
      text: sealedText,
    });
    await h.db.prisma.report.update({
      where: { id: denounced.id },
      data: { contactPhone: phone },
    });
    const anonymous = await fileReport(h, {
      citizen: { id: 9402, firstName: 'Lê Văn Ẩn Danh' },
      unitCode: '11983',
      anonymous: true,
    });
    // Parked four days ago in Phường Hồng Châu (11980): waits longest, so it comes first.
    const parked = await fileReport(h, {
      citizen: { id: 9403 },
      unitCode: '11980',
      route: false,
    });
    await h.gopy.repos.workflow.markAwaitingOfficial(parked.id, new Date(Date.now() - 4 * DAY));
    // Hà Nội's: Phường Cửa Nam (00082) has nobody either; it goes to Hà Nội's admin.
    const hanoi = await fileReport(h, { citizen: { id: 9404 }, unitCode: '00082' });
    const events = await h.db.prisma.reportEvent.findMany({
      where: { reportId: { in: [denounced.id, anonymous.id, hanoi.id] }, type: 'routed' },
    });
    expect(events.map((e) => (e.data as Record<string, unknown>)['toProvince'])).toEqual([
      'noOfficial',
      'noOfficial',
      'noOfficial',
    ]);

    const admin = await signedIn(ADMIN);
    const page = (await admin.open('/dashboard/province/33')).body.normalize('NFC');
    const section =
      /<section aria-labelledby="h-waiting">[\s\S]*?<\/section>/.exec(page)?.[0] ?? '';
    const row = (ticket: string) =>
      new RegExp(
        `<tr>\\s*<th scope="row"><a href="([^"]*)">${ticket}</a></th>([\\s\\S]*?)</tr>`,
      ).exec(section);
    const cells = (ticket: string) =>
      [...(row(ticket)?.[2] ?? '').matchAll(/<td data-label="([^"]*)"[^>]*>([\s\S]*?)<\/td>/g)].map(
        (m) =>
          `${m[1]}: ${m[2]!
            .replace(/<[^>]+>/g, ' ')
            .replace(/\s+/g, ' ')
            .trim()}`,
      );
    const day = (d: Date) =>
      new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Ho_Chi_Minh' }).format(d);
    const created = async (id: number) =>
      day((await h.db.prisma.report.findUniqueOrThrow({ where: { id } })).createdAt);

    expect(section).toMatch(/<h2 id="h-waiting">Phiếu đang chờ cấp tỉnh \(\d+\)<\/h2>/);
    expect(cells(denounced.ticket)).toEqual([
      'Xã, phường, đặc khu: Phường Sơn Nam',
      'Loại: Tố cáo',
      `Lĩnh vực: ${(await h.db.prisma.category.findUniqueOrThrow({ where: { code: 'khac' } })).nameVi}`,
      `Ngày gửi: ${await created(denounced.id)}`,
      'Trạng thái: Mới, chờ tiếp nhận Chuyển lên tỉnh: phường chưa có cán bộ nhận',
      'Đã chờ: từ hôm nay',
    ]);
    expect(cells(parked.ticket)).toEqual([
      'Xã, phường, đặc khu: Phường Hồng Châu',
      'Loại: Phản ánh',
      'Lĩnh vực: Giao thông, đường sá',
      `Ngày gửi: ${await created(parked.id)}`,
      'Trạng thái: Chờ phường có cán bộ nhận Chưa chuyển được: không có cán bộ nào nhận được tin',
      'Đã chờ: 4 ngày',
    ]);
    expect(cells(anonymous.ticket)).toHaveLength(6);
    // Each ticket opens in its commune's dashboard, where the report's thread is.
    expect(row(anonymous.ticket)?.[1]).toMatch(
      new RegExp(`^/dashboard/unit/11983\\?ky=[^#"]+#phieu-${anonymous.ticket}$`),
    );
    const commune = (await admin.open(row(anonymous.ticket)![1]!.replace(/&amp;/g, '&'))).body;
    expect(commune).toContain(`id="phieu-${anonymous.ticket}"`);
    // Longest waiting first: the parked report before those that reached the province today.
    const order = [...section.matchAll(/#phieu-([A-Z]+-\d{4}-\d{6})"/g)].map((m) => m[1]);
    expect(order.indexOf(parked.ticket)).toBeLessThan(order.indexOf(denounced.ticket));
    expect(order.indexOf(denounced.ticket)).toBeLessThan(order.indexOf(anonymous.ticket));
    // Nobody who sent them can be told: no name, no username, no phone, no words of theirs.
    for (const secret of [named, 'bimat_tt', phone, sealedText, 'Lê Văn Ẩn Danh', '9401', '9402'])
      expect(page).not.toContain(secret);
    // Only Hưng Yên's reports.
    expect(section).not.toContain(hanoi.ticket);
    // Once the admin gives one to a commune official, it waits for the province no more.
    const chairOfficial = await h.db.prisma.official.findFirstOrThrow({
      where: { externalId: String(CHAIR) },
    });
    await h.db.prisma.report.update({
      where: { id: anonymous.id },
      data: { status: 'assigned', assignedOfficialId: chairOfficial.id },
    });
    const after = (await admin.open('/dashboard/province/33')).body;
    expect(after).not.toContain(`#phieu-${anonymous.ticket}"`);
    expect(after).toContain(`#phieu-${denounced.ticket}"`);

    // Hà Nội's admin: his own province's report, none of Hưng Yên's, and a 403 for Hưng Yên.
    const other = await signedIn(OTHER_ADMIN);
    const own = (await other.open('/dashboard/province/01')).body;
    expect(own).toContain(`#phieu-${hanoi.ticket}"`);
    for (const ticket of [denounced.ticket, anonymous.ticket, parked.ticket])
      expect(own).not.toContain(ticket);
    const refused = await other.open('/dashboard/province/33');
    expect(refused.status).toBe(403);
    for (const ticket of [denounced.ticket, anonymous.ticket, parked.ticket])
      expect(refused.body).not.toContain(ticket);
    // A commune's chair sees no province list either.
    const chair = await signedIn(CHAIR);
    const chairs = await chair.open('/dashboard/province/33');
    expect(chairs.status).toBe(403);
    expect(chairs.body).not.toContain(denounced.ticket);
  });
});

describe('the demo', () => {
  it('its province admin opens the province from /web in chat, as the README says; a commune chair gets 403 for a province', async () => {
    await h.send(PROVINCE_ADMIN, '/web');
    const text = h.last(PROVINCE_ADMIN)?.text ?? '';
    expect(text).toMatch(
      /^🔐 Mở trang số liệu của tỉnh và các xã, phường, đặc khu trên trình duyệt:/,
    );
    const url = /\S+\/login\/[A-Za-z0-9_-]{43}/.exec(text)?.[0];
    expect(url, text).toBeDefined();
    const b = browser();
    expect((await b.open(new URL(url!).pathname)).status).toBe(303);
    expect((await b.open('/dashboard')).location).toBe('/dashboard/province/33');
    const view = await b.open('/dashboard/province/33');
    expect(view.status).toBe(200);
    expect(view.body).toContain('Tỉnh Hưng Yên');
    expect(view.body).toContain('Xã Bắc Đông Hưng');
    expect(view.body).toContain('Xã Bình Định');
    // Hưng Yên only: Hà Nội is another province's.
    expect((await b.open('/dashboard/province/01')).status).toBe(403);

    const chair = await signedIn(OTHER_CHAIR);
    expect((await chair.open('/dashboard/province/01')).status).toBe(403);
    expect((await chair.open('/dashboard/province/33')).status).toBe(403);
  });
});

describe('the public board', () => {
  it('shows the answered report as category and result only, nothing personal', async () => {
    await seedRatings(h, '12694', 6);
    const name = 'Nguyễn Thị Hoa Mai';
    const phone = '0912345678';
    const text = 'Ổ gà sâu trước cổng nhà bà Mai số 17 ngõ Trúc Lâm';
    const filed = await fileReport(h, {
      citizen: { id: 777_001, firstName: name, username: 'hoamai_1957' },
      text,
    });
    await h.db.prisma.report.update({
      where: { id: filed.id },
      data: {
        contactPhone: phone,
        address: 'Số 17 ngõ Trúc Lâm',
        latitude: 20.5,
        longitude: 106.3,
      },
    });
    await markAnswered(h, filed.id);
    const sealed = await fileReport(h, {
      citizen: { id: 777_002, firstName: 'Trần Văn Tố' },
      kind: 'to-cao',
      categoryCode: 'khac',
      text: 'Tố cáo cán bộ địa chính nhận tiền',
    });
    await markAnswered(h, sealed.id);

    const res = await browser().open('/board/12694');
    expect(res.status).toBe(200);
    expect(res.body).toContain('<html lang="vi">');
    expect(res.body).toContain('Xã Bắc Đông Hưng');
    // The answered report is listed, by its category and result.
    expect(res.body).toContain('Đã giải quyết');
    // The on-time share counts reports that fell due, and says so (not «người trả lời»).
    expect(res.body).toMatch(/Trả lời đúng hạn<\/span>(?:(?!<\/li>).)*\d+ phản ánh đến hạn/s);
    const page = res.body.normalize('NFC');
    for (const secret of [
      name,
      'Hoa Mai',
      'hoamai_1957',
      phone,
      text,
      'Trúc Lâm',
      filed.ticket,
      sealed.ticket,
      'Trần Văn Tố',
      'nhận tiền',
      '777001',
    ])
      expect(page).not.toContain(secret);
  });

  it('a commune with no report yet reads «chưa có» for its reports, asking no minimum: they are not opinions', async () => {
    // Xã Tiên Lữ: no report, no rating in any test here.
    const page = (await browser().open('/board/12364')).body;
    const card = (label: string) =>
      new RegExp(`<span class="label">${label}</span>(.*?)</li>`, 's').exec(page)?.[1] ?? '';
    expect(card('Trả lời đúng hạn')).toBe(
      '<span class="value too-few">chưa có</span><span class="n">0 phản ánh đến hạn</span>',
    );
    expect(card('Bị người dân mở lại')).toBe(
      '<span class="value too-few">chưa có</span><span class="n">0 phản ánh đã trả lời</span>',
    );
    // Opinions still wait for PUBLIC_MIN_ANSWERS (5 here).
    expect(card('Hài lòng chung')).toContain(
      'chưa có ý kiến</span><span class="n">0 người trả lời (cần ít nhất 5)',
    );

    const admin = await signedIn(ADMIN);
    const dashboard = (await admin.open('/dashboard/unit/12364')).body;
    const officialCard = (label: string) =>
      new RegExp(`<span class="label">${label}</span><span class="value[^"]*">([^<]*)</span>`).exec(
        dashboard,
      )?.[1];
    expect(officialCard('Trả lời đúng hạn \\(ngày làm việc\\)')).toBe('chưa có');
    expect(officialCard('Bị người dân mở lại')).toBe('chưa có');
    expect(officialCard('Hài lòng với câu trả lời')).toBe('chưa có ý kiến');

    const province = (await admin.open('/dashboard/province/33?sort=ontime')).body;
    const row =
      /<a href="\/dashboard\/unit\/12364[^"]*">Xã Tiên Lữ<\/a><\/th>(.*?)<\/tr>/s.exec(
        province,
      )?.[1] ?? '';
    const cells = [...row.matchAll(/<span class="value[^"]*">([^<]*)<\/span>/g)].map((m) => m[1]);
    // Five criteria and the overall are opinions; then received, on time, time to answer.
    expect(cells.slice(6)).toEqual(['0', 'chưa có', 'chưa có']);
  });

  it('answers 404 for a code that is no commune, and serves the A4 PDF', async () => {
    const unknown = await browser().open('/board/99999');
    expect(unknown.status).toBe(404);
    expect(unknown.body).toContain('Không có xã, phường, đặc khu nào mang mã này.');
    const pdf = await fetch(new URL('/board/12694.pdf', h.webUrl));
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe('%PDF-');
  });
});
