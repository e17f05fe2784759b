/**
 * Zalo signs each webhook call: `X-ZEvent-Signature: mac=<hex sha256 of app_id + raw body +
 * timestamp + the OA secret key>`, the timestamp being the event's own `timestamp` field. The
 * check runs over the raw bytes as received (a re-serialised body would differ) and compares in
 * constant time.
 */
import { createHash, timingSafeEqual } from 'node:crypto';

export const ZALO_SIGNATURE_HEADER = 'x-zevent-signature';

export function zaloSignature(
  appId: string,
  rawBody: string,
  timestamp: string,
  oaSecretKey: string,
): string {
  return `mac=${createHash('sha256')
    .update(appId + rawBody + timestamp + oaSecretKey)
    .digest('hex')}`;
}

/** The event's timestamp, read without trusting anything else in the body. */
function timestampOf(rawBody: string): string | undefined {
  try {
    const parsed = JSON.parse(rawBody) as { timestamp?: unknown };
    const t = parsed.timestamp;
    return typeof t === 'string' || typeof t === 'number' ? String(t) : undefined;
  } catch {
    return undefined;
  }
}

export function verifyZaloSignature(
  header: string | undefined,
  rawBody: string,
  secrets: { appId: string; oaSecretKey: string },
): boolean {
  if (!header) return false;
  const timestamp = timestampOf(rawBody);
  if (timestamp === undefined) return false;
  const expected = Buffer.from(
    zaloSignature(secrets.appId, rawBody, timestamp, secrets.oaSecretKey),
  );
  const given = Buffer.from(header.trim());
  return given.length === expected.length && timingSafeEqual(given, expected);
}
