/**
 * Deep-link payloads (`t.me/<bot>?start=<payload>`): at most 64 characters of [A-Za-z0-9_-].
 *   c_<unit>                      a commune's poster: the menu, with the commune chosen
 *   r_<unit>                      rate the commune
 *   q_<unit>_<counter>[_<staff>]  the QR code at a counter: the micro-rating
 *   inv_<code>                    an official's one-time invite (handled by the officials' desk)
 */
export type DeepLink =
  | { type: 'menu'; params: Record<string, string> }
  | { type: 'flow'; flowId: string; params: Record<string, string> }
  | { type: 'invite'; code: string };

const UNIT = '(\\d{5})';
const TOKEN = '([A-Za-z0-9-]{1,20})';

export function parseDeepLink(payload: string): DeepLink {
  const p = payload.trim();
  let m = new RegExp(`^c_${UNIT}$`).exec(p);
  if (m?.[1]) return { type: 'menu', params: { unitCode: m[1] } };
  m = new RegExp(`^r_${UNIT}$`).exec(p);
  if (m?.[1]) return { type: 'flow', flowId: 'rate-commune', params: { unitCode: m[1] } };
  m = new RegExp(`^q_${UNIT}_${TOKEN}(?:_${TOKEN})?$`).exec(p);
  if (m?.[1] && m[2]) {
    const params: Record<string, string> = { unitCode: m[1], counterCode: m[2] };
    if (m[3]) params.staffCode = m[3];
    return { type: 'flow', flowId: 'rate-counter', params };
  }
  m = /^inv_([A-Za-z0-9_-]{6,40})$/.exec(p);
  if (m?.[1]) return { type: 'invite', code: m[1] };
  return { type: 'menu', params: {} };
}
