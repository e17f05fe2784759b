/**
 * The key of a conversation's session row. A person talking to two bots of one deployment has
 * two conversations (the same Telegram chat id names their private chat with each bot), so a bot
 * besides BOT_TOKEN's scopes its keys: `telegram@<bot id>:<chat>`. BOT_TOKEN's keeps the plain
 * `telegram:<chat>`, the key sessions had before there were several bots. In a group every
 * member has their own session (`…:<chat>:<user>`): an official typing an answer there must not
 * have a colleague's message taken for it.
 */
import type { InboundEvent } from '../channels/types.ts';

export function sessionKey(
  event: Pick<InboundEvent, 'channel' | 'chatId' | 'chatType' | 'user'>,
  bot = '',
): string {
  const scope = bot ? `${event.channel}@${bot}` : event.channel;
  return event.chatType === 'private'
    ? `${scope}:${event.chatId}`
    : `${scope}:${event.chatId}:${event.user.id}`;
}
