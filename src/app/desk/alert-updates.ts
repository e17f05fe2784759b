/**
 * Alerts after the first one: a report sent to a new holder (assigned, passed, escalated,
 * reopened), and every alert of a report edited to show its current status and who acted.
 * They are built as deliveries keyed by the change (its event id), to be stored in the change's
 * own transaction (applyReportCommand's `effects`), so a retried handler sends nothing twice and
 * a process that dies after the change still sends them (the sweep does).
 */
import { kindIsHeadOnly } from '../../core/submission-kinds.ts';
import { html, joinHtml, type Html } from '../../core/html.ts';
import type { NewDelivery } from '../ports/outbox.ts';
import type { OfficialDirectory, OfficialRecord } from '../ports/official-directory.ts';
import type { ReportForOfficials } from '../ports/report-store.ts';
import type { AlertMessage } from '../ports/message-links.ts';
import type { OutboundMessage } from '../../channels/types.ts';
import { digestEntry, digestMessage, excerpt } from '../alert-digest.ts';
import { alertDeliveries as chatAlertDeliveries } from '../enqueue-alert.ts';
import {
  alertKeyboard,
  alertText,
  changedAlertHeading,
  positionIn,
  type AlertViewer,
} from '../alert-message.ts';
import type { Lang } from '../../core/lang.ts';
import { inLang, msgHtml, type PerLang } from '../../texts/localized.ts';
import { ALERT, NOTICE } from '../../texts/official.ts';
import { kindLabel } from '../../texts/report.ts';
import type { DeskDeps } from './desk-context.ts';
import { nameWithTitle } from './official-name.ts';

export function viewerOf(official: Pick<OfficialRecord, 'role'>): AlertViewer {
  return official.role;
}

/**
 * "Nguyễn Văn An (Chủ tịch UBND xã)", "Nguyễn Văn An (Chair)": how officials see who acted, in
 * each reader's language; the position is left out when the name already says it.
 */
export function whoActed(
  official: Pick<OfficialRecord, 'displayName' | 'positionKind' | 'positionTitle' | 'unitName'>,
): (lang: Lang) => string {
  return (lang) =>
    nameWithTitle(
      official.displayName,
      official.positionTitle,
      positionIn(
        { kind: official.positionKind, title: official.positionTitle },
        official.unitName,
        lang,
        'name',
      ),
    );
}

/**
 * The whole alert (photos, text with the reader's buttons) for one official or group, in the
 * official's language (a group's is `to.lang`, Vietnamese unless given).
 */
export function alertDeliveries(
  to: { chatId: string; official?: OfficialRecord; lang?: Lang },
  report: ReportForOfficials,
  heading: PerLang<string>,
  key: string,
  note?: PerLang<Html | string>,
): NewDelivery[] {
  const viewer: AlertViewer = to.official ? viewerOf(to.official) : 'group';
  return chatAlertDeliveries(
    report,
    {
      chatId: to.chatId,
      ...(to.official ? { officialId: to.official.id } : {}),
      viewer,
      lang: to.official?.lang ?? to.lang ?? 'vi',
    },
    `${key}-${to.chatId}`,
    { heading, ...(note !== undefined ? { note } : {}) },
  );
}

/**
 * A notice to someone the report has moved past (it went up a level): the heading that says
 * where it went, the ticket, a short summary and `note` (the citizen's words, for a reopen), in
 * the reader's language. Not an alert: it has no buttons and no deadline (both belong to the new
 * holder, and read as work still theirs), and it stands for no report in the chat (no `link`):
 * later changes do not redraw it as an alert with buttons, and a reply to it goes nowhere.
 */
