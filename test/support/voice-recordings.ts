/**
 * Recordings for the voice tests, made from a real one: a 3-second WebM/Opus that Chromium's
 * MediaRecorder recorded from its fake microphone (test/unit/channels/fixtures/). Longer ones
 * repeat its packets (the same sound, any length) in a container of choice, with timestamps as
 * given, so a test can write a container that lies about its length.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  BufferSource,
  BufferTarget,
  EncodedAudioPacketSource,
  EncodedPacket,
  EncodedPacketSink,
  Input,
  Mp4OutputFormat,
  OggOutputFormat,
  Output,
  WEBM,
  WebMOutputFormat,
} from 'mediabunny';

export const CHROMIUM_RECORDING = readFileSync(
  resolve(import.meta.dirname, '../unit/channels/fixtures/chromium-voice-3s.webm'),
);

/** The recording's Opus packets (60 ms each, as Chromium records) and its decoder config. */
async function recordedPackets() {
  const input = new Input({ source: new BufferSource(CHROMIUM_RECORDING), formats: [WEBM] });
  const track = await input.getPrimaryAudioTrack();
  if (!track) throw new Error('the fixture has no audio track');
  const config = await track.getDecoderConfig();
  if (!config) throw new Error('the fixture has no decoder config');
  const packets: EncodedPacket[] = [];
  for await (const p of new EncodedPacketSink(track).packets()) packets.push(p);
  return { config, packets };
}

/**
 * A recording of `seconds` (the fixture's packets over and over), in WebM or OGG. With
 * `claimedSeconds`, the container's timestamps squeeze it into that length (a forged file).
 */
export async function makeRecording(options: {
  seconds: number;
  container?: 'webm' | 'ogg';
  claimedSeconds?: number;
}): Promise<Buffer> {
  const { config, packets } = await recordedPackets();
  const target = new BufferTarget();
  const output = new Output({
    format: options.container === 'ogg' ? new OggOutputFormat() : new WebMOutputFormat(),
    target,
  });
  const source = new EncodedAudioPacketSource('opus');
  output.addAudioTrack(source);
  await output.start();
  const count = Math.round(options.seconds / 0.06);
  const step = (options.claimedSeconds ?? options.seconds) / count;
  for (let i = 0; i < count; i++) {
    const p = packets[i % packets.length]!;
    await source.add(
      new EncodedPacket(p.data, 'key', i * step, step),
      i === 0 ? { decoderConfig: config } : undefined,
    );
  }
  await output.finalize();
  return Buffer.from(target.buffer!);
}

/**
 * What Safari's MediaRecorder and iPhone's Voice Memos make: AAC-LC (mono, 44.1 kHz) in MP4,
 * `seconds` long. The frames are not real sound: only the container and codec are checked.
 */
export async function aacInMp4(seconds: number): Promise<Buffer> {
  const target = new BufferTarget();
  const output = new Output({ format: new Mp4OutputFormat(), target });
  const source = new EncodedAudioPacketSource('aac');
  output.addAudioTrack(source);
  await output.start();
  const frame = 1024 / 44_100;
  const count = Math.round(seconds / frame);
  for (let i = 0; i < count; i++)
    await source.add(
      new EncodedPacket(new Uint8Array(64), 'key', i * frame, frame),
      i === 0
        ? {
            decoderConfig: {
              codec: 'mp4a.40.2',
              sampleRate: 44_100,
              numberOfChannels: 1,
              // AudioSpecificConfig: AAC-LC (2), 44.1 kHz (index 4), one channel.
              description: new Uint8Array([0x12, 0x08]),
            },
          }
        : undefined,
    );
  await output.finalize();
  return Buffer.from(target.buffer!);
}

/** An MP3 of `seconds`: MPEG-1 Layer III frames (128 kbit/s, 44.1 kHz, 1,152 samples each). */
export function mp3Frames(seconds: number): Buffer {
  const frame = Buffer.alloc(417);
  frame.set([0xff, 0xfb, 0x90, 0x00]);
  return Buffer.concat(Array.from({ length: Math.round((seconds * 44_100) / 1152) }, () => frame));
}
