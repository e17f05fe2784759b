/**
 * A photo a citizen uploads in the web chat: checked (an image sharp can read, of the allowed
 * types, within the size limit), turned upright, scaled down to what a report needs and
 * re-encoded as JPEG without any metadata, so the EXIF block (GPS position, camera, owner)
 * never reaches gopy's database or an official. The location a citizen means to share is sent
 * on purpose, as a location.
 */

/** What a browser may upload (phones send JPEG or HEIC-converted JPEG, PNG, WebP). */
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
/** Bytes of one upload; a phone photo is 2–6 MB. */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
/** Longest side kept: enough to read a sign or see a pothole, small enough for Telegram. */
const MAX_SIDE = 2048;

export type PhotoCheck =
  | { ok: true; data: Buffer; mimeType: 'image/jpeg'; width: number; height: number }
  | { ok: false; reason: 'type' | 'size' | 'unreadable' };

export async function preparePhoto(bytes: Buffer, declaredType: string): Promise<PhotoCheck> {
  if (!(PHOTO_TYPES as readonly string[]).includes(declaredType))
    return { ok: false, reason: 'type' };
  if (bytes.length > MAX_PHOTO_BYTES) return { ok: false, reason: 'size' };
  // sharp (libvips) loads on the first upload: about 29 MB a process that takes no web photo
  // never needs (bench:startup).
  const { default: sharp } = await import('sharp');
  try {
    const meta = await sharp(bytes).metadata();
    if (!meta.format || !['jpeg', 'png', 'webp'].includes(meta.format))
      return { ok: false, reason: 'type' };
    // rotate() applies the EXIF orientation; no withMetadata(): the output carries none.
    const { data, info } = await sharp(bytes)
      .rotate()
      .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true })
      .jpeg({ quality: 85 })
      .toBuffer({ resolveWithObject: true });
    return { ok: true, data, mimeType: 'image/jpeg', width: info.width, height: info.height };
  } catch {
    return { ok: false, reason: 'unreadable' };
  }
}
