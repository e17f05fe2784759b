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
