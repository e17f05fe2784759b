/**
 * Zalo's webhook, in two halves. `receive` runs in the request: it checks the signature over
 * the raw body, stores the event once per key (Zalo repeats events it thinks were missed) and
 * asks for a job; the webhook then answers 200. `handle` runs in the job: it opens the citizen's
 * reply window with this message, reads a typed number as a press of that numbered button (a
 * question asking for typed text numbers none: see renderForZalo), sends
 * what was held for the citizen, and hands the event to the same onEvent every channel uses.
 */
import { createHash } from 'node:crypto';
import type { Logger } from '../../logger.ts';
import type { ZaloStore } from './zalo-store.ts';
import type { InboundBody, InboundEvent } from '../types.ts';
import type { ZaloSender } from './create-zalo-sender.ts';
import { normalizeZaloEvent, zaloEventKey } from './normalize-zalo-event.ts';
import { verifyZaloSignature } from './zalo-signature.ts';

/** The name a Zalo citizen goes by in gopy (Zalo's display name is not asked for). */
export const ZALO_CITIZEN_NAME = 'Người dân (Zalo)';

export type ZaloReceiveOutcome = 'refused' | 'accepted' | 'duplicate' | 'ignored';

export interface ZaloWebhookDeps {
  appId: string;
  oaSecretKey: string;
  events: Pick<ZaloStore, 'recordInbound'>;
  /** Adds the stored event's job; must not throw (a lost job is the sweep's). */
  enqueue: (eventId: number) => Promise<unknown>;
}

export function createZaloWebhook(deps: ZaloWebhookDeps) {
  return async function receive(
    rawBody: string,
    signature: string | undefined,
  ): Promise<ZaloReceiveOutcome> {
    if (!verifyZaloSignature(signature, rawBody, deps)) return 'refused';
    const payload = JSON.parse(rawBody) as unknown;
    const key = zaloEventKey(payload);
    // Events gopy does not take (OA's own messages echoed, reactions, …): answered, not kept.
    if (!key) return 'ignored';
    const row = await deps.events.recordInbound(key, payload);
    if (row.handled) return 'duplicate';
    // A repeat of an event not handled yet gets its job again (the job id is the same).
    await deps.enqueue(row.id);
    return row.created ? 'accepted' : 'duplicate';
  };
}

export type ZaloWebhook = ReturnType<typeof createZaloWebhook>;

export interface ZaloInboundDeps {
  repo: Pick<
    ZaloStore,
    'inbound' | 'markInboundHandled' | 'openWindow' | 'setFollowed' | 'buttons'
  >;
  sender: Pick<ZaloSender, 'flushHeld'>;
  onEvent: (event: InboundEvent) => Promise<void>;
  /** The bytes behind a Zalo file address (a citizen's photo); undefined when unreadable. */
  fileBytes: (url: string) => Promise<Uint8Array | undefined>;
  now: () => Date;
  logger: Logger;
}

/** A bare number typed after a message with numbered buttons presses that button. */
function pressedByNumber(body: InboundBody, buttons: string[], userId: string) {
  if (body.type !== 'text') return undefined;
  const m = /^\s*(\d{1,2})\s*\.?\s*$/.exec(body.text);
  const data = m ? buttons[Number(m[1]) - 1] : undefined;
  return data === undefined
    ? undefined
    : ({ type: 'button', data, callbackId: `zalo:${userId}` } as const);
}

/**
 * Zalo gives each image event a new message id and address, even for the same picture sent
 * again: the photo's unique id is the hash of its bytes (as the web chat's photo id is), so the
 * same photo is kept once. An unreadable image keeps its message id; the report then says so.
 */
async function withPhotoHash(body: InboundBody, deps: ZaloInboundDeps): Promise<InboundBody> {
  if (body.type !== 'photo') return body;
  const bytes = await deps
    .fileBytes(body.photo.fileId.replace(/^zalo:/, ''))
    .catch((err: unknown) => deps.logger.warn({ err }, 'zalo: photo not readable for its hash'));
  if (!bytes) return body;
  const hash = createHash('sha256').update(bytes).digest('hex');
  return { ...body, photo: { ...body.photo, fileUniqueId: `zalo:sha256:${hash}` } };
}

export function createZaloInboundHandler(deps: ZaloInboundDeps) {
  return async function handle(eventId: number): Promise<void> {
    const row = await deps.repo.inbound(eventId);
    if (!row || row.handledAt) return;
    const event = normalizeZaloEvent(row.payload);
    const log = deps.logger.child({ zaloEvent: eventId });
    const base = {
      channel: 'zalo' as const,
      updateId: row.id,
      bot: 'zalo',
      chatType: 'private' as const,
    };
    switch (event.type) {
      case 'message': {
        // The numbers refer to what the citizen saw when typing: read before held ones go out.
        const buttons = await deps.repo.buttons(event.userId);
        await deps.repo.openWindow(event.userId, event.msgId, event.at);
        const flushed = await deps.sender.flushHeld(event.userId);
        if (flushed > 0) log.info({ flushed }, 'zalo: held messages sent');
        await deps.onEvent({
          ...base,
          chatId: event.userId,
          user: { id: event.userId, firstName: ZALO_CITIZEN_NAME, languageCode: 'vi' },
          ...(event.body.type === 'button' ? {} : { messageId: row.id }),
          at: event.at,
          body:
            pressedByNumber(event.body, buttons, event.userId) ??
            (await withPhotoHash(event.body, deps)),
        });
        break;
      }
      case 'follow':
      case 'unfollow':
        await deps.repo.setFollowed(event.userId, event.type === 'follow');
        await deps.onEvent({
          ...base,
          chatId: event.userId,
          user: { id: event.userId, firstName: ZALO_CITIZEN_NAME, languageCode: 'vi' },
          at: event.at,
          body: { type: 'botMembership', status: event.type === 'follow' ? 'active' : 'removed' },
        });
        break;
      case 'ignored':
        log.debug({ what: event.what }, 'zalo event ignored');
        break;
    }
    await deps.repo.markInboundHandled(row.id, deps.now());
  };
}
