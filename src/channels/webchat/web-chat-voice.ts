/**
 * A voice note a citizen records (or uploads) in the web chat, made ready for the officials:
 *
 * - Its length is measured here, from the Opus packets themselves (`opus-duration.ts`), never
 *   taken from the browser or from the container's own duration, which the uploader wrote.
 * - It is remuxed into OGG/Opus, what Telegram's sendVoice plays as a voice note. Browsers
 *   record WebM/Opus (Chromium, Android) or OGG/Opus (Firefox); the sound is not re-encoded,
 *   only moved into the other container, with timestamps counted from the packets, so the OGG
 *   says the same length the limit was checked on. The container's metadata (tags, the
 *   recorder's name) is not carried over.
 *
 * The remux is mediabunny's (a TypeScript media toolkit without dependencies, maintained, read
 * and write support for Matroska/WebM, OGG and MP4): no ffmpeg in the image, no native module.
 * It is loaded on the first recording, as sharp is on the first photo.
 */
import { OPUS_RATE, opusPacketSamples } from './opus-duration.ts';

/**
 * The content types a voice upload may declare: any audio (a phone's recorder app names its
 * files many ways), WebM and OGG. Only what the bytes are counts: Opus in WebM, OGG or MP4.
 */
export const VOICE_CONTENT_TYPES = /^(?:audio\/|video\/webm|application\/ogg)/i;

export type VoiceCheck =
  /** Ready: OGG/Opus bytes and the length measured from the packets (whole seconds, ≥ 1). */
  | { type: 'voice'; data: Buffer; durationSeconds: number; size: number }
  /** Longer than `maxSeconds`: measured, not converted. */
  | { type: 'tooLong'; durationSeconds: number; size: number }
  /** Larger than `maxBytes`: not read at all. */
  | { type: 'tooLarge'; size: number }
  /**
   * Sound in another codec: AAC (Safari's recorder, an iPhone's Voice Memos, .m4a) or MP3.
   * Telegram plays only OGG/Opus as a voice note, and re-encoding needs an audio encoder that
   * Node does not have (mediabunny's go through WebCodecs): the citizen is told what to do.
   */
  | { type: 'notOpus' }
  /** Not audio gopy can hand on (damaged, empty, no sound track). */
  | { type: 'unreadable' };

export interface VoiceLimits {
  maxSeconds: number;
  maxBytes: number;
}

export async function prepareVoice(bytes: Buffer, limits: VoiceLimits): Promise<VoiceCheck> {
  const size = bytes.length;
  if (size > limits.maxBytes) return { type: 'tooLarge', size };
  const mb = await import('mediabunny');
  try {
    const input = new mb.Input({
      source: new mb.BufferSource(bytes),
      formats: [mb.WEBM, mb.MATROSKA, mb.OGG, mb.MP4, mb.MP3, mb.ADTS],
    });
    const track = await input.getPrimaryAudioTrack();
    if (!track) return { type: 'unreadable' };
    if (track.codec !== 'opus') return track.codec ? { type: 'notOpus' } : { type: 'unreadable' };
    const config = await track.getDecoderConfig();
    if (!config) return { type: 'unreadable' };

    // First pass: the length, from the packets (a too long one is refused without converting).
    const sink = new mb.EncodedPacketSink(track);
    const packets: Array<{ data: Uint8Array; samples: number }> = [];
    let total = 0;
    for await (const packet of sink.packets()) {
      const samples = opusPacketSamples(packet.data);
      if (samples === undefined) return { type: 'unreadable' };
      packets.push({ data: packet.data, samples });
      total += samples;
    }
    if (total === 0) return { type: 'unreadable' };
    const durationSeconds = Math.max(1, Math.round(total / OPUS_RATE));
    if (durationSeconds > limits.maxSeconds) return { type: 'tooLong', durationSeconds, size };

    const target = new mb.BufferTarget();
    const output = new mb.Output({ format: new mb.OggOutputFormat(), target });
    const source = new mb.EncodedAudioPacketSource('opus');
    output.addAudioTrack(source);
    await output.start();
    let at = 0;
    for (const [i, p] of packets.entries()) {
      const packet = new mb.EncodedPacket(p.data, 'key', at / OPUS_RATE, p.samples / OPUS_RATE);
      await source.add(packet, i === 0 ? { decoderConfig: config } : undefined);
      at += p.samples;
    }
    await output.finalize();
    if (!target.buffer) return { type: 'unreadable' };
    return { type: 'voice', data: Buffer.from(target.buffer), durationSeconds, size };
  } catch {
    return { type: 'unreadable' };
  }
}
