/**
 * What every part of the officials' desk shares: its dependencies (ports), the input a person is
 * in the middle of giving (kept in their chat's session), and the turn of one inbound event.
 */
import { z } from 'zod';
import { assertNever } from '../../core/assert-never.ts';
import type { Button, InboundEvent, MessageText, OutboundMessage } from '../../channels/types.ts';
import type { WorkingDayCalendar } from '../../core/working-days.ts';
import type { Logger } from '../../logger.ts';
import type { CannedReplies } from '../ports/canned-replies.ts';
import type { Followers } from '../ports/followers.ts';
import type { Ratings } from '../ports/ratings.ts';
import type { InviteRedeemer } from '../register-official.ts';
import type { MessageLinks } from '../ports/message-links.ts';
import type {
  OfficialAccounts,
  OfficialDirectory,
  OfficialReachability,
} from '../ports/official-directory.ts';
import type { ReportHistory, ReportThread } from '../ports/report-thread.ts';
import type { ReportLookup, ReportStore } from '../ports/report-store.ts';
import type { ReportWorklists, UnitFigures } from '../ports/report-worklists.ts';
import type { ChatState } from '../chat-state.ts';
import type { IsoDate } from '../../core/local-date.ts';
import type { Lang } from '../../core/lang.ts';
import type { ReceptionVisit } from '../reception.ts';
import type { WebSignIn } from '../web/web-sign-in.ts';
import type { Outbox } from '../ports/outbox.ts';
import type { StepResult } from '../ports/conversation.ts';

export interface DeskDeps {
  officials: OfficialDirectory & OfficialAccounts & OfficialReachability & InviteRedeemer;
  /** The reports, their threads and alerts, and the lists of work owed on them. */
  workflow: ReportStore &
    ReportLookup &
    ReportThread &
    ReportHistory &
    MessageLinks &
    ReportWorklists &
    UnitFigures;
  canned: Pick<CannedReplies, 'list' | 'get'>;
  ratings: Pick<Ratings, 'save' | 'criterionScores' | 'hasFollowUp'>;
  outbox: Outbox;
  /** Citizens following a report (same problem, one report). */
  followers: Followers;
  calendar: WorkingDayCalendar;
  now: () => Date;
  logger: Logger;
  /** The day's reception list of these communes (app/reception.ts), for the chair's digest. */
  receptionList?: (unitCodes: readonly string[], day: IsoDate) => Promise<ReceptionVisit[]>;
  /** Local hour (Asia/Ho_Chi_Minh) of the leaders' daily digest; 7 unless given. */
  digestHour?: number;
  /** Issues the one-time web sign-in links of `/web`; without it `/web` says the web is off. */
  webSignIn?: Pick<WebSignIn, 'issueLink'>;
  /**
   * Redraws the report's alerts linked while a change was being made, which its own edits
   * missed (late-alerts.ts); never throws.
   */
  lateAlerts?: (reportId: number) => Promise<void>;
  /** An official registered (an invite was redeemed): reports waiting for one may go now. */
  onOfficialRegistered?: (official: {
    unitCode: string;
    provinceCode: string;
    role: string;
  }) => Promise<void>;
}

/** An answer in the making: what the official chose and gave so far, and what was asked last. */
const draftSchema = z.object({
  resultType: z.enum(['resolved', 'not-competent', 'scheduled']),
  answer: z.string().optional(),
  target: z.string().optional(),
  scheduledFor: z.string().optional(),
  /** The official saw that the promised date is after the report's deadline, and kept it. */
  lateConfirmed: z.boolean().optional(),
  evidence: z.array(z.object({ kind: z.enum(['photo', 'document', 'voice']), fileId: z.string() })),
  awaiting: z.enum(['answer', 'target', 'date', 'evidence']),
});
export type ResolveDraft = z.infer<typeof draftSchema>;

const reportId = z.number().int().positive();
/** The user who was asked (a group's session is shared by everyone in it). */
const by = z.string();
/** ISO time the question was asked: an old question is not answered by a new message. */
const since = z.string();

/**
 * What a person is in the middle of typing. Validated when read, so a session written by an
 * older version (another shape) is simply forgotten instead of misread.
 */
const pendingSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('pass'), reportId, positionId: z.number().int(), by, since }),
  z.object({ type: z.literal('extend'), reportId, by, since }),
  z.object({ type: z.literal('resolve'), reportId, by, since, draft: draftSchema }),
  z.object({ type: z.literal('reopen'), reportId, verdict: z.enum(['partly', 'no']), since }),
  z.object({ type: z.literal('citizenReply'), reportId, since }),
]);
export type PendingInput = z.infer<typeof pendingSchema>;

export interface DeskState extends ChatState {
  /**
   * What each person of the chat was asked, by user id: in a staff group several officials may
   * be in the middle of an answer at once.
   */
  deskInput?: Record<string, unknown>;
  /** Pickers of this chat whose choice was taken (desk-picker.ts): message ids, newest last. */
  closedPickers?: number[];
}

