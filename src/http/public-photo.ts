/**
 * A citizen's photo made fit for the public: fetched from Telegram by its file id (getFile, then
 * the file URL), turned upright, scaled to at most 1280 px and re-encoded as JPEG by sharp, which
 * writes no metadata unless asked: no EXIF (GPS position, camera, time), no XMP, no ICC
 * profile. The results of the last few photos are kept in memory, since a public list may show
 * the same photo to many clients.
 */
import sharp from 'sharp';

/** The long side of a public photo: enough to see a pothole, small enough for a phone. */
const MAX_SIDE = 1280;
const CACHE_ENTRIES = 64;
/** Telegram gives bots files up to 20 MB. */
const MAX_BYTES = 20 * 1024 * 1024;

export interface PublicPhotos {
  /** The photo as a stripped JPEG; undefined when the channel no longer has it. */
  jpeg(fileId: string): Promise<Buffer | undefined>;
}

/** Strips and scales an image (any format sharp reads) to the public JPEG. */
export async function publicJpeg(image: Buffer): Promise<Buffer> {
  return sharp(image, { failOn: 'error' })
    .rotate() // applies the EXIF orientation before the EXIF goes
    .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: 82, mozjpeg: true })
    .toBuffer();
}

export function createTelegramPublicPhotos(options: {
  apiRoot: string;
  token: string;
}): PublicPhotos {
  const root = options.apiRoot.replace(/\/+$/, '');
  const cache = new Map<string, Buffer>();
  return {
    async jpeg(fileId) {
      const cached = cache.get(fileId);
      if (cached) return cached;
      const info = await fetch(
        `${root}/bot${options.token}/getFile?file_id=${encodeURIComponent(fileId)}`,
      );
      const body = (await info.json()) as { ok?: boolean; result?: { file_path?: string } };
      const path = body.ok ? body.result?.file_path : undefined;
      if (!path) return undefined;
      const file = await fetch(`${root}/file/bot${options.token}/${path}`);
      if (!file.ok) return undefined;
      const bytes = Buffer.from(await file.arrayBuffer());
      if (bytes.length > MAX_BYTES) return undefined;
      const out = await publicJpeg(bytes);
      cache.set(fileId, out);
      if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
      return out;
    },
  };
}