export function movedAwayNotice(
  to: { chatId: string; official?: OfficialRecord; lang?: Lang },
  report: ReportForOfficials,
  heading: PerLang<string>,
  key: string,
  note?: PerLang<Html | string>,
): NewDelivery {
  const lang = to.official?.lang ?? to.lang ?? 'vi';
  const officialId = to.official?.id;
  const text = joinHtml([
    html`<b>${inLang(heading, lang)} · ${report.ticketCode}</b>`,
    msgHtml(ALERT.kindAndField, lang, {
      kind: kindLabel(report.kind, lang),
      field: report.categoryName,
    }),
    html`«${excerpt(report.text)}»`,
    ...(note !== undefined ? [html``, html`${inLang(note, lang)}`] : []),
    html``,
    msgHtml(NOTICE.noLongerYours, lang),
  ]);
  return {
    dedupeKey: `${key}-${to.chatId}`,
    chatId: to.chatId,
    message: { type: 'text', chatId: to.chatId, text },
    reportId: report.id,
    ...(officialId !== undefined ? { officialId } : {}),
  };
}

/** Every alert of a report that reached a chat, with the buttons its reader may use. */
export interface SentAlert {
  chatId: string;
  messageId: number;
  viewer: AlertViewer;
  /** Its reader's language: the official's, or the staff group's. */
  lang: Lang;
  /** The alert is a photo's caption, edited with editMessageCaption. */
  captioned: boolean;
  /**
   * The alert is a digest (alert-digest.ts): every report of it in line order, as read before
   * the change, so the whole message is redrawn with this report's line changed.
   */
  digest?: ReportForOfficials[];
}

/** The alerts of a report, read before a change so their edits can be stored with it. */
export async function sentAlerts(
  deps: {
    workflow: Pick<DeskDeps['workflow'], 'alertMessages' | 'get'>;
    officials: Pick<DeskDeps['officials'], 'get' | 'groupByChat'>;
  },
  reportId: number,
): Promise<SentAlert[]> {
  return alertsOf(deps, await deps.workflow.alertMessages(reportId));
}

/** Alert messages with their readers' buttons and language, and a digest's reports. */
export async function alertsOf(
  deps: {
    workflow: Pick<DeskDeps['workflow'], 'get'>;
    officials: Pick<DeskDeps['officials'], 'get' | 'groupByChat'>;
  },
  messages: readonly AlertMessage[],
): Promise<SentAlert[]> {
  const readers = new Map<number, OfficialRecord | undefined>();
  const out: SentAlert[] = [];
  for (const alert of messages) {
    let viewer: AlertViewer = 'group';
    let lang: Lang = 'vi';
    if (alert.officialId !== null) {
      if (!readers.has(alert.officialId))
        readers.set(alert.officialId, await deps.officials.get(alert.officialId));
      const reader = readers.get(alert.officialId);
      viewer = reader ? viewerOf(reader) : 'observer';
      lang = reader?.lang ?? 'vi';
    } else {
      lang = (await deps.officials.groupByChat(alert.chatId))?.lang ?? 'vi';
    }
    const digest: ReportForOfficials[] = [];
    if (alert.reportIds.length > 1)
      for (const id of alert.reportIds) {
        const member = await deps.workflow.get(id);
        if (member) digest.push(member);
      }
    out.push({
      chatId: alert.chatId,
      messageId: alert.messageId,
      viewer,
      lang,
      captioned: alert.captioned,
      ...(digest.length > 1 ? { digest } : {}),
    });
  }
  return out;
}

/**
 * Edits of every alert of the report (in every chat it went to) showing its status now and the
 * last action, with the buttons its reader may still use. `key` names the change (an event id).
 */
export function alertEdits(
  alerts: readonly SentAlert[],
  report: ReportForOfficials,
  lastAction: PerLang<string>,
  key: string | number,
): NewDelivery[] {
  return alerts.map((alert) => ({
    dedupeKey: `edit-${report.id}-${alert.chatId}-${alert.messageId}-${key}`,
    chatId: alert.chatId,
    message: alert.digest
      ? digestEdit(alert, alert.digest, report, inLang(lastAction, alert.lang))
      : {
          type: 'edit',
          chatId: alert.chatId,
          messageId: alert.messageId,
          text: alertText(report, {
            heading: changedAlertHeading(report.kind, alert.lang),
            lastAction,
            lang: alert.lang,
          }),
          buttons: alertKeyboard(report, alert.viewer, alert.lang),
          ...(alert.captioned ? { caption: true } : {}),
        },
    reportId: report.id,
  }));
}