/** A question left unanswered this long is forgotten: a later message is not its answer. */
export const PENDING_TTL_MS = 30 * 60_000;

/** One inbound event being handled: its chat state, and what to send back. */
export interface Turn {
  readonly event: InboundEvent;
  readonly state: DeskState;
  readonly now: Date;
  readonly isGroup: boolean;
  /**
   * The language the desk answers in: the official's own in a private chat, the group's in a
   * staff group (official-desk.ts sets it once it knows who wrote); Vietnamese until then.
   */
  lang: Lang;
  say(text: MessageText, buttons?: Button[][]): void;
  /** Replaces the text of a message of this chat (one of gopy's own), with these buttons or none. */
  edit(messageId: number, text: MessageText, buttons?: Button[][]): void;
  done(toast?: string): StepResult;
  /** The question this user was asked and has not answered yet, if still fresh. */
  pending(): PendingInput | undefined;
  setPending(input: PendingInput | undefined): void;
  /** Where this event's message came from, so a later edit of it finds its thread entry. */
  source(): { sourceChatId: string; sourceMessageId?: number; at: Date };
}

export function createTurn(event: InboundEvent, incoming: ChatState, now: Date): Turn {
  const state: DeskState = { ...incoming };
  // The first version of the desk kept its input under `pending`, in another shape.
  if ('pending' in state) delete (state as { pending?: unknown }).pending;
  const messages: OutboundMessage[] = [];
  return {
    event,
    state,
    now,
    isGroup: event.chatType !== 'private',
    lang: 'vi',
    source: () => ({
      sourceChatId: event.chatId,
      ...(event.messageId !== undefined ? { sourceMessageId: event.messageId } : {}),
      at: now,
    }),
    say(text, buttons) {
      messages.push({
        type: 'text',
        chatId: event.chatId,
        text,
        ...(buttons && buttons.length > 0 ? { buttons } : {}),
      });
    },
    edit(messageId, text, buttons) {
      messages.push({
        type: 'edit',
        chatId: event.chatId,
        messageId,
        text,
        buttons: buttons ?? [],
      });
    },
    done(toast) {
      return toast === undefined ? { state, messages } : { state, messages, toast };
    },
    pending() {
      const parsed = pendingSchema.safeParse(inputsOf(state)[event.user.id]);
      if (!parsed.success) return undefined;
      const input = parsed.data;
      const askedAt = Date.parse(input.since);
      if (!isFresh(input, now)) return undefined;
      if ('by' in input && input.by !== event.user.id) return undefined;
      // The citizen went on with a conversation after being asked: that text is the flow's.
      if (state.flowTouchedAt && Date.parse(state.flowTouchedAt) > askedAt) return undefined;
      return input;
    },
    setPending(input) {
      // Questions nobody answered in time are dropped as the map is written.
      const inputs: Record<string, unknown> = {};
      for (const [user, value] of Object.entries(inputsOf(state))) {
        const parsed = pendingSchema.safeParse(value);
        if (user !== event.user.id && parsed.success && isFresh(parsed.data, now))
          inputs[user] = parsed.data;
      }
      if (input !== undefined) inputs[event.user.id] = input;
      if (Object.keys(inputs).length === 0) delete state.deskInput;
      else state.deskInput = inputs;
    },
  };
}

function inputsOf(state: DeskState): Record<string, unknown> {
  const inputs = state.deskInput;
  return typeof inputs === 'object' && inputs !== null && !Array.isArray(inputs) ? inputs : {};
}

function isFresh(input: PendingInput, now: Date): boolean {
  return now.getTime() - Date.parse(input.since) < PENDING_TTL_MS;
}

/** What a message carries that can be relayed or used as an answer. */
export interface MessageContent {
  text: string;
  files: Array<{ kind: 'photo' | 'document' | 'voice'; fileId: string }>;
}

/** Text, a photo, a document or a voice note (with its caption); undefined for anything else. */
export function contentOf(event: InboundEvent): MessageContent | undefined {
  const body = event.body;
  switch (body.type) {
    case 'text':
      return body.text.trim() === '' ? undefined : { text: body.text, files: [] };
    case 'photo':
      return { text: body.caption ?? '', files: [{ kind: 'photo', fileId: body.photo.fileId }] };
    case 'document':
      return {
        text: body.caption ?? '',
        files: [{ kind: 'document', fileId: body.document.fileId }],
      };
    case 'voice':
      return { text: body.caption ?? '', files: [{ kind: 'voice', fileId: body.voice.fileId }] };
    case 'command':
    case 'button':
    case 'location':
    case 'contact':
    case 'edited':
    case 'unsupported':
    case 'botMembership':
      return undefined;
    default:
      return assertNever(body, 'inbound body');
  }
}
