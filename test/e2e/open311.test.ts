/**
 * Open311 GeoReport v2 from a client's side, against the running gopy (real grammY bot, the fake
 * Bot API, PostgreSQL, Redis): every endpoint in JSON and in XML (parsed back with
 * fast-xml-parser) against the spec's fields; keys made with the CLI and their scope; a report
 * created with POST requests reaching the chair in Telegram, whose answer then shows in
 * requests/<id> and servicerequestupdates; a connected system's answer reaching the citizen in
 * chat, once; and nothing the public board would not show ever listed.
 */
import { XMLParser } from 'fast-xml-parser';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAdminCommand } from '../../src/cli/admin-commands.ts';
import { createWebServer } from '../../src/http/create-web-server.ts';
import { listen } from '../../src/http/listen.ts';
import { createLogger } from '../../src/logger.ts';
import { fileReport } from '../support/desk-fixtures.ts';
import { CHAIR } from '../support/demo.ts';
import { startHarness, type Harness } from '../support/gopy-harness.ts';
import { until } from '../support/until.ts';

const COMMUNE = '12694'; // Xã Bắc Đông Hưng, Hưng Yên (demo chair CHAIR)
const OTHER_COMMUNE = '13186'; // Xã Bình Định, Hưng Yên
const WARD = '11980'; // Phường Hồng Châu, Hưng Yên
const ISO_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(Z|[+-]\d{2}:\d{2})$/;
const xml = new XMLParser({ parseTagValue: false, isArray: (name) => ITEMS.has(name) });
/** Elements that are list items wherever they appear. */
const ITEMS = new Set(['service', 'request', 'request_update', 'error', 'attribute', 'value']);

let h: Harness;
let unitKey: string;
let provinceKey: string;
let otherKey: string;

async function cli(...args: string[]): Promise<string> {
  const lines: string[] = [];
  await runAdminCommand(args[0]!, args.slice(1), {
    prisma: h.db.prisma,
    print: (l) => lines.push(l),
    config: h.gopy.config,
  });
  return lines.join('\n');
}

function keyIn(output: string): string {
  return /api_key: (o311_[A-Za-z0-9_-]+)/.exec(output)![1]!;
}

async function get(path: string) {
  const res = await fetch(`${h.webUrl}/open311/v2/${path}`);
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    body: await res.text(),
  };
}

