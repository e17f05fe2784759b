/**
 * The callback data of the desk's buttons, in one place: what the officials press under an alert
 * or a desk prompt, and what the citizen presses under the commune's answers. Every button is
 * built with `encodeDeskCallback` and every press read with `decodeDeskCallback`, so the wire
 * format has one definition. It is the one buttons of alerts already sent carry: changing it
 * would make those buttons dead, so the shapes below are a contract (see the tests' samples).
 *
 * - `o.<reportId>.<action>[.<arg>]` an official's action (ack, asg.<staffId>, res.cr<id>, …);
 * - `v.<reportId>.<code>` the citizen's (or a follower's) verdict and ratings of an answer;
 * - `c.<reportId>.reply` the citizen's "Trả lời" under a message from the commune.
 *
 * Telegram refuses callback data over 64 bytes: encoding checks it, so an oversized button fails
 * where it is built, not when the Bot API refuses the whole message.
 */

/** The buttons of an alert and of the desk's prompts. */
export const OFFICIAL_ACTIONS = ['ack', 'asg', 'res', 'pass', 'ext', 'huy', 'xem', 'ghim'] as const;
export type OfficialAction = (typeof OFFICIAL_ACTIONS)[number];

/** The citizen's answer to "was it resolved?", and the ratings that follow it. */
export type VerdictChoice =
  | { choice: 'yes' | 'partly' | 'no' | 'skipComment' | 'skipScore' | 'clear' | 'unclear' }
  | { choice: 'score'; score: number };

export type DeskCallback =
  | { type: 'official'; reportId: number; action: OfficialAction; arg?: string }
  | ({ type: 'verdict'; reportId: number } & VerdictChoice)
  | { type: 'citizenReply'; reportId: number };

/** Telegram's limit on callback_data, in bytes. */
export const CALLBACK_DATA_MAX_BYTES = 64;

/** The short codes of the verdict buttons (`v.<id>.<code>`); scores are `s1`…`s5`. */
const VERDICT_CODES = {
  yes: 'yes',
  partly: 'partly',
  no: 'no',
  skipComment: 'nc',
  skipScore: 'ss',
  clear: 'cy',
  unclear: 'cn',
} as const satisfies Record<Exclude<VerdictChoice['choice'], 'score'>, string>;

const ARG = /^[A-Za-z0-9_-]{1,40}$/;

export function encodeDeskCallback(callback: DeskCallback): string {
  const data = encode(callback);
  const bytes = new TextEncoder().encode(data).length;
  if (bytes > CALLBACK_DATA_MAX_BYTES)
    throw new Error(`callback data "${data}" is ${bytes} bytes; Telegram allows 64`);
  return data;
}

function encode(callback: DeskCallback): string {
  switch (callback.type) {
    case 'official': {
      const head = `o.${callback.reportId}.${callback.action}`;
      if (callback.arg === undefined) return head;
      if (!ARG.test(callback.arg)) throw new Error(`bad button argument "${callback.arg}"`);
      return `${head}.${callback.arg}`;
    }
    case 'verdict':
      if (callback.choice === 'score' && !/^[1-5]$/.test(String(callback.score)))
        throw new Error(`score out of range: ${callback.score}`);
      return `v.${callback.reportId}.${
        callback.choice === 'score' ? `s${callback.score}` : VERDICT_CODES[callback.choice]
      }`;
    case 'citizenReply':
      return `c.${callback.reportId}.reply`;
  }
}

/** An official's button: `o.<reportId>.<action>[.<arg>]`. */
export function officialCallback(
  reportId: number,
  action: OfficialAction,
  arg?: string | number,
): string {
  return encodeDeskCallback({
    type: 'official',
    reportId,
    action,
    ...(arg !== undefined ? { arg: String(arg) } : {}),
  });
}

/** A verdict button: `v.<reportId>.<code>`. */
export function verdictCallback(reportId: number, choice: VerdictChoice): string {
  return encodeDeskCallback({ type: 'verdict', reportId, ...choice });
}

/** The desk's reading of a button press; undefined for data that is not the desk's or forged. */
export function decodeDeskCallback(data: string): DeskCallback | undefined {
  if (new TextEncoder().encode(data).length > CALLBACK_DATA_MAX_BYTES) return undefined;
  const official = /^o\.(\d{1,10})\.([a-z]{2,5})(?:\.([A-Za-z0-9_-]{1,40}))?$/.exec(data);
  if (official?.[1] && official[2]) {
    const action = OFFICIAL_ACTIONS.find((a) => a === official[2]);
    if (!action) return undefined;
    return {
      type: 'official',
      reportId: Number(official[1]),
      action,
      ...(official[3] !== undefined ? { arg: official[3] } : {}),
    };
  }
  const citizen = /^([cv])\.(\d{1,10})\.([a-z0-9]{1,8})$/.exec(data);
  if (!citizen?.[2] || !citizen[3]) return undefined;
  const reportId = Number(citizen[2]);
  const code = citizen[3];
  if (citizen[1] === 'c') return code === 'reply' ? { type: 'citizenReply', reportId } : undefined;
  const score = /^s([1-5])$/.exec(code);
  if (score) return { type: 'verdict', reportId, choice: 'score', score: Number(score[1]) };
  const choice = (Object.keys(VERDICT_CODES) as Array<keyof typeof VERDICT_CODES>).find(
    (c) => VERDICT_CODES[c] === code,
  );
  return choice ? { type: 'verdict', reportId, choice } : undefined;
}

/** Whose button the data claims to be, by its prefix alone: a forged one is still refused. */
export function callbackAudience(data: string): 'official' | 'citizen' | undefined {
  if (data.startsWith('o.')) return 'official';
  if (data.startsWith('v.') || data.startsWith('c.')) return 'citizen';
  return undefined;
}
