/**
 * gopy as an Open311 GeoReport v2 server (with FixMyStreet's servicerequestupdates extension):
 * the use cases behind /open311/v2/. They return the spec's records as plain objects, with the
 * spec's field names and every id and date as a string; the HTTP layer writes them as JSON or
 * XML. Failures are values with the HTTP status the spec asks for (404 unknown service or
 * request, 403 missing or wrong api_key or out of the key's scope, 400 anything else).
 *
 * What leaves here is public, and only what core/public-reports.ts allows: a report the
 * citizen made public (never a khiếu nại or tố cáo), without any person, its place rounded to
 * about 100 m, the commune's answer as status_notes.
 */
import { randomUUID } from 'node:crypto';
import { assertNever } from '../../core/assert-never.ts';
import { RESULT_LABELS_VI } from '../../core/judgement-items.ts';
import { formatIsoDate, localDateTime } from '../../core/local-date.ts';
import { reportIsPublic, roundCoordinate } from '../../core/public-reports.ts';
import { OPEN_STATUSES, type ReportStatus } from '../../core/report-status.ts';
import { SHARED_KINDS, submissionKind, type SubmissionKind } from '../../core/submission-kinds.ts';
import type { CategoryRecord } from '../ports/categories.ts';
import type {
  Open311KeyRecord,
  Open311Store,
  PublicEventRow,
  PublicReportRow,
} from '../ports/open311-store.ts';
import type { ReportForOfficials } from '../ports/report-store.ts';
import type { UnitRecord } from '../ports/units.ts';
import { committeeName } from '../alert-message.ts';
import {
  citizenLangOf,
  copyText,
  replyButton,
  threadDelivery,
  toCitizenHeader,
} from '../desk/thread-messages.ts';
import type { Lang } from '../../core/lang.ts';
import type { Outbox } from '../ports/outbox.ts';
import { formatDate } from '../report-labels.ts';
import { unitWord } from '../../texts/report.ts';
import { DESCRIPTION_MAX, type SubmitReport } from '../submit-report.ts';
import { hashApiKey, keyCovers } from './api-keys.ts';

/** The longest range of dates one query of requests or updates may cover. */
export const MAX_RANGE_DAYS = 90;
/** The most requests (or updates) one answer carries. */
export const MAX_PAGE_SIZE = 1000;
const DAY_MS = 86_400_000;

/** The kind of a request that names none. */
const DEFAULT_KIND: SubmissionKind = 'phan-anh';
/**
 * Kinds a client may submit: those about a shared matter, handled without a legal procedure or
 * an identity (the default first).
 */
const OPEN311_KINDS: readonly SubmissionKind[] = [
  DEFAULT_KIND,
  ...SHARED_KINDS.filter((k) => k !== DEFAULT_KIND),
];

export type Open311Failure = { type: 'error'; status: 400 | 403 | 404; description: string };
export type Open311Result<T> = { type: 'ok'; value: T } | Open311Failure;

/** A record of the spec: field name → string (or a nested list for attributes). */
export type Open311Record = {
  [field: string]: string | boolean | string[] | Open311Record[] | undefined;
};

export interface Open311Deps {
  repo: Open311Store;
  categories: { listActive(): Promise<CategoryRecord[]> };
  units: { get(code: string): Promise<UnitRecord | undefined> };
  submitReport: SubmitReport;
  workflow: {
    get(id: number): Promise<ReportForOfficials | undefined>;
  };
  outbox: Outbox;
  /** Where clients reach gopy, for media_url (e.g. https://gopy.example.gov.vn). */
  publicUrl: () => string;
  now: () => Date;
}

export interface RequestQuery {
  service_request_id?: string | undefined;
  service_code?: string | undefined;
  start_date?: string | undefined;
  end_date?: string | undefined;
  status?: string | undefined;
  jurisdiction_id?: string | undefined;
  page?: string | undefined;
  page_size?: string | undefined;
}

