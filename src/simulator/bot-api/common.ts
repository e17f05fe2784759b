/** Constants and small helpers the pieces of the fake Bot API share. */
import { createHash } from 'node:crypto';
import { isRecord as isPlainRecord } from '../../core/is-record.ts';
import { UploadedFile } from '../request-body.ts';
import type { TgChatType, TgUpdate } from './types.ts';

/** Methods that create messages, for rate limiting. */
export const SEND_METHODS = new Set([
  'sendMessage',
  'sendPhoto',
  'sendDocument',
  'sendVoice',
  'sendMediaGroup',
  'sendLocation',
  'sendContact',
  'copyMessage',
  'forwardMessage',
]);

export const DEFAULT_EXCLUDED_UPDATES = new Set([
  'chat_member',
  'message_reaction',
  'message_reaction_count',
]);

export const CHAT_ACTIONS = new Set([
  'typing',
  'upload_photo',
  'record_video',
  'upload_video',
  'record_voice',
  'upload_voice',
  'upload_document',
  'choose_sticker',
  'find_location',
  'record_video_note',
  'upload_video_note',
]);

export const MIME_BY_EXTENSION: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
  webp: 'image/webp',
  pdf: 'application/pdf',
  oga: 'audio/ogg',
  opus: 'audio/ogg',
  m4a: 'audio/mp4',
  txt: 'text/plain',
  csv: 'text/csv',
  json: 'application/json',
  zip: 'application/zip',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xls: 'application/vnd.ms-excel',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  mp4: 'video/mp4',
  mp3: 'audio/mpeg',
  ogg: 'audio/ogg',
};

export function extensionOf(name: string | undefined): string | undefined {
  const m = /\.([A-Za-z0-9]{1,8})$/.exec(name ?? '');
  return m?.[1]?.toLowerCase();
}

export { sleep } from '../../core/timing.ts';

export const nowSeconds = (): number => Math.floor(Date.now() / 1000);

/** A parameter object (an uploaded file is not one). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return isPlainRecord(v) && !(v instanceof UploadedFile);
}

export function updateType(update: TgUpdate): string | undefined {
  return Object.keys(update).find((k) => k !== 'update_id');
}

export function stableBotId(token: string): number {
  const digits = /^(\d{1,15}):/.exec(token)?.[1];
  if (digits) return Number(digits);
  return (
    7_000_000_000 + (createHash('sha256').update(token).digest().readUInt32BE(0) % 1_000_000_000)
  );
}

export function defaultChatType(id: number): TgChatType {
  if (id > 0) return 'private';
  return String(id).startsWith('-100') ? 'supergroup' : 'group';
}

// ---------------------------------------------------------------------------------------------
