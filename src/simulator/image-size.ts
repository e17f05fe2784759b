/**
 * Pixel size and type of an uploaded image, read from its header by image-size (no decoding),
 * so the fake can answer with PhotoSize objects whose width and height are true. Only the types
 * Telegram shows as photos are recognised; anything else is a document to the fake.
 */
import { imageSize } from 'image-size';

export interface ImageInfo {
  width: number;
  height: number;
  mimeType: string;
  extension: string;
}

const PHOTO_TYPES: Partial<Record<string, Pick<ImageInfo, 'mimeType' | 'extension'>>> = {
  png: { mimeType: 'image/png', extension: 'png' },
  jpg: { mimeType: 'image/jpeg', extension: 'jpg' },
  gif: { mimeType: 'image/gif', extension: 'gif' },
  webp: { mimeType: 'image/webp', extension: 'webp' },
};

export function imageInfo(data: Uint8Array): ImageInfo | undefined {
  let size: ReturnType<typeof imageSize>;
  try {
    size = imageSize(data);
  } catch {
    return undefined; // not an image, or a truncated one: image-size throws for both
  }
  const type = size.type ? PHOTO_TYPES[size.type] : undefined;
  if (!type || !size.width || !size.height) return undefined;
  return { width: size.width, height: size.height, ...type };
}