/** The form fields of POST requests (spec names; `attribute[x]` arrive as `attribute`). */
export interface NewRequestForm {
  api_key?: string | undefined;
  jurisdiction_id?: string | undefined;
  service_code?: string | undefined;
  lat?: string | undefined;
  long?: string | undefined;
  address_string?: string | undefined;
  address_id?: string | undefined;
  description?: string | undefined;
  first_name?: string | undefined;
  last_name?: string | undefined;
  email?: string | undefined;
  phone?: string | undefined;
  device_id?: string | undefined;
  account_id?: string | undefined;
  media_url?: string | undefined;
  attribute?: Record<string, string> | undefined;
}

export interface NewUpdateForm {
  api_key?: string | undefined;
  service_request_id?: string | undefined;
  update_id?: string | undefined;
  updated_datetime?: string | undefined;
  status?: string | undefined;
  description?: string | undefined;
  media_url?: string | undefined;
}

/** FixMyStreet's extended statuses a connected system may post. */
export const UPDATE_STATUSES = [
  'open',
  'investigating',
  'in_progress',
  'planned',
  'action_scheduled',
  'fixed',
  'closed',
  'duplicate',
  'not_councils_responsibility',
  'no_further_action',
  'internal_referral',
  'reopen',
] as const;

export function createOpen311(deps: Open311Deps) {
  const fail = (status: 400 | 403 | 404, description: string): Open311Failure => ({
    type: 'error',
    status,
    description,
  });

  async function authenticate(
    apiKey: string | undefined,
  ): Promise<{ type: 'ok'; key: Open311KeyRecord } | Open311Failure> {
    if (!apiKey?.trim()) return fail(403, 'api_key là bắt buộc (api_key is required).');
    const key = await deps.repo.activeKeyByHash(hashApiKey(apiKey));
    if (!key) return fail(403, 'api_key không hợp lệ hoặc đã bị thu hồi (invalid api_key).');
    return { type: 'ok', key };
  }

  const mediaUrl = (row: { ticketCode: string; firstPhotoFileId: string | null }) =>
    row.firstPhotoFileId ? `${deps.publicUrl()}/open311/v2/media/${row.ticketCode}.jpg` : '';

  /** A public report as the spec's request record; undefined when the rule says it is not. */
  function requestRecord(r: PublicReportRow): Open311Record | undefined {
    if (!reportIsPublic(r)) return undefined;
    const answered = r.resolvedAt !== null && (r.status === 'resolved' || r.status === 'closed');
    const lat = r.latitude === null ? '' : String(roundCoordinate(r.latitude));
    const long = r.longitude === null ? '' : String(roundCoordinate(r.longitude));
    return {
      service_request_id: r.ticketCode,
      status: openOrClosed(r.status),
      status_notes: answered ? statusNotes(r.resultType, r.answer) : '',
      service_name: r.categoryVi,
      service_code: r.categoryCode,
      description: r.text,
      agency_responsible: committeeName(r.unitName),
      service_notice: '',
      requested_datetime: isoWithZone(r.createdAt),
      updated_datetime: isoWithZone(r.updatedAt),
      expected_datetime: submissionKind(toKind(r.kind)).handling.hasDeadline
        ? isoWithZone(r.dueAt)
        : '',
      address: r.address ?? '',
      address_id: '',
      zipcode: '',
      lat,
      long,
      media_url: mediaUrl(r),
    };
  }

  return {
    discovery(): Open311Record {
      const base = `${deps.publicUrl()}/open311/v2/`;
      return {
        changeset: '2026-12-06T00:00:00+07:00',
        contact: 'Gopy — phản ánh, kiến nghị tới UBND xã, phường',
        key_service: 'Khóa API do quản trị viên cấp: gopy open311 keys add',
        endpoints: [
          {
            specification: 'http://wiki.open311.org/GeoReport_v2',
            url: base,
            changeset: '2026-12-06T00:00:00+07:00',
            type: 'production',
            formats: ['text/xml', 'application/json'],
          },
        ],
      };
    },

    /** The categories as services (jurisdiction_id is a commune; every commune has them all). */
    async services(jurisdictionId: string | undefined): Promise<Open311Result<Open311Record[]>> {
      if (jurisdictionId !== undefined && !(await deps.units.get(jurisdictionId)))
        return fail(404, `Không có xã, phường mã ${jurisdictionId} (unknown jurisdiction_id).`);
      const categories = await deps.categories.listActive();
      return {
        type: 'ok',
        value: categories.map((c) => ({
          service_code: c.code,
          service_name: c.nameVi,
          description: `${c.nameVi} (${c.nameEn}). Hạn trả lời: ${c.deadlineDays} ngày làm việc.`,
          // Every service has the questions of serviceDefinition (kind, public).
          metadata: true,
          type: 'realtime',
          keywords: [c.nameVi, c.nameEn, c.onSite ? 'hiện trường' : ''].filter(Boolean).join(', '),
          group: c.onSite ? 'Hạ tầng, hiện trường' : 'Hành chính, dịch vụ',
        })),
      };
    },

    /** The service definition: the questions a report of this category carries. */
    async serviceDefinition(code: string): Promise<Open311Result<Open311Record>> {
      const category = (await deps.categories.listActive()).find((c) => c.code === code);
      if (!category) return fail(404, `Không có lĩnh vực mã ${code} (unknown service_code).`);
      return {
        type: 'ok',
        value: {
          service_code: category.code,
          attributes: [
            {
              variable: true,
              code: 'kind',
              datatype: 'singlevaluelist',
              required: false,
              datatype_description: 'Mặc định: phan-anh.',
              order: '1',
              description: 'Loại: phản ánh, kiến nghị hoặc góp ý.',
              values: OPEN311_KINDS.map((k) => ({ key: k, name: submissionKind(k).nameVi })),
            },
            {
              variable: true,
              code: 'public',
              datatype: 'singlevaluelist',
              required: false,
              datatype_description: 'Mặc định: false (không công khai).',
              order: '2',
              description:
                'Người gửi đồng ý công khai nội dung, ảnh đầu tiên và vị trí gần đúng (khoảng 100 m); tên, email, điện thoại không bao giờ được công khai.',
              values: [
                { key: 'false', name: 'Không công khai' },
                { key: 'true', name: 'Đồng ý công khai' },
              ],
            },
          ],
        },
      };
    },

    /** The channel's file id of a public report's first photo; undefined for anything else. */
    async publicPhoto(ticketCode: string): Promise<string | undefined> {
      const [row] = await deps.repo.publicReports({
        ticketCodes: [ticketCode],
        start: new Date(0),
        end: new Date(deps.now().getTime() + DAY_MS),
        limit: 1,
        offset: 0,
      });
      return row && reportIsPublic(row) ? (row.firstPhotoFileId ?? undefined) : undefined;
    },

    /** POST requests: through the same submit use case as the chat. */
    async createRequest(form: NewRequestForm): Promise<Open311Result<Open311Record>> {
      const auth = await authenticate(form.api_key);
      if (auth.type === 'error') return auth;
      const key = auth.key;
      const jurisdiction = form.jurisdiction_id?.trim() || key.unitCode;
      if (!jurisdiction)
        return fail(400, 'jurisdiction_id (mã xã, phường) là bắt buộc với khóa này.');
      const unit = await deps.units.get(jurisdiction);
      if (!unit) return fail(404, `Không có xã, phường mã ${jurisdiction}.`);
      if (!keyCovers(key, unit))
        return fail(403, `Khóa này không được gửi phản ánh cho ${unit.name} (out of scope).`);
      const serviceCode = form.service_code?.trim();
      if (!serviceCode) return fail(400, 'service_code là bắt buộc.');
      const category = (await deps.categories.listActive()).find((c) => c.code === serviceCode);
      if (!category) return fail(404, `Không có lĩnh vực mã ${serviceCode}.`);

      const location = parseLocation(form);
      if (location.type === 'error') return location;
      const description = (form.description ?? '').normalize('NFC').trim();
      if (!description) return fail(400, 'description (nội dung) là bắt buộc.');
      if ([...description].length > DESCRIPTION_MAX)
        return fail(400, `description dài quá ${DESCRIPTION_MAX} ký tự.`);
      if (/<\/?[a-z!][^>]*>/i.test(description))
        return fail(400, 'description không được chứa HTML.');
      const media = (form.media_url ?? '').trim();
      if (media && !/^https?:\/\/[^\s<>"]{1,490}$/i.test(media))
        return fail(400, 'media_url phải là một địa chỉ http(s).');
      const kindValue = form.attribute?.kind ?? DEFAULT_KIND;
      const kind = OPEN311_KINDS.find((k) => k === kindValue);
      if (!kind)
        return fail(400, `attribute[kind] phải là một trong: ${OPEN311_KINDS.join(', ')}.`);
      const publicValue = (form.attribute?.public ?? 'false').toLowerCase();
      if (!['true', 'false'].includes(publicValue))
        return fail(400, 'attribute[public] phải là true hoặc false.');
      const name = [form.first_name, form.last_name]
        .map((s) => s?.trim())
        .filter(Boolean)
        .join(' ');
      const person =
        form.email?.trim() || form.account_id?.trim() || form.device_id?.trim() || 'anonymous';
      const now = deps.now();
      const text = media ? `${description}\n\nẢnh kèm theo: ${media}` : description;
      const result = await deps.submitReport({
        // Each POST is a new report: the spec gives clients no idempotency key.
        submissionKey: `open311:${key.id}:${randomUUID()}`,
        citizen: {
          channel: 'open311',
          externalId: `key${key.id}:${person}`.slice(0, 200),
          chatId: null,
          displayName: name || `Người gửi qua ${key.name}`,
          language: 'vi',
        },
        kind,
        unitCode: unit.code,
        categoryCode: category.code,
        text,
        ...(location.value.latitude !== undefined && location.value.longitude !== undefined
          ? { latitude: location.value.latitude, longitude: location.value.longitude }
          : {}),
        ...(location.value.address ? { address: location.value.address } : {}),
        anonymous: false,
        isPublic: publicValue === 'true',
        ...(form.phone?.trim() ? { contactPhone: form.phone.trim().slice(0, 30) } : {}),
        photos: [],
        flowId: 'open311',
        flowVersion: 2,
        origin: {
          open311Key: key.id,
          ...(form.email?.trim() ? { email: form.email.trim().slice(0, 200) } : {}),
        },
        now,
        lang: 'vi',
      });
      if (result.type === 'rejected') return fail(400, rejectionDescription(result.reason));
      const due = formatDate(result.dueAt);
      return {
        type: 'ok',
        value: {
          service_request_id: result.ticketCode,
          service_notice: submissionKind(kind).handling.hasDeadline
            ? `Đã tiếp nhận. ${committeeName(result.unit.name)} trả lời trong ${result.deadlineText}, chậm nhất ngày ${due}.`
            : `Đã tiếp nhận góp ý. ${committeeName(result.unit.name)} sẽ xem xét.`,
          account_id: '',
        },
      };
    },

    /** GET requests: public reports only, newest first. */
    async listRequests(query: RequestQuery): Promise<Open311Result<Open311Record[]>> {
      const now = deps.now();
      const ids = query.service_request_id
        ?.split(',')
        .map((s) => s.trim())
        .filter(Boolean);
      const range = parseRange(query.start_date, query.end_date, now);
      if (range.type === 'error') return range;
      let statuses: readonly string[] | undefined;
      if (query.status !== undefined) {
        const wanted = query.status.split(',').map((s) => s.trim());
        if (wanted.some((s) => s !== 'open' && s !== 'closed'))
          return fail(400, 'status phải là open hoặc closed.');
        statuses = [
          ...(wanted.includes('open') ? ['submitted', ...OPEN_STATUSES] : []),
          ...(wanted.includes('closed') ? ['resolved', 'closed'] : []),
        ];
      }
      const page = parsePositive(query.page, 1);
      const pageSize = parsePositive(query.page_size, MAX_PAGE_SIZE);
      if (page === undefined || pageSize === undefined || pageSize > MAX_PAGE_SIZE)
        return fail(
          400,
          `page và page_size là số nguyên dương; page_size tối đa ${MAX_PAGE_SIZE}.`,
        );
      let unitCodes: string[] | undefined;
      if (query.jurisdiction_id) {
        const unit = await deps.units.get(query.jurisdiction_id);
        if (!unit) return fail(404, `Không có xã, phường mã ${query.jurisdiction_id}.`);
        unitCodes = [unit.code];
      }
      const rows = await deps.repo.publicReports({
        ...(ids?.length ? { ticketCodes: ids.slice(0, MAX_PAGE_SIZE) } : {}),
        ...(query.service_code ? { categoryCode: query.service_code } : {}),
        ...(unitCodes ? { unitCodes } : {}),
        ...(statuses ? { statuses } : {}),
        // Asked by id, a request is found whenever it was made (the spec ignores other filters).
        ...(ids?.length
          ? { start: new Date(0), end: new Date(now.getTime() + DAY_MS) }
          : { start: range.value.start, end: range.value.end }),
        limit: pageSize,
        offset: (page - 1) * pageSize,
      });
      return {
        type: 'ok',
        value: rows.flatMap((r) => {
          const record = requestRecord(r);
          return record ? [record] : [];
        }),
      };
    },

    /** GET requests/<id>: one public report; 404 for any other (private looks unknown). */
    async getRequest(ticketCode: string): Promise<Open311Result<Open311Record[]>> {
      const [row] = await deps.repo.publicReports({
        ticketCodes: [ticketCode],
        start: new Date(0),
        end: new Date(deps.now().getTime() + DAY_MS),
        limit: 1,
        offset: 0,
      });
      const record = row ? requestRecord(row) : undefined;
      // A private report answers like one that does not exist: nothing says it is there.
      if (!record) return fail(404, 'Không có phản ánh công khai với mã này.');
      return { type: 'ok', value: [record] };
    },

    /** GET servicerequestupdates: status changes and answers of public reports. */
    async listUpdates(query: {
      start_date?: string | undefined;
      end_date?: string | undefined;
    }): Promise<Open311Result<Open311Record[]>> {
      const range = parseRange(query.start_date, query.end_date, deps.now());
      if (range.type === 'error') return range;
      const rows = await deps.repo.publicEvents({
        ...range.value,
        types: PUBLISHED_EVENTS,
        limit: MAX_PAGE_SIZE,
      });
      return {
        type: 'ok',
        value: rows.flatMap((e) => {
          const update = updateOf(e);
          if (!update || !reportIsPublic(e)) return [];
          return [
            {
              update_id: String(e.eventId),
              service_request_id: e.ticketCode,
              status: update.status,
              updated_datetime: isoWithZone(e.createdAt),
              description: update.description,
              // Updates carry no photo: only the citizen's first one is published, on the request.
              media_url: '',
            },
          ];
        }),
      };
    },

    /**
     * POST servicerequestupdates: a connected case system answers a report. The answer joins
     * the report's thread and reaches the citizen in chat like an official's; the same
     * update_id twice is refused.
     */
    async postUpdate(form: NewUpdateForm): Promise<Open311Result<Open311Record[]>> {
      const auth = await authenticate(form.api_key);
      if (auth.type === 'error') return auth;
      const ticket = form.service_request_id?.trim();
      const updateId = form.update_id?.trim();
      if (!ticket) return fail(400, 'service_request_id là bắt buộc.');
      if (!updateId || updateId.length > 100)
        return fail(400, 'update_id là bắt buộc (tối đa 100 ký tự).');
      const status = (form.status ?? '').trim().toLowerCase();
      if (!(UPDATE_STATUSES as readonly string[]).includes(status))
        return fail(400, `status phải là một trong: ${UPDATE_STATUSES.join(', ')}.`);
      const description = (form.description ?? '').normalize('NFC').trim();
      if ([...description].length < 2 || [...description].length > DESCRIPTION_MAX)
        return fail(400, `description là bắt buộc (tối đa ${DESCRIPTION_MAX} ký tự).`);
      if (/<\/?[a-z!][^>]*>/i.test(description))
        return fail(400, 'description không được chứa HTML.');
      const scope = await deps.repo.reportScope(ticket);
      if (!scope) return fail(404, `Không có phản ánh mã ${ticket}.`);
      if (!keyCovers(auth.key, { code: scope.unitCode, provinceCode: scope.provinceCode }))
        return fail(403, 'Khóa này không được trả lời phản ánh của xã này (out of scope).');
      const report = await deps.workflow.get(scope.id);
      if (!report) return fail(404, `Không có phản ánh mã ${ticket}.`);
      if (report.status === 'closed') return fail(400, `Phản ánh ${ticket} đã đóng.`);
      const recorded = await deps.repo.recordInboundUpdate({
        keyId: auth.key.id,
        updateId,
        reportId: report.id,
        status,
        text: description,
        at: deps.now(),
      });
      if (recorded.type === 'duplicate')
        return fail(400, `update_id ${updateId} đã được nhận trước đó (already received).`);
      const chatId = report.citizenChatId;
      if (chatId) {
        // In the citizen's language, and in both for the followers' copies.
        const said = (lang: Lang) =>
          ({
            type: 'text',
            chatId,
            text: copyText(toCitizenHeader(report, lang), description),
            buttons: replyButton(report.id, lang),
          }) as const;
        await deps.outbox.enqueue({
          ...threadDelivery(recorded.threadMessageId, chatId, 0),
          chatId,
          message: said(citizenLangOf(report)),
          inLang: { vi: said('vi'), en: said('en') },
          reportId: report.id,
          link: { kind: 'answer', reportId: report.id },
        });
      }
      return { type: 'ok', value: [{ update_id: String(recorded.eventId) }] };
    },
  };
}

export type Open311 = ReturnType<typeof createOpen311>;

/** Report events published as updates (reminders, routing and internal passes are not). */
const PUBLISHED_EVENTS = [
  'acknowledged',
  'assigned',
  'extended',
  'escalated',
  'resolved',
  'reopened',
  'closed',
  'open311-update',
];

/** An event as an update: FixMyStreet's extended status and a Vietnamese description. */
function updateOf(e: PublicEventRow): { status: string; description: string } | undefined {
  const data = e.data;
  // «UBND phường» for a ward's report, «UBND xã» for a commune's: the unit as what it is.
  const committee = `UBND ${unitWord(e.unitName)}`;
  switch (e.type) {
    case 'acknowledged':
      return { status: 'in_progress', description: `${committee} đã tiếp nhận và đang xử lý.` };
    case 'assigned':
      return { status: 'in_progress', description: 'Đã giao cán bộ xử lý.' };
    case 'extended':
      return { status: 'in_progress', description: `${committee} gia hạn thời gian xử lý.` };
    case 'escalated':
      return {
        status: 'in_progress',
        description: 'Đã chuyển lên lãnh đạo cấp trên để chỉ đạo giải quyết.',
      };
    case 'resolved': {
      const result = data.result as { type?: string } | undefined;
      const answer = typeof data.answer === 'string' ? data.answer : null;
      return {
        status: resolvedStatus(result?.type ?? null),
        description: statusNotes(result?.type ?? null, answer),
      };
    }
    case 'reopened':
      return {
        status: 'reopen',
        description: 'Người gửi cho biết vấn đề chưa được giải quyết; phản ánh được mở lại.',
      };
    case 'closed':
      return { status: 'closed', description: 'Phản ánh đã đóng.' };
    case 'open311-update':
      return {
        status: typeof data.status === 'string' ? data.status : 'open',
        description: typeof data.answer === 'string' ? data.answer : '',
      };
    default:
      return undefined;
  }
}

function resolvedStatus(resultType: string | null): string {
  if (resultType === 'not-competent') return 'not_councils_responsibility';
  if (resultType === 'scheduled') return 'action_scheduled';
  return 'fixed';
}

/** The commune's answer for the public: the result in words, then what the official wrote. */
function statusNotes(resultType: string | null, answer: string | null): string {
  const label =
    resultType && resultType in RESULT_LABELS_VI
      ? RESULT_LABELS_VI[resultType as keyof typeof RESULT_LABELS_VI]
      : RESULT_LABELS_VI.resolved;
  return answer ? `${label}. ${answer}` : `${label}.`;
}

function openOrClosed(status: string): 'open' | 'closed' {
  const s = status as ReportStatus;
  return s === 'resolved' || s === 'closed' ? 'closed' : 'open';
}

function toKind(kind: string): SubmissionKind {
  return OPEN311_KINDS.find((k) => k === kind) ?? DEFAULT_KIND;
}

/** "2026-12-06T10:15:00+07:00": ISO 8601 on Vietnam's wall clock, with its zone. */
export function isoWithZone(instant: Date): string {
  const t = localDateTime(instant);
  const second = String(Math.floor((instant.getTime() / 1000) % 60)).padStart(2, '0');
  const hh = String(t.hour).padStart(2, '0');
  const mm = String(t.minute).padStart(2, '0');
  return `${t.date}T${hh}:${mm}:${second}+07:00`;
}

function parseLocation(form: NewRequestForm): Open311Result<{
  latitude?: number;
  longitude?: number;
  address?: string;
}> {
  const address = (form.address_string ?? '').normalize('NFC').trim();
  const hasLat = form.lat !== undefined && form.lat.trim() !== '';
  const hasLong = form.long !== undefined && form.long.trim() !== '';
  if (hasLat !== hasLong)
    return { type: 'error', status: 400, description: 'lat và long phải đi cùng nhau.' };
  if (hasLat && hasLong) {
    const latitude = Number(form.lat);
    const longitude = Number(form.long);
    if (
      !Number.isFinite(latitude) ||
      !Number.isFinite(longitude) ||
      Math.abs(latitude) > 90 ||
      Math.abs(longitude) > 180
    )
      return { type: 'error', status: 400, description: 'lat/long không hợp lệ.' };
    return {
      type: 'ok',
      value: { latitude, longitude, ...(address ? { address: address.slice(0, 300) } : {}) },
    };
  }
  if (!address)
    return {
      type: 'error',
      status: 400,
      description: 'Cần vị trí: lat và long, hoặc address_string.',
    };
  if (/<\/?[a-z!][^>]*>/i.test(address))
    return { type: 'error', status: 400, description: 'address_string không được chứa HTML.' };
  return { type: 'ok', value: { address: address.slice(0, 300) } };
}

/** [start, end) from the spec's dates; by default the last 90 days; never longer than that. */
function parseRange(
  startText: string | undefined,
  endText: string | undefined,
  now: Date,
): Open311Result<{ start: Date; end: Date }> {
  const end = endText ? parseInstant(endText) : now;
  const start = startText
    ? parseInstant(startText)
    : end && new Date(end.getTime() - MAX_RANGE_DAYS * DAY_MS);
  if (!start || !end)
    return {
      type: 'error',
      status: 400,
      description: 'start_date/end_date phải theo ISO 8601, ví dụ 2026-12-01T00:00:00+07:00.',
    };
  if (end.getTime() < start.getTime())
    return { type: 'error', status: 400, description: 'end_date phải sau start_date.' };
  if (end.getTime() - start.getTime() > MAX_RANGE_DAYS * DAY_MS)
    return {
      type: 'error',
      status: 400,
      description: `Khoảng thời gian tối đa ${MAX_RANGE_DAYS} ngày.`,
    };
  // An end given as a date or instant includes that instant.
  return { type: 'ok', value: { start, end: new Date(end.getTime() + 1) } };
}

/** ISO 8601 with a zone, or a date alone (midnight in Vietnam). */
function parseInstant(text: string): Date | undefined {
  const t = text.trim();
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
  if (dateOnly) {
    const iso = formatIsoDate(Number(dateOnly[1]), Number(dateOnly[2]), Number(dateOnly[3]));
    if (iso !== t) return undefined;
    return new Date(`${t}T00:00:00+07:00`);
  }
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})$/.test(t))
    return undefined;
  const d = new Date(t);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

function parsePositive(text: string | undefined, fallback: number): number | undefined {
  if (text === undefined || text === '') return fallback;
  if (!/^\d{1,7}$/.test(text) || Number(text) === 0) return undefined;
  return Number(text);
}

function rejectionDescription(
  reason: 'unknown-unit' | 'unknown-category' | 'description-too-short' | 'description-too-long',
): string {
  switch (reason) {
    case 'unknown-unit':
      return 'Không có xã, phường này.';
    case 'unknown-category':
      return 'Không có lĩnh vực này.';
    case 'description-too-short':
      return 'description quá ngắn (ít nhất 10 ký tự).';
    case 'description-too-long':
      return `description dài quá ${DESCRIPTION_MAX} ký tự.`;
    default:
      return assertNever(reason, 'submit rejection');
  }
}
