import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { imageInfo } from '../../../src/simulator/image-size.ts';

describe('the size of an uploaded photo', () => {
  it('reads a PNG and a GIF header', () => {
    const png = PNG.sync.write(new PNG({ width: 40, height: 30 }));
    expect(imageInfo(png)).toEqual({
      width: 40,
      height: 30,
      mimeType: 'image/png',
      extension: 'png',
    });
    // GIF89a, 3×2 pixels, then a minimal logical screen descriptor.
    const gif = Uint8Array.from([0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 3, 0, 2, 0, 0, 0, 0]);
    expect(imageInfo(gif)).toMatchObject({ width: 3, height: 2, mimeType: 'image/gif' });
  });

  it('gives nothing for a file that is not a photo', () => {
    expect(imageInfo(new TextEncoder().encode('%PDF-1.7 not a photo'))).toBeUndefined();
    expect(imageInfo(new Uint8Array())).toBeUndefined();
  });
});
