/**
 * A Zalo webhook event, as a channel-free event for gopy: the citizen's message (text, image,
 * location, file; a tap on one of our query buttons comes as a text carrying its payload), or a
 * follow / unfollow of the OA. Pure; whatever it does not know is `ignored` (answered, not
 * retried). Ids stay strings: Zalo's exceed 2^53.
 */
import { z } from 'zod';
import type { InboundBody } from '../types.ts';

/** A query button's payload starts with this, so a tap is told from typed text. */
export const ZALO_BUTTON_PREFIX = '#g:';

const id = z.union([z.string(), z.number()]).transform(String);

const attachment = z.looseObject({
  type: z.string(),
  payload: z.looseObject({}).optional(),
});

const userMessage = z.looseObject({
  event_name: z.string().regex(/^user_send_/),
  timestamp: id,
  sender: z.looseObject({ id }),
  message: z.looseObject({
    msg_id: id,
    text: z.string().optional(),
    attachments: z.array(attachment).optional(),
  }),
});

const followEvent = z.looseObject({
  event_name: z.enum(['follow', 'unfollow']),
  timestamp: id,
  follower: z.looseObject({ id }),
});

export type ZaloEvent =
  | { type: 'message'; userId: string; msgId: string; at: Date; body: InboundBody }
  | { type: 'follow' | 'unfollow'; userId: string; at: Date }
  | { type: 'ignored'; what: string };

/** The key that makes an event unique, for dropping Zalo's repeats. */
export function zaloEventKey(payload: unknown): string | undefined {
  const m = userMessage.safeParse(payload);
  if (m.success) return `msg:${m.data.message.msg_id}`;
  const f = followEvent.safeParse(payload);
  if (f.success) return `${f.data.event_name}:${f.data.follower.id}:${f.data.timestamp}`;
  return undefined;
}

function dateOf(timestamp: string): Date {
  const ms = Number(timestamp);
  return Number.isFinite(ms) && ms > 0 ? new Date(ms) : new Date();
}

function toBody(event: z.infer<typeof userMessage>): InboundBody {
  const { message } = event;
  const first = message.attachments?.[0];
  const payload = (first?.payload ?? {}) as Record<string, unknown>;
  const url = typeof payload.url === 'string' ? payload.url : undefined;
  switch (event.event_name) {
    case 'user_send_text': {
      const text = (message.text ?? '').normalize('NFC');
      if (text.startsWith(ZALO_BUTTON_PREFIX))
        return {
          type: 'button',
          data: text.slice(ZALO_BUTTON_PREFIX.length),
          callbackId: `zalo:${event.sender.id}`,
        };
      const command = /^\/([a-z_]+)(?:\s+([\s\S]*))?$/i.exec(text.trim());
      return command
        ? { type: 'command', command: command[1]!.toLowerCase(), args: command[2]?.trim() ?? '' }
        : { type: 'text', text };
    }
    case 'user_send_image':
      if (!url) return { type: 'unsupported', what: 'image without url' };
      return {
        type: 'photo',
        photo: { fileId: `zalo:${url}`, fileUniqueId: `zalo:${message.msg_id}` },
        ...(message.text ? { caption: message.text.normalize('NFC') } : {}),
      };
    case 'user_send_location': {
      const c = (payload.coordinates ?? {}) as Record<string, unknown>;
      const latitude = Number(c.latitude);
      const longitude = Number(c.longitude);
      if (!Number.isFinite(latitude) || !Number.isFinite(longitude))
        return { type: 'unsupported', what: 'location without coordinates' };
      return { type: 'location', latitude, longitude };
    }
    case 'user_send_file':
      if (!url) return { type: 'unsupported', what: 'file without url' };
      return {
        type: 'document',
        document: {
          fileId: `zalo:${url}`,
          fileUniqueId: `zalo:${message.msg_id}`,
          ...(typeof payload.name === 'string' ? { fileName: payload.name } : {}),
          ...(Number.isFinite(Number(payload.size)) ? { size: Number(payload.size) } : {}),
        },
      };
    case 'user_send_audio':
      // A voice message recorded in Zalo; Zalo's event says nothing of its length.
      if (!url) return { type: 'unsupported', what: 'audio without url' };
      return {
        type: 'voice',
        voice: { fileId: `zalo:${url}`, fileUniqueId: `zalo:${message.msg_id}` },
        durationSeconds: 0,
      };
    default:
      // Stickers, GIFs, video, links, business cards: gopy says what it can take.
      return { type: 'unsupported', what: event.event_name.replace(/^user_send_/, '') };
  }
}

export function normalizeZaloEvent(payload: unknown): ZaloEvent {
  const m = userMessage.safeParse(payload);
  if (m.success)
    return {
      type: 'message',
      userId: m.data.sender.id,
      msgId: m.data.message.msg_id,
      at: dateOf(m.data.timestamp),
      body: toBody(m.data),
    };
  const f = followEvent.safeParse(payload);
  if (f.success)
    return { type: f.data.event_name, userId: f.data.follower.id, at: dateOf(f.data.timestamp) };
  const name = (payload as { event_name?: unknown } | null)?.event_name;
  return { type: 'ignored', what: typeof name === 'string' ? name : 'unknown' };
}
