/** Citizens as the domain sees them; created on first submission, erasable on request. */
import { Prisma, type PrismaClient } from './generated/prisma/client.ts';
import { escapeHtml } from '../core/html.ts';
import type { CitizenIdentity, CitizenRecord, CitizenRegistry } from '../app/ports/citizens.ts';
import type { Implements } from './implements.ts';
import { plainSqlFor } from './plain-sql.ts';

/** What replaces a person's identity in stored and shown messages. */
const ERASED = '(đã xóa)';

type Tx = Prisma.TransactionClient;

/** Replaces every identifier in a text, raw or HTML-escaped. */
function redact(text: string, identifiers: readonly string[]): string {
  let out = text;
  for (const id of identifiers) {
    out = out.split(id).join(ERASED);
    const escaped = escapeHtml(id);
    if (escaped !== id) out = out.split(escaped).join(ERASED);
  }
  return out;
}

/** A stored message's text with the identifiers replaced (text or Html), or undefined if unchanged. */
function redactText(text: unknown, identifiers: readonly string[]): unknown {
  if (typeof text === 'string') {
    const out = redact(text, identifiers);
    return out === text ? undefined : out;
  }
  if (text && typeof text === 'object' && typeof (text as { value?: unknown }).value === 'string') {
    const value = (text as { value: string }).value;
    const out = redact(value, identifiers);
    return out === value ? undefined : { ...text, value: out };
  }
  return undefined;
}

/**
 * The messages stored for officials about these reports (alerts, relays) lose the identifiers;
 * those officials already received are edited in their chats through new pending deliveries.
 */
async function redactOfficialsCopies(
  tx: Tx,
  reportIds: number[],
  identifiers: readonly string[],
): Promise<void> {
  if (identifiers.length === 0 || reportIds.length === 0) return;
  const rows = await tx.delivery.findMany({ where: { reportId: { in: reportIds } } });
  for (const row of rows) {
    const payload = row.payload as { message?: Record<string, unknown> } & Record<string, unknown>;
    const message = payload.message;
    if (!message) continue;
    const field = 'text' in message ? 'text' : 'caption' in message ? 'caption' : undefined;
    if (!field) continue;
    const redacted = redactText(message[field], identifiers);
    if (redacted === undefined) continue;
    const nextMessage = { ...message, [field]: redacted };
    await tx.delivery.update({
      where: { id: row.id },
      data: { payload: { ...payload, message: nextMessage } as Prisma.InputJsonValue },
    });
    const shown = row.messageIds[row.messageIds.length - 1];
    // A text is edited as text; a single photo's caption (an alert with one photo) as a caption.
    // An album's caption can't be edited after the fact by a bot, so albums never carry names.
    const editable =
      (field === 'text' && message.type === 'text') ||
      (field === 'caption' && (message.type === 'photo' || message.type === 'voice'));
    if (row.state !== 'sent' || shown === undefined || !editable) continue;
    // An alert that went out joined in a digest (delivery-queue.ts) is a line of that message,
    // which names no sender: editing the message with this row's whole alert would wipe the
    // other reports' lines.
    if (
      'joinable' in payload &&
      (await tx.delivery.count({
        where: {
          bot: row.bot,
          chatId: row.chatId,
          messageIds: { equals: row.messageIds },
          id: { not: row.id },
        },
      })) > 0
    )
      continue;
    await tx.delivery.createMany({
      data: [
        {
          dedupeKey: `erase-${row.id}`,
          chatId: row.chatId,
          reportId: row.reportId,
          officialId: row.officialId,
          payload: {
            message: {
              type: 'edit',
              chatId: row.chatId,
              messageId: shown,
              text: redacted,
              ...(message.buttons ? { buttons: message.buttons } : {}),
              ...(field === 'caption' ? { caption: true } : {}),
            },
          },
        },
      ],
      skipDuplicates: true,
    });
  }
}

/** What a report told by voice says once its recording was erased with its citizen's data. */
const VOICE_ERASED =
  '🎤 Nội dung đã gửi bằng ghi âm; ghi âm đã được xóa theo yêu cầu của người gửi.';

/**
 * A voice can identify its speaker, so their recordings go with their data: the attachments of
 * their reports, of their messages in the threads, and of the note they left on a report of
 * someone else that they follow (their spoken description, `followers-repository`'s `follow`),
 * every file id of them in stored messages, and the bytes of a recording made in the web chat.
 * A copy not yet sent goes out as its caption alone (an alert still reaches the chair); one
 * already sent keeps no file id. Recordings already delivered stay in the recipients' Telegram
 * chats: Telegram keeps those, not gopy.
 */