/**
 * A digest redrawn: every line with its report's status (this report's as changed), and the
 * last action under the lines, naming the line it was on.
 *
 * Two reports of one digest changed at the same moment may each draw the other's line as it
 * was; the next change of either redraws both right.
 */
function digestEdit(
  alert: Pick<SentAlert, 'chatId' | 'messageId' | 'viewer' | 'lang'>,
  members: readonly ReportForOfficials[],
  changed: ReportForOfficials,
  lastAction: string,
): OutboundMessage {
  const { chatId, messageId, viewer, lang } = alert;
  const n = members.findIndex((m) => m.id === changed.id) + 1;
  const entries = members.map((m) => digestEntry(m.id === changed.id ? changed : m, viewer, lang));
  const drawn = digestMessage(chatId, entries, {
    lastAction: `#${n} · ${changed.ticketCode}: ${lastAction}`,
  });
  return { type: 'edit', chatId, messageId, text: drawn.text, buttons: drawn.buttons ?? [] };
}

/**
 * Stores and queues the edits of every alert of the report at once, for a change made outside
 * a workflow transaction (a citizen following it, a follower's verdict, a duplicate marked).
 */
export async function refreshAlerts(
  deps: Pick<DeskDeps, 'outbox' | 'workflow' | 'officials'>,
  report: ReportForOfficials,
  lastAction: PerLang<string>,
  key: string | number,
): Promise<void> {
  for (const edit of alertEdits(await sentAlerts(deps, report.id), report, lastAction, key))
    await deps.outbox.enqueue(edit);
}

/** A message that may not exist (a notice to a citizen who erased their data), as a list. */
export function optional<T>(item: T | undefined): T[] {
  return item === undefined ? [] : [item];
}

/**
 * Who handles the report now: its assignee if reachable, else the reachable holders of its
 * position. Never the official it is about.
 */
export async function currentHandlers(
  deps: { officials: Pick<OfficialDirectory, 'get' | 'positionsOfUnit'> },
  report: ReportForOfficials,
): Promise<OfficialRecord[]> {
  const usable = (o: OfficialRecord | undefined): o is OfficialRecord =>
    o !== undefined && o.active && o.unreachableAt === null && o.id !== report.aboutOfficialId;
  if (report.assignedOfficialId !== null) {
    const assignee = await deps.officials.get(report.assignedOfficialId);
    if (usable(assignee)) return [assignee];
  }
  if (report.assignedPositionId === null) return [];
  const positions = await deps.officials.positionsOfUnit(report.unitCode);
  const position = positions.find((p) => p.id === report.assignedPositionId);
  return (position?.officials ?? []).filter(usable);
}

/** A report about an official, or a tố cáo, never goes to the commune's shared group. */
export function groupMaySee(report: ReportForOfficials): boolean {
  return !kindIsHeadOnly(report.kind) && report.aboutOfficialId === null;
}

/**
 * Who holds the report now, as its alerts address them: its handlers, or, when nobody handles
 * it, the commune's staff groups (each in its own language) if they may see it.
 */
export async function holders(
  deps: { officials: Pick<OfficialDirectory, 'get' | 'positionsOfUnit' | 'groupsOfUnit'> },
  report: ReportForOfficials,
): Promise<Array<{ chatId: string; official?: OfficialRecord; lang?: Lang }>> {
  const handlers = await currentHandlers(deps, report);
  if (handlers.length > 0) return handlers.map((o) => ({ chatId: o.chatId, official: o }));
  if (!groupMaySee(report)) return [];
  return (await deps.officials.groupsOfUnit(report.unitCode)).map((g) => ({
    chatId: g.chatId,
    lang: g.lang,
  }));
}

/**
 * Alerts that carry the citizen's comment (its thread message) in their text: /xem reads from
 * them whether it reached the officials. Their media rows do not carry it.
 */
export function carrying(
  deliveries: NewDelivery[],
  threadMessageId: number | undefined,
): NewDelivery[] {
  return threadMessageId === undefined
    ? deliveries
    : deliveries.map((d) => (d.link?.kind === 'alert' ? { ...d, threadMessageId } : d));
}
