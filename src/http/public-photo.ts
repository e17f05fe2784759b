/**
 * A citizen's photo made fit for the public: read from the channel by its file id, turned
 * upright, scaled to at most 1280 px and re-encoded as JPEG by sharp, which writes no metadata
 * unless asked: no EXIF (GPS position, camera, time), no XMP, no ICC profile. The results of the last few photos are kept in memory, since a public list may show
 * the same photo to many clients.
 */

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
  // Loaded on the first public photo (libvips: 24 MB and 0.2 s): roles that never serve one,
  // and a bot until someone asks, do not hold it (bench:startup).
  const { default: sharp } = await import('sharp');
  return sharp(image, { failOn: 'error' })
    .rotate() // applies the EXIF orientation before the EXIF goes
    .resize({ width: MAX_SIDE, height: MAX_SIDE, fit: 'inside', withoutEnlargement: true })
    .jpeg({ quality: 82, mozjpeg: true })
    .toBuffer();
}

/** Public photos from a channel's files (channels/telegram/telegram-file.ts for Telegram). */
export function createPublicPhotos(
  readFile: (fileId: string) => Promise<{ data: Uint8Array } | undefined>,
): PublicPhotos {
  const cache = new Map<string, Buffer>();
  return {
    async jpeg(fileId) {
      const cached = cache.get(fileId);
      if (cached) return cached;
      const file = await readFile(fileId);
      if (!file || file.data.length > MAX_BYTES) return undefined;
      const out = await publicJpeg(Buffer.from(file.data));
      cache.set(fileId, out);
      if (cache.size > CACHE_ENTRIES) cache.delete(cache.keys().next().value as string);
      return out;
    },
  };
}
