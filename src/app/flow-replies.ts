/** Maps the flow engine's channel-free replies onto the channel seam's messages. */
import type { Button, OutboundMessage } from '../channels/types.ts';
import type { FlowReply } from '../flow/types.ts';

export function flowReplyToMessage(
  chatId: string,
  reply: FlowReply,
): Extract<OutboundMessage, { type: 'text' }> {
  const message: Extract<OutboundMessage, { type: 'text' }> = {
    type: 'text',
    chatId,
    text: reply.text,
  };
  if (reply.asksText) message.asksText = true;
  if (reply.buttons?.length) {
    message.buttons = reply.buttons.map((row) =>
      row.map((b): Button => ({ type: 'callback', label: b.label, data: b.data })),
    );
  } else if (reply.request) {
    const r = reply.request;
    const buttons: Array<{ label: string; request?: 'location' | 'contact' }> = [
      { label: r.label, request: r.kind },
    ];
    for (const label of [r.skipLabel, r.backLabel, r.cancelLabel])
      if (label) buttons.push({ label });
    message.replyKeyboard = { type: 'request', buttons };
  } else if (reply.removeKeyboard) {
    message.replyKeyboard = { type: 'remove' };
  }
  if (reply.voice) message.takesVoice = true;
  return message;
}
