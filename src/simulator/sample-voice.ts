/**
 * The simulator's "recorded" voice note: a short clip made here, so a citizen on the simulator
 * page can send a voice note without a microphone and an official can play it back. A WAV
 * (8 kHz, 8-bit, mono) because every browser plays it in an <audio> element without a codec;
 * Telegram's own voice notes are OGG/Opus, which gopy never decodes anyway.
 */

/** How long the sample clip is, in seconds (what its voice note reports as duration). */
export const SAMPLE_VOICE_SECONDS = 3;

const RATE = 8000;

/** Three rising tones with soft edges, so a person hears that something plays. */
export function sampleVoiceClip(): Buffer {
  const samples = RATE * SAMPLE_VOICE_SECONDS;
  const data = Buffer.alloc(samples);
  const tones = [440, 554, 659];
  for (let i = 0; i < samples; i++) {
    const t = i / RATE;
    const part = Math.min(tones.length - 1, Math.floor(t));
    const within = t - part;
    // A quick fade in and out of each tone, so there are no clicks.
    const envelope = Math.min(1, within * 20, (1 - within) * 20);
    const value = Math.sin(2 * Math.PI * (tones[part] ?? 440) * t) * envelope * 0.4;
    data[i] = Math.round(128 + value * 127);
  }
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(36 + samples, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16); // PCM header size
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(RATE, 24);
  header.writeUInt32LE(RATE, 28); // bytes a second
  header.writeUInt16LE(1, 32); // block align
  header.writeUInt16LE(8, 34); // bits a sample
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(samples, 40);
  return Buffer.concat([header, data]);
}
