/**
 * How long an Opus packet plays, read from the packet itself (RFC 6716 §3.1, the TOC byte), not
 * from the container around it: a container's timestamps and duration are whatever the uploader
 * wrote, while a decoder plays every frame a packet holds. Summing these gives the length a
 * listener hears, which is what the 5-minute limit is about.
 */

/** Opus counts time in samples at 48 kHz whatever the input rate. */
export const OPUS_RATE = 48_000;

/** The longest a packet may be (RFC 6716 §3.2.5: at most 120 ms of audio). */
const MAX_PACKET_SAMPLES = 120 * 48;

/**
 * Frame size by configuration (the TOC's top 5 bits), in samples at 48 kHz: SILK-only 10, 20,
 * 40, 60 ms (configs 0–11), hybrid 10, 20 ms (12–15), CELT-only 2.5, 5, 10, 20 ms (16–31).
 */
function frameSamples(config: number): number {
  if (config < 12) return [480, 960, 1920, 2880][config % 4]!;
  if (config < 16) return [480, 960][config % 2]!;
  return [120, 240, 480, 960][config % 4]!;
}

/**
 * Samples (48 kHz) the packet decodes to, or undefined when it is not a valid Opus packet.
 * An empty packet is a lost or skipped one (DTX): it plays nothing.
 */
export function opusPacketSamples(packet: Uint8Array): number | undefined {
  if (packet.length === 0) return 0;
  const toc = packet[0]!;
  const perFrame = frameSamples(toc >> 3);
  let frames: number;
  switch (toc & 3) {
    case 0:
      frames = 1;
      break;
    case 1:
    case 2:
      frames = 2;
      break;
    default: {
      // Code 3: the frame count is the low 6 bits of the next byte, at least one.
      if (packet.length < 2) return undefined;
      frames = packet[1]! & 0x3f;
      if (frames === 0) return undefined;
    }
  }
  const samples = frames * perFrame;
  return samples <= MAX_PACKET_SAMPLES ? samples : undefined;
}