async function eraseVoices(
  tx: Tx,
  citizen: { id: number; chats: string[] },
  reportIds: number[],
): Promise<void> {
  const voices = await tx.attachment.findMany({
    where: {
      kind: 'voice',
      OR: [
        {
          reportId: { in: reportIds },
          OR: [{ threadMessageId: null }, { threadMessage: { direction: 'in' } }],
        },
        // On reports of others: what they said as a follower, or in a report's thread.
        { threadMessage: { authorKind: 'citizen', authorId: citizen.id } },
        { threadMessage: { direction: 'in', sourceChatId: { in: citizen.chats } } },
      ],
    },
    select: { id: true, fileId: true, reportId: true, threadMessageId: true },
  });
  if (voices.length === 0) return;
  await tx.attachment.deleteMany({ where: { id: { in: voices.map((v) => v.id) } } });
  const told = [
    ...new Set(voices.filter((v) => v.threadMessageId === null).map((v) => v.reportId)),
  ];
  await tx.report.updateMany({ where: { id: { in: told } }, data: { text: VOICE_ERASED } });
  const fileIds = new Set(voices.map((v) => v.fileId));
  // A web chat recording is kept by gopy itself (`web:<id>`): its bytes go.
  const webFiles = [...fileIds].filter((id) => id.startsWith('web:')).map((id) => id.slice(4));
  if (webFiles.length) await tx.webChatFile.deleteMany({ where: { id: { in: webFiles } } });
  const rows = await tx.delivery.findMany({
    where: { reportId: { in: [...new Set(voices.map((v) => v.reportId))] } },
  });
  for (const row of rows) {
    const payload = row.payload as { message?: Record<string, unknown> } & Record<string, unknown>;
    const message = payload.message;
    if (message?.type !== 'voice' || !fileIds.has(String(message.fileId))) continue;
    const { fileId: _gone, caption, replyToMessageId: _reply, ...rest } = message;
    const unsent = row.state === 'pending' || row.state === 'failed';
    const next =
      unsent && caption !== undefined
        ? { ...rest, type: 'text', text: caption }
        : { ...rest, fileId: '', ...(caption !== undefined ? { caption } : {}) };
    await tx.delivery.update({
      where: { id: row.id },
      data: {
        payload: { ...payload, message: next },
        // A recording not yet sent and with nothing else to say is not sent at all.
        ...(unsent && caption === undefined ? { state: 'failed', lastError: 'erased' } : {}),
      },
    });
  }
}

/** A citizen's columns as CitizenRecord names them, for plain SQL (erased_at: erased or not). */
const CITIZEN_COLUMNS = `id, chat_id AS "chatId", display_name AS "displayName", username, phone,
  language, last_unit_code AS "lastUnitCode", erased_at AS "erasedAt"`;

