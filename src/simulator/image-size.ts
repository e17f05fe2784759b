/**
 * Pixel size and type of an uploaded image, read from its header (PNG, JPEG, GIF, WebP), so the
 * fake can answer with PhotoSize objects whose width and height are true. No decoding.
 */

export interface ImageInfo {
  width: number;
  height: number;
  mimeType: string;
  extension: string;
}

export function imageInfo(data: Uint8Array): ImageInfo | undefined {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (buf.length >= 24 && buf.readUInt32BE(0) === 0x89504e47) {
    return {
      width: buf.readUInt32BE(16),
      height: buf.readUInt32BE(20),
      mimeType: 'image/png',
      extension: 'png',
    };
  }
  if (buf.length >= 10 && buf.toString('ascii', 0, 3) === 'GIF') {
    return {
      width: buf.readUInt16LE(6),
      height: buf.readUInt16LE(8),
      mimeType: 'image/gif',
      extension: 'gif',
    };
  }
  if (
    buf.length >= 30 &&
    buf.toString('ascii', 0, 4) === 'RIFF' &&
    buf.toString('ascii', 8, 12) === 'WEBP'
  ) {
    const chunk = buf.toString('ascii', 12, 16);
    if (chunk === 'VP8 ') {
      return {
        width: buf.readUInt16LE(26) & 0x3fff,
        height: buf.readUInt16LE(28) & 0x3fff,
        mimeType: 'image/webp',
        extension: 'webp',
      };
    }
    if (chunk === 'VP8L') {
      const bits = buf.readUInt32LE(21);
      return {
        width: (bits & 0x3fff) + 1,
        height: ((bits >> 14) & 0x3fff) + 1,
        mimeType: 'image/webp',
        extension: 'webp',
      };
    }
    if (chunk === 'VP8X') {
      return {
        width: buf.readUIntLE(24, 3) + 1,
        height: buf.readUIntLE(27, 3) + 1,
        mimeType: 'image/webp',
        extension: 'webp',
      };
    }
  }
  if (buf.length >= 4 && buf[0] === 0xff && buf[1] === 0xd8) {
    let pos = 2;
    while (pos + 9 < buf.length) {
      if (buf[pos] !== 0xff) return undefined;
      const marker = buf[pos + 1] ?? 0;
      // Start-of-frame markers carry the size; C4 (DHT), C8 and CC (DAC) do not.
      if (
        marker >= 0xc0 &&
        marker <= 0xcf &&
        marker !== 0xc4 &&
        marker !== 0xc8 &&
        marker !== 0xcc
      ) {
        return {
          width: buf.readUInt16BE(pos + 7),
          height: buf.readUInt16BE(pos + 5),
          mimeType: 'image/jpeg',
          extension: 'jpg',
        };
      }
      pos += 2 + buf.readUInt16BE(pos + 2);
    }
  }
  return undefined;
}
