/**
 * What an OutboundMessage looks like on Zalo, pure. Zalo shows no inline keyboards, so a
 * message's buttons become numbered lines ("1. Phản ánh") that the citizen answers by typing the
 * number or the words, and, when there are few enough, Zalo query buttons whose tap comes back
 * as a text carrying the button's data (ZALO_BUTTON_PREFIX). Zalo cannot edit a sent message: an
 * edit is sent as a new one. Text is plain (Zalo shows no HTML) and at most 2000 characters.
 */
import { htmlToPlain } from '../../core/html.ts';
import type { Button, MessageText, OutboundMessage } from '../types.ts';
import { ZALO_BUTTON_PREFIX } from './normalize-zalo-event.ts';

/** Zalo's limit on a customer-service text. */
export const ZALO_TEXT_LIMIT = 2000;
/** Zalo takes at most 5 buttons on a message; more choices are numbered lines only. */
export const ZALO_MAX_BUTTONS = 5;

export type ZaloPart =
  | {
      type: 'text';
      text: string;
      /** Query buttons shown under the text. */
      buttons?: Array<{ title: string; payload: string }>;
      /** The data of each numbered choice, in order ("2" presses the second). */
      choices?: string[];
    }
  | { type: 'image'; fileId: string; caption?: string };

const CHOOSE_HINT = 'Ông/Bà bấm nút hoặc gõ số (ví dụ: 1) để chọn.';
const CHOOSE_HINT_TYPED = 'Ông/Bà gõ số (ví dụ: 1) hoặc tên mục để chọn.';

function plain(text: MessageText | undefined): string {
  return text === undefined ? '' : htmlToPlain(text).normalize('NFC');
}

/** Splits a long text at line ends (or, failing that, anywhere) into Zalo-sized pieces. */
export function splitZaloText(text: string, limit = ZALO_TEXT_LIMIT): string[] {
  const pieces: string[] = [];
  let rest = text;
  while (rest.length > limit) {
    const cut = rest.lastIndexOf('\n', limit);
    const at = cut > limit / 2 ? cut : limit;
    pieces.push(rest.slice(0, at));
    rest = rest.slice(at).replace(/^\n/, '');
  }
  pieces.push(rest);
  return pieces;
}

/**
 * A text with its buttons as numbered choices (and query buttons when few). A question that
 * asks for typed text (`asksText`) gets its few buttons (Back, Cancel) unnumbered and no choices:
 * a description of "2" is the citizen's answer, not a tap on «✖ Hủy».
 */
function withChoices(text: string, rows: Button[][] | undefined, asksText = false): ZaloPart[] {
  const buttons = (rows ?? []).flat();
  const callbacks = buttons.filter((b) => b.type === 'callback');
  const links = buttons.filter((b) => b.type === 'url');
  const unnumbered = asksText && callbacks.length <= ZALO_MAX_BUTTONS;
  const lines = [text];
  if (callbacks.length > 0 && !unnumbered) {
    lines.push('', ...callbacks.map((b, i) => `${i + 1}. ${b.label}`));
    lines.push('', callbacks.length <= ZALO_MAX_BUTTONS ? CHOOSE_HINT : CHOOSE_HINT_TYPED);
  }
  for (const link of links) lines.push(`🔗 ${link.label}: ${link.url}`);
  const pieces = splitZaloText(lines.join('\n').trim());
  const last = pieces.pop() ?? '';
  const parts: ZaloPart[] = pieces.map((t) => ({ type: 'text', text: t }));
  parts.push({
    type: 'text',
    text: last,
    ...(callbacks.length > 0 && callbacks.length <= ZALO_MAX_BUTTONS
      ? {
          buttons: callbacks.map((b, i) => ({
            title: (unnumbered ? b.label : `${i + 1}. ${b.label}`).slice(0, 100),
            payload: `${ZALO_BUTTON_PREFIX}${b.data}`,
          })),
        }
      : {}),
    choices: unnumbered ? [] : callbacks.map((b) => b.data),
  });
  return parts;
}

/**
 * `fileUrl` gives a recording an address a citizen can open: Zalo's OA API sends images and
 * documents, not audio, so an official's voice note arrives as a link to listen to it.
 */
export function renderForZalo(
  message: OutboundMessage,
  fileUrl?: (fileId: string) => string,
): ZaloPart[] {
  switch (message.type) {
    case 'text':
      return withChoices(plain(message.text), message.buttons, message.asksText);
    case 'edit':
      return withChoices(plain(message.text), message.buttons);
    case 'photo': {
      const caption = plain(message.caption);
      const image: ZaloPart = {
        type: 'image',
        fileId: message.fileId,
        ...(caption && !message.buttons ? { caption } : {}),
      };
      return message.buttons ? [image, ...withChoices(caption, message.buttons)] : [image];
    }
    case 'album': {
      const caption = plain(message.caption);
      return message.fileIds.map((fileId, i): ZaloPart => ({
        type: 'image',
        fileId,
        ...(i === 0 && caption ? { caption } : {}),
      }));
    }
    case 'document': {
      const caption = plain(message.caption);
      // «UBND phường» for a ward's file; a message that does not say reads as a commune's.
      const note = `📎 Kèm theo một tệp tài liệu; Ông/Bà có thể nhận bản giấy tại UBND ${message.unitWord ?? 'xã'}.`;
      return [{ type: 'text', text: caption ? `${caption}\n\n${note}` : note }];
    }
    case 'location':
      return [
        {
          type: 'text',
          text: `📍 Vị trí: https://www.google.com/maps?q=${message.latitude},${message.longitude}`,
        },
      ];
    case 'voice': {
      // Zalo's OA API sends no audio: the citizen gets a link to listen to it through gopy.
      const caption = plain(message.caption);
      const unit = message.unitWord ?? 'xã';
      const listen = fileUrl
        ? `🔊 Tin nhắn thoại của cán bộ ${unit}, bấm để nghe: ${fileUrl(message.fileId)}`
        : `🔊 Cán bộ ${unit} có gửi kèm một tin nhắn thoại. Xin Ông/Bà liên hệ UBND ${unit} nếu cần nghe.`;
      return withChoices(caption ? `${caption}\n\n${listen}` : listen, message.buttons);
    }
    case 'answerButton':
      // Telegram's short popup after a tap: shown as a message only when it says something.
      return message.text ? [{ type: 'text', text: message.text }] : [];
  }
}

/** The cs message for a text part (the image's is built once its attachment id is known). */
export function zaloTextMessage(
  part: Extract<ZaloPart, { type: 'text' }>,
): Record<string, unknown> {
  if (!part.buttons) return { text: part.text };
  return {
    text: part.text,
    attachment: {
      type: 'template',
      payload: {
        buttons: part.buttons.map((b) => ({
          title: b.title,
          type: 'oa.query.hide',
          payload: b.payload,
        })),
      },
    },
  };
}

export function zaloImageMessage(attachmentId: string, caption?: string): Record<string, unknown> {
  return {
    ...(caption ? { text: caption.slice(0, ZALO_TEXT_LIMIT) } : {}),
    attachment: {
      type: 'template',
      payload: {
        template_type: 'media',
        elements: [{ media_type: 'image', attachment_id: attachmentId }],
      },
    },
  };
}
