/** Files the bots upload or receive: ids, paths, photo sizes, and the bytes behind `getFile`. */
import { createHash, randomBytes } from 'node:crypto';
import { imageInfo } from '../image-size.ts';
import { UploadedFile } from '../request-body.ts';
import {
  badRequest,
  type TgPhotoSize,
  type TgDocument,
  type TgVoice,
  type FileInput,
  type StoredFile,
  type FakeBotState,
} from './types.ts';
import { MIME_BY_EXTENSION, extensionOf } from './common.ts';

export function createFiles(state: FakeBotState) {
  const { files, filesByPath } = state;

  function newFileId(prefix: string): string {
    return prefix + randomBytes(30).toString('base64url');
  }

  function storeFile(
    token: string,
    data: Buffer,
    kind: StoredFile['kind'],
    meta: { fileName?: string; mimeType?: string; variant?: string },
  ): StoredFile {
    state.fileCounter += 1;
    const info = kind === 'photo' ? imageInfo(data) : undefined;
    const ext =
      info?.extension ??
      extensionOf(meta.fileName) ??
      (kind === 'photo' ? 'jpg' : kind === 'voice' ? 'oga' : 'dat');
    const folder = kind === 'photo' ? 'photos' : kind === 'document' ? 'documents' : `${kind}s`;
    const unique = createHash('sha256')
      .update(data)
      .update(meta.variant ?? '')
      .digest('base64url')
      .slice(0, 16);
    const file: StoredFile = {
      fileId: newFileId(
        kind === 'photo' ? 'AgACAgIAAxkB' : kind === 'voice' ? 'AwACAgIAAxkB' : 'BQACAgIAAxkB',
      ),
      fileUniqueId: `AQAD${unique}`,
      ownerToken: token,
      data,
      mimeType:
        info?.mimeType ?? meta.mimeType ?? MIME_BY_EXTENSION[ext] ?? 'application/octet-stream',
      filePath: `${folder}/file_${state.fileCounter}.${ext}`,
      kind,
    };
    if (meta.fileName) file.fileName = meta.fileName;
    files.set(file.fileId, file);
    filesByPath.set(file.filePath, file);
    return file;
  }

  /**
   * Telegram keeps several sizes of a photo (90, 320, 800, 1280 px on the long side). The fake
   * does not resample: every size serves the original bytes, with the scaled dimensions.
   */
  function storePhoto(token: string, data: Buffer, fileName?: string): TgPhotoSize[] {
    const info = imageInfo(data);
    const width = info?.width ?? 800;
    const height = info?.height ?? 600;
    const longSide = Math.max(width, height, 1);
    const targets = [90, 320, 800, 1280].filter((t) => t < longSide);
    targets.push(Math.min(longSide, 2560));
    const sizes: TgPhotoSize[] = targets.map((target) => {
      const scale = target / longSide;
      const meta = fileName ? { fileName, variant: String(target) } : { variant: String(target) };
      const f = storeFile(token, data, 'photo', meta);
      return {
        file_id: f.fileId,
        file_unique_id: f.fileUniqueId,
        width: Math.max(1, Math.round(width * scale)),
        height: Math.max(1, Math.round(height * scale)),
        file_size: data.length,
      };
    });
    for (const s of sizes) {
      const f = files.get(s.file_id);
      if (f) f.photoSizes = sizes;
    }
    return sizes;
  }

  function documentOf(f: StoredFile): TgDocument {
    const d: TgDocument = {
      file_id: f.fileId,
      file_unique_id: f.fileUniqueId,
      mime_type: f.mimeType,
      file_size: f.data.length,
    };
    if (f.fileName) d.file_name = f.fileName;
    return d;
  }

  /** A voice note as Telegram describes it; the length is the sender's, as Telegram keeps it. */
  function voiceOf(f: StoredFile, duration?: number): TgVoice {
    if (duration !== undefined) f.duration = duration;
    return {
      file_id: f.fileId,
      file_unique_id: f.fileUniqueId,
      duration: f.duration ?? 0,
      mime_type: f.mimeType,
      file_size: f.data.length,
    };
  }

  /** An InputFile or String parameter: an upload, a known file_id, or an http(s) URL to fetch. */
  async function resolveFile(
    token: string,
    value: unknown,
    kind: StoredFile['kind'],
  ): Promise<{ photo?: TgPhotoSize[]; file: StoredFile }> {
    if (value instanceof UploadedFile) {
      if (kind === 'photo') {
        const photo = storePhoto(token, value.data, value.filename);
        const file = files.get(photo[photo.length - 1]?.file_id ?? '');
        if (!file) throw badRequest('failed to store photo');
        return { photo, file };
      }
      const mimeType =
        value.contentType !== 'application/octet-stream' ? value.contentType : undefined;
      const meta = mimeType ? { fileName: value.filename, mimeType } : { fileName: value.filename };
      return { file: storeFile(token, value.data, kind, meta) };
    }
    if (typeof value === 'string') {
      const known = files.get(value);
      if (known) {
        if (known.ownerToken !== token)
          throw badRequest('wrong file identifier/HTTP URL specified');
        return known.photoSizes && kind === 'photo'
          ? { photo: known.photoSizes, file: known }
          : { file: known };
      }
      if (/^https?:\/\//i.test(value)) {
        let data: Buffer;
        try {
          const res = await fetch(value, { signal: AbortSignal.timeout(5000) });
          if (!res.ok) throw new Error(String(res.status));
          data = Buffer.from(await res.arrayBuffer());
        } catch {
          throw badRequest('failed to get HTTP URL content');
        }
        const name =
          decodeURIComponent(new URL(value).pathname.split('/').pop() ?? '') || undefined;
        if (kind === 'photo') {
          const photo = storePhoto(token, data, name);
          const file = files.get(photo[photo.length - 1]?.file_id ?? '');
          if (!file) throw badRequest('failed to store photo');
          return { photo, file };
        }
        return { file: storeFile(token, data, kind, name ? { fileName: name } : {}) };
      }
    }
    throw badRequest('wrong file identifier/HTTP URL specified');
  }

  /** The bytes behind an injected photo/document. */
  function fileFromInput(
    token: string,
    input: FileInput,
    kind: 'photo' | 'document' | 'voice',
  ): { photo?: TgPhotoSize[]; file: StoredFile } {
    if ('fileId' in input) {
      const f = files.get(input.fileId);
      if (!f) throw new Error(`fake Bot API: unknown file_id ${input.fileId}`);
      return f.photoSizes && kind === 'photo' ? { photo: f.photoSizes, file: f } : { file: f };
    }
    const data = input instanceof Uint8Array ? Buffer.from(input) : Buffer.from(input.data);
    const fileName = input instanceof Uint8Array ? undefined : input.fileName;
    const mimeType = input instanceof Uint8Array ? undefined : input.mimeType;
    if (kind === 'photo') {
      const photo = storePhoto(token, data, fileName);
      const file = files.get(photo[photo.length - 1]?.file_id ?? '');
      if (!file) throw new Error('fake Bot API: failed to store photo');
      return { photo, file };
    }
    const meta: { fileName?: string; mimeType?: string } = {};
    if (fileName) meta.fileName = fileName;
    if (mimeType) meta.mimeType = mimeType;
    return { file: storeFile(token, data, kind, meta) };
  }

  return { newFileId, storeFile, storePhoto, documentOf, voiceOf, resolveFile, fileFromInput };
}

export type Files = ReturnType<typeof createFiles>;
