/**
 * The last touch on a turn's replies: fewer messages, within Telegram's limits.
 */
import { isHtml, joinHtml, type Html } from '../core/html.ts';
import { truncate } from './text.ts';
import type { FlowReply } from './types.ts';

/** Telegram's text limit. */
const MAX_TEXT = 4096;
/** Telegram's callback_data limit, in bytes. */
export const MAX_CALLBACK_BYTES = 64;

/**
 * Fewer messages: a plain note is joined to the message after it (Telegram allows about one
 * message per second per chat, so every message saved is a second saved).
 */
export function compactReplies(replies: FlowReply[]): FlowReply[] {
  const out: FlowReply[] = [];
  let carry: FlowReply | undefined;
  for (const reply of replies) {
    if (carry) {
      const joined = joinTexts(carry.text, reply.text);
      if (textSize(joined) <= MAX_TEXT) {
        carry = undefined;
        reply.text = joined;
      } else {
        out.push(carry);
        carry = undefined;
      }
    }
    if (!reply.buttons && !reply.request && !reply.removeKeyboard) carry = reply;
    else out.push(reply);
  }
  if (carry) out.push(carry);
  for (const reply of out) {
    if (!isHtml(reply.text) && reply.text.length > MAX_TEXT)
      reply.text = truncate(reply.text, MAX_TEXT);
    for (const row of reply.buttons ?? []) {
      for (const b of row) {
        if (new TextEncoder().encode(b.data).length > MAX_CALLBACK_BYTES) {
          throw new Error(`callback data over ${MAX_CALLBACK_BYTES} bytes: ${b.data}`);
        }
      }
    }
  }
  return out;
}

function joinTexts(a: string | Html, b: string | Html): string | Html {
  if (!isHtml(a) && !isHtml(b)) return `${a}\n\n${b}`;
  return joinHtml([a, b], '\n\n');
}

function textSize(text: string | Html): number {
  return isHtml(text) ? text.value.length : text.length;
}