export function createCitizensRepository(prisma: PrismaClient) {
  const sql = plainSqlFor(prisma);
  const toRecord = (
    c: Omit<CitizenRecord, 'erased'> & { erasedAt: Date | null },
  ): CitizenRecord => ({
    id: c.id,
    chatId: c.chatId,
    displayName: c.displayName,
    username: c.username,
    phone: c.phone,
    language: c.language,
    lastUnitCode: c.lastUnitCode,
    erased: c.erasedAt !== null,
  });

  return {
    /** Finds or creates the citizen of a chat account and refreshes their display details. */
    async ensure(who: CitizenIdentity, now: Date): Promise<CitizenRecord> {
      // Twice a report (bench:intake): one statement on the pg pool, where Prisma's upsert made
      // two (a SELECT, then the write) through its query compiler.
      const { rows } = await sql.query<Omit<CitizenRecord, 'erased'> & { erasedAt: Date | null }>(
        'gopy_citizen_ensure',
        `INSERT INTO citizens (channel, external_id, chat_id, display_name, username, language, consent_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7::timestamptz AT TIME ZONE 'UTC')
         ON CONFLICT (channel, external_id) DO UPDATE
           SET chat_id = EXCLUDED.chat_id, display_name = EXCLUDED.display_name,
               -- Answers from officials go out in the language the citizen chose last.
               username = EXCLUDED.username, language = EXCLUDED.language
         RETURNING ${CITIZEN_COLUMNS}`,
        [
          who.channel,
          who.externalId,
          who.chatId,
          who.displayName,
          who.username ?? null,
          who.language,
          now.toISOString(),
        ],
      );
      return toRecord(rows[0]!);
    },

    async findByExternalId(
      channel: string,
      externalId: string,
    ): Promise<CitizenRecord | undefined> {
      // Read by the flow's actions (nearby reports, my reports, submit): on the pg pool too.
      const { rows } = await sql.query<Omit<CitizenRecord, 'erased'> & { erasedAt: Date | null }>(
        'gopy_citizen_by_external_id',
        `SELECT ${CITIZEN_COLUMNS} FROM citizens WHERE channel = $1 AND external_id = $2`,
        [channel, externalId],
      );
      return rows[0] ? toRecord(rows[0]) : undefined;
    },

    async setLanguage(channel: string, externalId: string, language: string): Promise<void> {
      await sql.query(
        'gopy_citizen_language',
        'UPDATE citizens SET language = $3 WHERE channel = $1 AND external_id = $2',
        [channel, externalId, language],
      );
    },

    async get(id: number): Promise<CitizenRecord | undefined> {
      const row = await prisma.citizen.findUnique({ where: { id } });
      return row ? toRecord(row) : undefined;
    },

    async rememberUnit(id: number, unitCode: string): Promise<void> {
      await prisma.citizen.update({ where: { id }, data: { lastUnitCode: unitCode } });
    },

    /**
     * Removes every copy of what identifies the person (Telegram user id and chat, name,
     * username, phone, the name and home address given for a complaint) and keeps the reports
     * and ratings, anonymised: the citizen row is emptied; their sessions, the links and
     * deliveries of their chat and the source of their thread messages go; the copies of their
     * identity inside messages stored for officials are replaced, and every such message
     * officials received gets an edit (a pending delivery the sweep sends), so their chats no
     * longer show it either.
     */
    /**
     * `asking`: the session key of the conversation asking for the erasure, deleted by it once
     * the answer is out (handle-inbound, StepResult.forget), not here under its feet.
     */
    async erase(
      channel: string,
      externalId: string,
      now: Date,
      options: { asking?: string } = {},
    ): Promise<boolean> {
      return prisma.$transaction(async (tx) => {
        const c = await tx.citizen.findUnique({
          where: { channel_externalId: { channel, externalId } },
        });
        if (!c) return false;
        const reports = await tx.report.findMany({
          where: { citizenId: c.id },
          select: { id: true, contactPhone: true },
        });
        const reportIds = reports.map((r) => r.id);
        const submitted = await tx.reportEvent.findMany({
          where: { type: 'submitted', reportId: { in: reportIds } },
          select: { data: true },
        });
        const identifiers = [
          externalId,
          c.chatId,
          c.displayName,
          c.username,
          c.username ? `@${c.username}` : null,
          c.phone,
          ...reports.map((r) => r.contactPhone),
          ...submitted.flatMap((e) => {
            const given = (e.data as { complainant?: Record<string, unknown> } | null)?.complainant;
            return [given?.fullName, given?.homeAddress].filter((v) => typeof v === 'string');
          }),
        ].filter((v): v is string => typeof v === 'string' && v.trim().length >= 3);

        // What they agreed to publish is withdrawn with the rest (Open311 lists it no more).
        await tx.report.updateMany({
          where: { citizenId: c.id },
          data: { contactPhone: null, isPublic: false },
        });
        // The name and home address a complaint or denunciation carried (see reports-repository).
        await tx.reportEvent.updateMany({
          where: { type: 'submitted', reportId: { in: reportIds } },
          data: { data: {} },
        });
        const chats = [c.chatId, externalId].filter((v): v is string => v !== null);
        // Their sessions in groups (`channel:group:user`). The private chat's session
        // (`channel:chat`) is the conversation asking for this erasure: it is deleted once the
        // answer is out (handle-inbound, StepResult.forget), not under its feet here.
        await tx.$executeRaw`DELETE FROM sessions WHERE key LIKE ${`${channel}:%:${externalId}`}`;
        // Their conversations with the deployment's other bots (`channel@bot:…`, session-key.ts).
        await tx.$executeRaw`
          DELETE FROM sessions
           WHERE (key LIKE ${`${channel}@%:${externalId}`} OR key LIKE ${`${channel}@%:%:${externalId}`})
             AND key <> ${options.asking ?? ''}`;
        await tx.alertLink.deleteMany({ where: { channel, chatId: { in: chats } } });
        await tx.delivery.deleteMany({ where: { channel, chatId: { in: chats } } });
        // Which of gopy's bots the chat has used (bots-repository) names the chat: it goes too.
        if (channel === 'telegram')
          await tx.botChat.deleteMany({ where: { chatId: { in: chats } } });
        // A web chat's log holds what the person wrote and was told: it goes too (the answer to
        // this erasure is written after, into an empty log).
        if (channel === 'web')
          await tx.webChatEntry.deleteMany({ where: { chatId: { in: chats } } });
        // What waits for a Zalo citizen goes. Their reply window stays, without the buttons
        // of what they were shown: the answer to this erasure goes out through it (without it,
        // Zalo's sender would hold that answer), and is dropped once that answer is out
        // (handle-inbound, ChannelSender.forgetChat).
        if (channel === 'zalo') {
          await tx.zaloHeldMessage.deleteMany({ where: { userId: { in: chats } } });
          await tx.zaloChat.updateMany({
            where: { userId: { in: chats } },
            data: { buttons: Prisma.DbNull },
          });
        }
        // Their bookings of the chair's reception day: the matter in their words, and a turn a
        // person would come to; the turns are free again.
        await tx.receptionBooking.deleteMany({ where: { citizenId: c.id } });
        // Before the thread messages forget their chat (the voices are found by it).
        await eraseVoices(tx, { id: c.id, chats }, reportIds);
        await tx.threadMessage.updateMany({
          where: { sourceChatId: { in: chats } },
          data: { sourceChatId: null, sourceMessageId: null },
        });
        await redactOfficialsCopies(tx, reportIds, identifiers);
        await tx.citizen.update({
          where: { id: c.id },
          data: {
            externalId: null,
            chatId: null,
            displayName: null,
            username: null,
            phone: null,
            erasedAt: now,
          },
        });
        return true;
      });
    },
  };
}

/** Implements the citizens' registry of the use cases (app/ports/citizens.ts). */
export type CitizensRepository = Implements<
  ReturnType<typeof createCitizensRepository>,
  CitizenRegistry
>;
