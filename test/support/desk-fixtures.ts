/**
 * Helpers for the officials' desk tests: a report filed as the citizen flow would commit it
 * (without walking the whole conversation each time), routed by the real routing job, and the
 * gestures people make in Telegram that the harness has no shortcut for (a reply, a forged
 * button, an edit).
 */
import { randomUUID } from 'node:crypto';
import { TICKET_PREFIXES } from '../../src/core/ticket-code.ts';
import { addWorkingDays } from '../../src/core/working-days.ts';
import type { SubmissionKind } from '../../src/core/submission-kinds.ts';
import type { RecordedCall, TgMessage } from '../../src/simulator/fake-bot-api.ts';
import { TINY_PNG, TOKEN, type Harness } from './gopy-harness.ts';
import { until } from './until.ts';

export interface FiledReport {
  id: number;
  ticket: string;
}

export interface CitizenInput {
  id: number;
  firstName?: string;
  username?: string;
}

/** Commits a report from `citizen` (a known Telegram chat) and runs the routing job on it. */
export async function fileReport(
  h: Pick<Harness, 'fake' | 'db' | 'gopy'>,
  input: {
    citizen: CitizenInput;
    unitCode?: string;
    categoryCode?: string;
    kind?: SubmissionKind;
    text?: string;
    anonymous?: boolean;
    dueAt?: Date;
    location?: { latitude: number; longitude: number };
    /** Telegram file ids of the citizen's photos (known to the fake for TOKEN). */
    photos?: string[];
    /** false: committed only, routed by the test (as a retried routing job would). */
    route?: false;
  },
): Promise<FiledReport> {
  const { citizen } = input;
  h.fake.addChat(TOKEN, {
    id: citizen.id,
    type: 'private',
    first_name: citizen.firstName ?? `Người dân ${citizen.id}`,
    ...(citizen.username ? { username: citizen.username } : {}),
  });
  const row = await h.db.prisma.citizen.upsert({
    where: { channel_externalId: { channel: 'telegram', externalId: String(citizen.id) } },
    create: {
      channel: 'telegram',
      externalId: String(citizen.id),
      chatId: String(citizen.id),
      displayName: citizen.firstName ?? `Người dân ${citizen.id}`,
      username: citizen.username ?? null,
      consentAt: new Date(),
    },
    update: {},
  });
  const kind = input.kind ?? 'phan-anh';
  const categoryCode = input.categoryCode ?? 'giao-thong';
  const category = await h.db.prisma.category.findUniqueOrThrow({ where: { code: categoryCode } });
  const year = new Date().getFullYear();
  const submitted = await h.gopy.repos.reports.submit({
    submissionKey: randomUUID(),
    citizenId: row.id,
    unitCode: input.unitCode ?? '12694',
    categoryCode,
    kind,
    text: input.text ?? 'Đèn đường trước nhà văn hóa thôn bị hỏng đã hai tuần, buổi tối rất tối.',
    anonymous: input.anonymous ?? false,
    photos: (input.photos ?? []).map((fileId) => ({ fileId })),
    ...(input.location ?? {}),
    flowId: 'report',
    flowVersion: 1,
    dueAt: input.dueAt ?? addWorkingDays(h.gopy.calendar, new Date(), category.deadlineDays),
    ticketPrefix: TICKET_PREFIXES[kind],
    year,
  });
  if (input.route !== false) await h.gopy.routeReport(submitted.id);
  return { id: submitted.id, ticket: submitted.ticketCode };
}

/**
 * A message from `userId` in `chatId` replying to `replyTo`: text, a photo or a PDF, with caption.
 * A reply to a bot message that stands for a report (an alert, a relayed message) is sent once
 * gopy has linked that message to its report; pass `linked: false` for any other bot message.
 */
export async function reply(
  h: Pick<Harness, 'fake' | 'gopy' | 'settle'>,
  userId: number,
  chatId: number,
  replyTo: number,
  content: string | { caption: string; photo: true } | { caption: string; document: string },
  options: { linked?: boolean } = {},
): Promise<void> {
  // gopy learns which report a message stands for once Telegram confirmed it was sent; a
  // person cannot reply faster than that, a test can: wait for it.
  const target = h.fake.chatHistory(TOKEN, chatId).find((e) => e.message.message_id === replyTo);
  if (target?.fromBot && options.linked !== false)
    await until(
      'the message linked to its report',
      async () => (await h.gopy.repos.workflow.findLinks(String(chatId), replyTo)).length > 0,
    );
  h.fake.injectMessage(TOKEN, {
    chatId,
    from: { id: userId, first_name: `Người dùng ${userId}` },
    replyToMessageId: replyTo,
    ...(typeof content === 'string'
      ? { text: content }
      : 'photo' in content
        ? { photo: TINY_PNG, caption: content.caption }
        : {
            document: {
              data: Buffer.from('%PDF-1.4 gopy test'),
              fileName: content.document,
              mimeType: 'application/pdf',
            },
            caption: content.caption,
          }),
  });
  await h.settle();
}

/** Presses a button with callback data the user chose (a forged or stale one) on a message. */
export async function pressData(
  h: Harness,
  userId: number,
  chatId: number,
  messageId: number,
  data: string,
): Promise<string | undefined> {
  const after = h.fake.lastCallSeq();
  h.fake.injectCallback(TOKEN, {
    chatId,
    from: { id: userId, first_name: `Người dùng ${userId}` },
    messageId,
    data,
  });
  await h.settle();
  const answer = await h.fake.waitForCall('answerCallbackQuery', undefined, { after });
  return typeof answer.params.text === 'string' ? answer.params.text : undefined;
}

/** The newest bot message in a chat whose text or caption matches. */
export function findMessage(h: Harness, chatId: number, pattern: RegExp): TgMessage | undefined {
  return [...h.fake.messagesTo(TOKEN, chatId)]
    .reverse()
    .find((m) => pattern.test(m.text ?? m.caption ?? ''));
}

/** The id of the newest message the user wrote in a chat that matches. */
export function ownMessageId(h: Harness, chatId: number, pattern: RegExp): number {
  const entry = [...h.fake.chatHistory(TOKEN, chatId)]
    .reverse()
    .find((e) => !e.fromBot && pattern.test(e.message.text ?? e.message.caption ?? ''));
  if (!entry) throw new Error(`no own message ${String(pattern)} in chat ${chatId}`);
  return entry.message.message_id;
}

/** Every Bot API call addressed to one of these chats. */
export function callsTo(h: Harness, chatIds: readonly number[]): RecordedCall[] {
  const wanted = new Set(chatIds.map(String));
  return h.fake.calls(TOKEN).filter((c) => wanted.has(String(c.params.chat_id)));
}

/** The buttons' labels of a message. */
export function labels(m: TgMessage | undefined): string[] {
  return (m?.reply_markup?.inline_keyboard ?? []).flat().map((b) => b.text);
}