async function post(path: string, form: Record<string, string>, base = h.webUrl) {
  const res = await fetch(`${base}/open311/v2/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(form).toString(),
  });
  return {
    status: res.status,
    type: res.headers.get('content-type') ?? '',
    body: await res.text(),
  };
}

/** Both formats of one GET, parsed: [json, xml root's content]. */
async function both(path: string, root: string) {
  const j = await get(`${path.replace('{f}', 'json')}`);
  const x = await get(`${path.replace('{f}', 'xml')}`);
  expect(j.type).toBe('application/json; charset=utf-8');
  expect(x.type).toBe('text/xml; charset=utf-8');
  expect(x.body.startsWith('<?xml version="1.0" encoding="utf-8"?>')).toBe(true);
  const parsed = xml.parse(x.body) as Record<string, unknown>;
  expect(Object.keys(parsed).filter((k) => k !== '?xml')).toEqual([root]);
  return {
    json: JSON.parse(j.body) as unknown,
    xml: parsed[root] as Record<string, unknown>,
    raw: [j.body, x.body],
  };
}

function expectError(res: { status: number; body: string; type: string }, status: number) {
  expect(res.status).toBe(status);
  if (res.type.startsWith('text/xml')) {
    const e = (
      xml.parse(res.body) as { errors: { error: Array<{ code: string; description: string }> } }
    ).errors.error;
    expect(e).toHaveLength(1);
    expect(e[0]!.code).toBe(String(status));
    expect(e[0]!.description.length).toBeGreaterThan(5);
    return e[0]!.description;
  }
  const e = JSON.parse(res.body) as Array<{ code: string; description: string }>;
  expect(e).toEqual([{ code: String(status), description: expect.any(String) }]);
  return e[0]!.description;
}

beforeAll(async () => {
  // This file makes hundreds of requests a minute from one address; the limit has its own test.
  h = await startHarness({ humanPace: true, env: { OPEN311_RATE_PER_MINUTE: '100000' } });
  unitKey = keyIn(await cli('open311', 'keys', 'add', '--name', 'Cổng xã', '--unit', COMMUNE));
  provinceKey = keyIn(
    await cli('open311', 'keys', 'add', '--name', 'IOC Hưng Yên', '--province', '33'),
  );
  otherKey = keyIn(
    await cli('open311', 'keys', 'add', '--name', 'Cổng xã khác', '--unit', OTHER_COMMUNE),
  );
}, 120_000);
afterAll(async () => h?.close());

describe('keys', () => {
  it('prints a key once, stores only its hash, lists and revokes', async () => {
    const out = await cli('open311', 'keys', 'add', '--name', 'Thử', '--unit', COMMUNE);
    const key = keyIn(out);
    expect(out).toMatch(/chỉ hiện một lần/);
    const rows = await h.db.prisma.open311Key.findMany();
    expect(JSON.stringify(rows)).not.toContain(key);
    expect(JSON.stringify(rows)).not.toContain(unitKey);
    const list = await cli('open311', 'keys', 'list');
    expect(list).toMatch(/Thử/);
    expect(list).toMatch(/IOC Hưng Yên/);
    expect(list).not.toContain(key);
    const form = {
      api_key: key,
      jurisdiction_id: COMMUNE,
      service_code: 'khac',
      address_string: 'Thôn Đông',
      description: 'Một phản ánh thử nghiệm đủ dài.',
    };
    const id = /#(\d+)/.exec(out)![1]!;
    expect(await cli('open311', 'keys', 'revoke', id)).toMatch(/Đã thu hồi/);
    expectError(await post('requests.json', form), 403);
    await expect(cli('open311', 'keys', 'revoke', id)).rejects.toThrow(/không có khóa/);
    await expect(
      cli('open311', 'keys', 'add', '--name', 'x', '--unit', COMMUNE, '--province', '33'),
    ).rejects.toThrow(/--unit, --province/);
  });
});

describe('discovery and services', () => {
  it('discovery names the endpoint and both formats', async () => {
    const { json, xml: x } = await both('discovery.{f}', 'discovery');
    const d = json as {
      endpoints: Array<{ url: string; formats: string[]; specification: string }>;
    };
    expect(d.endpoints[0]!.url).toBe(`${h.webUrl}/open311/v2/`);
    expect(d.endpoints[0]!.formats).toEqual(['text/xml', 'application/json']);
    expect(d.endpoints[0]!.specification).toBe('http://wiki.open311.org/GeoReport_v2');
    const e = (x.endpoints as { endpoint: { formats: { format: string[] } } }).endpoint;
    expect(e.formats.format).toEqual(['text/xml', 'application/json']);
  });

  it('services lists every active category with the spec fields, codes as strings', async () => {
    const { json, xml: x } = await both(`services.{f}?jurisdiction_id=${COMMUNE}`, 'services');
    const list = json as Array<Record<string, unknown>>;
    const cats = await h.db.prisma.category.findMany({ where: { active: true } });
    expect(list.map((s) => s.service_code).sort()).toEqual(cats.map((c) => c.code).sort());
    for (const s of list) {
      for (const f of ['service_code', 'service_name', 'description', 'type', 'keywords', 'group'])
        expect(typeof s[f], f).toBe('string');
      expect(s.metadata).toBe(true);
      expect(s.type).toBe('realtime');
    }
    const services = x.service as Array<Record<string, string>>;
    expect(services).toHaveLength(list.length);
    const road = services.find((s) => s.service_code === 'giao-thong')!;
    expect(road).toMatchObject({ service_name: 'Giao thông, đường sá', metadata: 'true' });
    expectError(await get('services.xml?jurisdiction_id=99999'), 404);
  });

  it('a service definition carries its attributes with the spec datatypes', async () => {
    const { json, xml: x } = await both('services/giao-thong.{f}', 'service_definition');
    const def = json as { service_code: string; attributes: Array<Record<string, unknown>> };
    expect(def.service_code).toBe('giao-thong');
    expect(def.attributes.map((a) => a.code)).toEqual(['kind', 'public']);
    for (const a of def.attributes) {
      expect(a).toMatchObject({ variable: true, datatype: 'singlevaluelist', required: false });
      expect(typeof a.order).toBe('string');
    }
    const attrs = (x.attributes as { attribute: Array<Record<string, unknown>> }).attribute;
    expect(attrs[1]).toMatchObject({
      code: 'public',
      datatype: 'singlevaluelist',
      required: 'false',
    });
    expect((attrs[1]!.values as { value: unknown[] }).value).toEqual([
      { key: 'false', name: 'Không công khai' },
      { key: 'true', name: 'Đồng ý công khai' },
    ]);
    expectError(await get('services/khong-co.json'), 404);
    expectError(await get('services/khong-co.xml'), 404);
  });
});

describe('POST requests', () => {
  const base = {
    jurisdiction_id: COMMUNE,
    service_code: 'an-ninh',
    lat: '20.541234',
    long: '106.339187',
    description: 'Nhóm thanh niên tụ tập đua xe ở đầu cầu thôn Nam mỗi tối sau 22 giờ.',
  };

  it('refuses a missing, wrong or out-of-scope key, and bad input, the spec way', async () => {
    expectError(await post('requests.json', base), 403);
    expectError(await post('requests.xml', { ...base, api_key: 'o311_wrong' }), 403);
    expect(expectError(await post('requests.json', { ...base, api_key: otherKey }), 403)).toMatch(
      /Bắc Đông Hưng/,
    );
    expectError(await post('requests.json', { ...base, api_key: unitKey, service_code: 'x' }), 404);
    const { lat: _lat, long: _long, ...noPlace } = base;
    expect(expectError(await post('requests.json', { ...noPlace, api_key: unitKey }), 400)).toMatch(
      /vị trí/,
    );
    expect(
      expectError(
        await post('requests.xml', {
          ...base,
          api_key: unitKey,
          description: 'Xem <b>đây</b> nhé các bác',
        }),
        400,
      ),
    ).toMatch(/HTML/);
    expectError(
      await post('requests.json', { ...base, api_key: unitKey, description: 'x'.repeat(4001) }),
      400,
    );
    expectError(
      await post('requests.json', { ...base, api_key: unitKey, description: 'ngắn' }),
      400,
    );
    expectError(
      await post('requests.json', { ...base, api_key: unitKey, 'attribute[kind]': 'to-cao' }),
      400,
    );
    expect(await h.db.prisma.report.count({ where: { flowId: 'open311' } })).toBe(0);
  });

  it('creates a report that reaches the chair in Telegram; the answer shows in requests/<id> and servicerequestupdates', async () => {
    const since = new Date(Date.now() - 60_000).toISOString();
    const res = await post('requests.xml', {
      ...base,
      api_key: provinceKey, // a province key covers its communes
      first_name: 'Trần',
      last_name: 'Văn Bình',
      email: 'binh@example.vn',
      phone: '0912345678',
      'attribute[public]': 'true',
    });
    expect(res.status).toBe(200);
    const created = (
      xml.parse(res.body) as { service_requests: { request: Array<Record<string, string>> } }
    ).service_requests.request;
    expect(created).toHaveLength(1);
    const ticket = created[0]!.service_request_id!;
    expect(ticket).toMatch(/^PA-\d{4}-\d{6}$/);
    // The same deadline as the chat's: an-ninh is 3 working days, given as a date.
    const row = await h.db.prisma.report.findUniqueOrThrow({ where: { ticketCode: ticket } });
    const due = new Intl.DateTimeFormat('vi-VN', {
      timeZone: 'Asia/Ho_Chi_Minh',
      day: '2-digit',
      month: '2-digit',
      year: 'numeric',
    }).format(row.dueAt);
    expect(created[0]!.service_notice).toBe(
      `Đã tiếp nhận. UBND xã Bắc Đông Hưng trả lời trong 3 ngày làm việc, chậm nhất ngày ${due}.`,
    );
    expect(row).toMatchObject({
      unitCode: COMMUNE,
      kind: 'phan-anh',
      isPublic: true,
      categoryCode: 'an-ninh',
    });

    const alert = await h.waitForText(CHAIR, new RegExp(`Phản ánh mới · ${ticket}`));
    expect(alert.text).toContain('đua xe ở đầu cầu thôn Nam');

    // Public before any answer: open, with the deadline, nothing about the sender.
    const before = await both(`requests/${ticket}.{f}`, 'service_requests');
    const open = (before.json as Array<Record<string, string>>)[0]!;
    expect(open).toMatchObject({
      service_request_id: ticket,
      status: 'open',
      service_code: 'an-ninh',
      agency_responsible: 'UBND xã Bắc Đông Hưng',
      lat: '20.541',
      long: '106.339',
      status_notes: '',
    });
    for (const f of ['requested_datetime', 'updated_datetime', 'expected_datetime'])
      expect(open[f], f).toMatch(ISO_WITH_ZONE);
    for (const body of before.raw)
      for (const personal of ['Trần', 'Bình', 'binh@example.vn', '0912345678', '20.541234'])
        expect(body).not.toContain(personal);

    await h.press(CHAIR, '✅ Tiếp nhận');
    await h.press(CHAIR, '✔ Đã xử lý');
    await h.press(CHAIR, 'Đã giải quyết');
    await h.send(
      CHAIR,
      'Công an xã đã tăng cường tuần tra khu vực đầu cầu từ 21 giờ đến 24 giờ hằng đêm.',
    );
    await h.waitForText(CHAIR, /trả về hệ thống đó/);
    await until(
      'the report resolved',
      async () =>
        (await h.db.prisma.report.findUniqueOrThrow({ where: { ticketCode: ticket } })).status ===
        'resolved',
    );

    const after = await both(`requests/${ticket}.{f}`, 'service_requests');
    const answered = (after.json as Array<Record<string, string>>)[0]!;
    expect(answered.status).toBe('closed');
    expect(answered.status_notes).toBe(
      'Đã giải quyết. Công an xã đã tăng cường tuần tra khu vực đầu cầu từ 21 giờ đến 24 giờ hằng đêm.',
    );
    const x = (after.xml.request as Array<Record<string, string>>)[0]!;
    expect(x.status_notes).toBe(answered.status_notes);

    const updates = await both(
      `servicerequestupdates.{f}?start_date=${encodeURIComponent(since)}`,
      'service_requests_updates',
    );
    const mine = (updates.json as Array<Record<string, string>>).filter(
      (u) => u.service_request_id === ticket,
    );
    expect(mine.map((u) => u.status)).toEqual(['in_progress', 'fixed']);
    expect(mine[1]!.description).toContain('tăng cường tuần tra');
    for (const u of mine) {
      expect(typeof u.update_id).toBe('string');
      expect(u.updated_datetime).toMatch(ISO_WITH_ZONE);
      expect(u).toHaveProperty('media_url');
    }
    const xu = (updates.xml.request_update as Array<Record<string, string>>).filter(
      (u) => u.service_request_id === ticket,
    );
    expect(xu.map((u) => u.update_id)).toEqual(mine.map((u) => u.update_id));

    // Listed among the requests of its commune, as closed.
    const list = await both(
      `requests.{f}?jurisdiction_id=${COMMUNE}&status=closed`,
      'service_requests',
    );
    expect(
      (list.json as Array<{ service_request_id: string }>).map((r) => r.service_request_id),
    ).toContain(ticket);
    const openList = await get(`requests.json?status=open`);
    expect(openList.body).not.toContain(ticket);
    expect(h.fake.violations()).toEqual([]);
  }, 90_000);

  it('tells a ward’s report’s updates from «UBND phường», not «UBND xã»', async () => {
    const since = new Date(Date.now() - 60_000).toISOString();
    const r = await fileReport(h, { citizen: { id: 8104 }, unitCode: WARD, route: false });
    await h.db.prisma.report.update({ where: { id: r.id }, data: { isPublic: true } });
    for (const type of ['acknowledged', 'extended'])
      await h.db.prisma.reportEvent.create({
        data: { reportId: r.id, type, actorKind: 'official', data: {} },
      });
    const updates = await both(
      `servicerequestupdates.{f}?start_date=${encodeURIComponent(since)}`,
      'service_requests_updates',
    );
    const said = (updates.json as Array<Record<string, string>>)
      .filter((u) => u.service_request_id === r.ticket)
      .map((u) => u.description);
    expect(said).toEqual([
      'UBND phường đã tiếp nhận và đang xử lý.',
      'UBND phường gia hạn thời gian xử lý.',
    ]);
  });

  it('a report sent without attribute[public] stays private (default not public)', async () => {
    const res = await post('requests.json', {
      ...base,
      api_key: unitKey,
      description: 'Cột điện nghiêng sắp đổ ở ngõ 7 thôn Đông, xin xã kiểm tra gấp.',
    });
    expect(res.status).toBe(200);
    const [created] = JSON.parse(res.body) as Array<{ service_request_id: string }>;
    const ticket = created!.service_request_id;
    expect(
      (await h.db.prisma.report.findUniqueOrThrow({ where: { ticketCode: ticket } })).isPublic,
    ).toBe(false);
    expectError(await get(`requests/${ticket}.json`), 404);
    expect((await get('requests.json')).body).not.toContain(ticket);
  });
});

describe('what is public', () => {
  it('never lists a private report, a khiếu nại or a tố cáo, in any endpoint or format', async () => {
    const since = new Date(Date.now() - 60_000).toISOString();
    const secret = {
      private: 'BÍMẬT-riêng tư: nhà ông hàng xóm số 12 lấn chiếm lối đi chung.',
      complaint: 'BÍMẬT-khiếu nại: quyết định thu hồi đất số 45 không đúng.',
      denunciation: 'BÍMẬT-tố cáo: cán bộ địa chính nhận tiền của dân.',
    };
    const priv = await fileReport(h, { citizen: { id: 8101 }, text: secret.private });
    const complaint = await fileReport(h, {
      citizen: { id: 8102 },
      kind: 'khieu-nai',
      text: secret.complaint,
    });
    const denunciation = await fileReport(h, {
      citizen: { id: 8103 },
      kind: 'to-cao',
      text: secret.denunciation,
    });
    // Even marked public by mistake, a khiếu nại or tố cáo stays out: the rule is the kind's.
    await h.db.prisma.report.updateMany({
      where: { id: { in: [complaint.id, denunciation.id] } },
      data: { isPublic: true },
    });
    for (const r of [priv, complaint, denunciation])
      await h.db.prisma.reportEvent.create({
        data: {
          reportId: r.id,
          type: 'resolved',
          actorKind: 'official',
          data: { answer: 'BÍMẬT-trả lời' },
        },
      });
    const tickets = [priv.ticket, complaint.ticket, denunciation.ticket];
    const bodies: string[] = [];
    for (const f of ['json', 'xml']) {
      bodies.push((await get(`requests.${f}`)).body);
      bodies.push((await get(`requests.${f}?service_request_id=${tickets.join(',')}`)).body);
      bodies.push((await get(`requests.${f}?jurisdiction_id=${COMMUNE}&status=open`)).body);
      bodies.push(
        (await get(`servicerequestupdates.${f}?start_date=${encodeURIComponent(since)}`)).body,
      );
      for (const t of tickets) {
        const one = await get(`requests/${t}.${f}`);
        expect(one.status).toBe(404);
        bodies.push(one.body);
        expect((await get(`media/${t}.jpg`)).status).toBe(404);
      }
    }
    for (const body of bodies) {
      expect(body).not.toMatch(/BÍMẬT/);
      for (const t of tickets) expect(body).not.toContain(t);
    }
  });

  it('serves a public report’s first photo resized, with no EXIF (no GPS, no camera)', async () => {
    const citizen = 8201;
    const photo = await sharp({
      create: { width: 2400, height: 1800, channels: 3, background: { r: 200, g: 120, b: 40 } },
    })
      .jpeg()
      .withExif({
        IFD0: { Make: 'MayAnhBiMat', Model: 'X1' },
        IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '20/1 32/1 28/1' },
      })
      .toBuffer();
    expect((await sharp(photo).metadata()).exif).toBeDefined();
    await h.send(citizen, '/start');
    await h.press(citizen, 'Gửi phản ánh, kiến nghị');
    await h.press(citizen, 'Phản ánh');
    await h.send(citizen, 'dong xa');
    await h.press(citizen, /Bắc Đông Hưng/);
    await h.press(citizen, 'Môi trường, rác thải');
    await h.send(citizen, 'Bãi rác tự phát cạnh kênh thủy lợi thôn Bắc bốc mùi nặng.');
    await h.sendPhoto(citizen, undefined, citizen, photo);
    await h.press(citizen, '✅ Xong');
    await h.sendLocation(citizen, 20.5456789, 106.3412345);
    await h.press(citizen, 'Có, gửi ẩn danh');
    expect(h.texts(citizen).at(-1)).toMatch(/Ông\/Bà có đồng ý công khai phản ánh này không\?/);
    await h.press(citizen, 'Đồng ý công khai');
    await h.press(citizen, '✅ Gửi');
    const done = await h.waitForText(citizen, /Mã phiếu: PA-\d{4}-\d{6}/);
    const ticket = /PA-\d{4}-\d{6}/.exec(done.text ?? '')![0];
    const [record] = JSON.parse((await get(`requests/${ticket}.json`)).body) as Array<
      Record<string, string>
    >;
    expect(record).toMatchObject({
      description: 'Bãi rác tự phát cạnh kênh thủy lợi thôn Bắc bốc mùi nặng.',
      lat: '20.546',
      long: '106.341',
      media_url: `${h.webUrl}/open311/v2/media/${ticket}.jpg`,
    });
    const res = await fetch(record!.media_url!);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/jpeg');
    const served = Buffer.from(await res.arrayBuffer());
    const meta = await sharp(served).metadata();
    expect(meta.format).toBe('jpeg');
    expect(Math.max(meta.width, meta.height)).toBe(1280);
    expect(meta.exif).toBeUndefined();
    expect(served.includes(Buffer.from('MayAnhBiMat'))).toBe(false);

    // A citizen who erases their data withdraws what they agreed to publish.
    expect(await h.gopy.repos.citizens.erase('telegram', String(citizen), new Date())).toBe(true);
    expectError(await get(`requests/${ticket}.json`), 404);
    expect((await fetch(record!.media_url!)).status).toBe(404);
  }, 60_000);
});

describe('POST servicerequestupdates', () => {
  it('reaches the citizen in chat like a staff answer; the same update_id is refused', async () => {
    const citizen = 8301;
    const report = await fileReport(h, { citizen: { id: citizen } });
    const form = {
      api_key: unitKey,
      service_request_id: report.ticket,
      update_id: 'ioc-777',
      updated_datetime: new Date().toISOString(),
      status: 'in_progress',
      description: 'Điện lực đã nhận thông tin, sẽ thay bóng đèn trong tuần này.',
    };
    expectError(await post('servicerequestupdates.json', { ...form, api_key: otherKey }), 403);
    expectError(await post('servicerequestupdates.json', { ...form, api_key: '' }), 403);
    expectError(
      await post('servicerequestupdates.xml', { ...form, service_request_id: 'PA-2026-999999' }),
      404,
    );
    expectError(await post('servicerequestupdates.json', { ...form, status: 'xong' }), 400);
    const res = await post('servicerequestupdates.xml', form);
    expect(res.status).toBe(200);
    const parsed = xml.parse(res.body) as {
      service_request_updates: { request_update: Array<{ update_id: string }> };
    };
    expect(parsed.service_request_updates.request_update[0]!.update_id).toMatch(/^\d+$/);
    const msg = await h.waitForText(citizen, /sẽ thay bóng đèn trong tuần này/);
    expect(msg.text).toContain(`UBND xã Bắc Đông Hưng · phiếu ${report.ticket}`);
    expect(msg.reply_markup?.inline_keyboard.flat().map((b) => b.text)).toEqual(['✉ Trả lời']);

    const again = await post('servicerequestupdates.json', form);
    expect(expectError(again, 400)).toMatch(/đã được nhận/);
    await h.settle();
    expect(h.texts(citizen).filter((t) => t.includes('sẽ thay bóng đèn'))).toHaveLength(1);
    const thread = await h.db.prisma.threadMessage.findMany({ where: { reportId: report.id } });
    expect(thread.map((m) => [m.direction, m.text])).toEqual([['out', form.description]]);
  });
});

describe('dates and pages', () => {
  it('refuses ranges over 90 days and bad dates; pages with page/page_size', async () => {
    expect(
      expectError(
        await get('requests.json?start_date=2026-01-01T00:00:00Z&end_date=2026-06-01T00:00:00Z'),
        400,
      ),
    ).toMatch(/90 ngày/);
    expectError(await get('servicerequestupdates.xml?start_date=hom-qua'), 400);
    expectError(await get('requests.json?status=done'), 400);
    expectError(await get('requests.json?page_size=5000'), 400);
    // Two more public reports, so there are pages to turn whatever ran before.
    for (const place of ['Thôn Nam', 'Thôn Bắc'])
      expect(
        (
          await post('requests.json', {
            api_key: unitKey,
            service_code: 'khac',
            address_string: place,
            description: `Biển báo giao thông ở ${place} bị đổ, cần dựng lại.`,
            'attribute[public]': 'true',
          })
        ).status,
      ).toBe(200);
    const all = JSON.parse((await get('requests.json')).body) as unknown[];
    expect(all.length).toBeGreaterThanOrEqual(2);
    const first = JSON.parse((await get('requests.json?page=1&page_size=1')).body) as unknown[];
    const second = JSON.parse((await get('requests.json?page=2&page_size=1')).body) as unknown[];
    // By id: routing may change a new report's status between the calls.
    const ids = (list: unknown[]) =>
      (list as Array<{ service_request_id: string }>).map((r) => r.service_request_id);
    expect(ids([...first, ...second])).toEqual(ids(all.slice(0, 2)));
    expectError(await get('tokens/abc.json'), 404);
    expectError(await get('nothing-here.xml'), 404);
  });
});

describe('rate limit', () => {
  it('counts per api_key: one client over its limit does not stop another', async () => {
    const logger = createLogger('silent');
    const server = await createWebServer({
      logger,
      open311: { ...h.gopy.web.open311, perMinute: 3 },
    });
    const port = await listen(server, 0, '127.0.0.1');
    const base = `http://127.0.0.1:${port}`;
    try {
      const form = (key: string) => ({
        api_key: key,
        service_request_id: 'PA-2026-999998',
        update_id: 'x',
        status: 'open',
        description: 'thử giới hạn',
      });
      for (let i = 0; i < 3; i++)
        expect((await post('servicerequestupdates.json', form(unitKey), base)).status).toBe(404);
      const limited = await post('servicerequestupdates.xml', form(unitKey), base);
      expect(expectError(limited, 429)).toMatch(/Quá nhiều yêu cầu/);
      expect((await post('servicerequestupdates.json', form(provinceKey), base)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
