/**
 * A web chat recording made ready for the officials: measured from its Opus packets (never from
 * what the container or the browser claims) and remuxed into the OGG/Opus that Telegram plays
 * as a voice note, over real bytes Chromium's MediaRecorder recorded.
 */
import { ALL_FORMATS, BufferSource, EncodedPacketSink, Input } from 'mediabunny';
import { describe, expect, it } from 'vitest';
import { opusPacketSamples } from '../../../src/channels/webchat/opus-duration.ts';
import { prepareVoice } from '../../../src/channels/webchat/web-chat-voice.ts';
import {
  aacInMp4,
  CHROMIUM_RECORDING,
  makeRecording,
  mp3Frames,
} from '../../support/voice-recordings.ts';

const LIMITS = { maxSeconds: 300, maxBytes: 20 * 1024 * 1024 };

async function readBack(bytes: Buffer) {
  const input = new Input({ source: new BufferSource(bytes), formats: ALL_FORMATS });
  const track = await input.getPrimaryAudioTrack();
  let packets = 0;
  for await (const _ of new EncodedPacketSink(track!).packets()) packets += 1;
  return {
    format: (await input.getFormat()).name,
    codec: track?.codec,
    channels: track?.numberOfChannels,
    seconds: await input.computeDuration(),
    packets,
  };
}

describe('a web chat recording', () => {
  it('Chromium’s WebM/Opus becomes OGG/Opus of the same length and the same packets', async () => {
    const prepared = await prepareVoice(CHROMIUM_RECORDING, LIMITS);
    if (prepared.type !== 'voice') throw new Error(`not taken: ${prepared.type}`);
    expect(prepared.durationSeconds).toBe(3);
    expect(prepared.size).toBe(CHROMIUM_RECORDING.length);
    expect(prepared.data.subarray(0, 4).toString('latin1')).toBe('OggS');
    expect(prepared.data.includes(Buffer.from('OpusHead'))).toBe(true);
    const before = await readBack(CHROMIUM_RECORDING);
    const after = await readBack(prepared.data);
    expect(after).toMatchObject({ format: 'Ogg', codec: 'opus', channels: before.channels });
    expect(after.packets).toBe(before.packets);
    expect(after.seconds).toBeCloseTo(3, 1);
  });

  it('an OGG/Opus recording (Firefox’s) is taken too', async () => {
    const ogg = await makeRecording({ seconds: 12, container: 'ogg' });
    const prepared = await prepareVoice(ogg, LIMITS);
    expect(prepared).toMatchObject({ type: 'voice', durationSeconds: 12 });
  });

  it('the length is what plays, whatever the container claims', async () => {
    // Six minutes of sound whose timestamps say five seconds: measured as six minutes.
    const forged = await makeRecording({ seconds: 360, claimedSeconds: 5 });
    expect((await readBack(forged)).seconds).toBeLessThan(6);
    expect(await prepareVoice(forged, LIMITS)).toMatchObject({
      type: 'tooLong',
      durationSeconds: 360,
    });
    // And a short one stretched to look long is as short as it plays.
    const stretched = await makeRecording({ seconds: 6, claimedSeconds: 900 });
    expect(await prepareVoice(stretched, LIMITS)).toMatchObject({
      type: 'voice',
      durationSeconds: 6,
    });
  });

  it('5 minutes is taken, 5 minutes and a bit more is not', async () => {
    expect(await prepareVoice(await makeRecording({ seconds: 300 }), LIMITS)).toMatchObject({
      type: 'voice',
      durationSeconds: 300,
    });
    expect(await prepareVoice(await makeRecording({ seconds: 301.2 }), LIMITS)).toMatchObject({
      type: 'tooLong',
      durationSeconds: 301,
    });
  });

  it('a file over the size limit is refused unread; what is not Opus audio is unreadable', async () => {
    expect(await prepareVoice(CHROMIUM_RECORDING, { ...LIMITS, maxBytes: 1000 })).toEqual({
      type: 'tooLarge',
      size: CHROMIUM_RECORDING.length,
    });
    expect(await prepareVoice(Buffer.from('not a recording at all'), LIMITS)).toEqual({
      type: 'unreadable',
    });
    // The recording cut in the middle of its header.
    expect(await prepareVoice(CHROMIUM_RECORDING.subarray(0, 40), LIMITS)).toEqual({
      type: 'unreadable',
    });
  });

  it('Safari’s AAC in MP4 and an MP3 are told apart from what cannot be read at all', async () => {
    // Opus only reaches Telegram as a voice note; gopy cannot re-encode AAC or MP3 without
    // native code, so these get their own answer (the route words it for the citizen).
    expect(await prepareVoice(await aacInMp4(3), LIMITS)).toEqual({ type: 'notOpus' });
    expect(await prepareVoice(mp3Frames(3), LIMITS)).toEqual({ type: 'notOpus' });
  });

  it('an Opus packet’s length is read from its TOC byte (RFC 6716 §3.1)', () => {
    // Chromium's packets: CELT 20 ms, code 3, three frames.
    expect(opusPacketSamples(Uint8Array.of(0xfb, 0x03, 0))).toBe(2880);
    expect(opusPacketSamples(Uint8Array.of(0x00))).toBe(480); // SILK 10 ms, one frame
    expect(opusPacketSamples(Uint8Array.of(0x19))).toBe(2880 * 2); // SILK 60 ms, two frames
    expect(opusPacketSamples(Uint8Array.of(0x80))).toBe(120); // CELT 2.5 ms
    expect(opusPacketSamples(new Uint8Array())).toBe(0); // a skipped packet plays nothing
    expect(opusPacketSamples(Uint8Array.of(0x03))).toBeUndefined(); // code 3 without a count
    expect(opusPacketSamples(Uint8Array.of(0x03, 0x00))).toBeUndefined(); // zero frames
    expect(opusPacketSamples(Uint8Array.of(0xfb, 0x07))).toBeUndefined(); // 140 ms > 120 ms
  });
});
