/**
 * A photo made fit for Zalo's image upload, which takes at most 1 MB: an official's phone
 * photo is often 2–6 MB. Always re-encoded as JPEG without metadata, so no EXIF block (GPS
 * position, camera, owner) leaves gopy; scaled down step by step until it fits. A file sharp
 * cannot read goes as it came, and Zalo says whether it takes it.
 */

/** Zalo's limit on `upload/image`. */
export const ZALO_IMAGE_LIMIT = 1024 * 1024;

/** Longest side and JPEG quality, tried in order: the first that fits is sent. */
const LADDER = [
  { side: 2048, quality: 85 },
  { side: 1600, quality: 80 },
  { side: 1280, quality: 75 },
  { side: 1024, quality: 70 },
  { side: 800, quality: 65 },
] as const;

export async function fitZaloImage(
  data: Uint8Array,
  mimeType: string,
  limit = ZALO_IMAGE_LIMIT,
): Promise<{ data: Uint8Array; mimeType: string }> {
  // sharp (libvips) loads on the first photo to a Zalo citizen, as in the web chat.
  const { default: sharp } = await import('sharp');
  let smallest: Buffer | undefined;
  try {
    for (const { side, quality } of LADDER) {
      // rotate() applies the EXIF orientation; no withMetadata(): the output carries none.
      smallest = await sharp(data)
        .rotate()
        .resize({ width: side, height: side, fit: 'inside', withoutEnlargement: true })
        .jpeg({ quality })
        .toBuffer();
      if (smallest.length <= limit) break;
    }
  } catch {
    return { data, mimeType };
  }
  return smallest ? { data: smallest, mimeType: 'image/jpeg' } : { data, mimeType };
}
