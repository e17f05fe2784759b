/**
 * An official opens an invite link (`/start inv_<code>`) and becomes the holder of a position.
 * This use case turns the outcome into the answer the official reads (in their language:
 * Vietnamese unless the account already chose English), and describes a registration for
 * /whoami. It speaks to officials through the small port below, which the
 * officials repository satisfies.
 */
import { personName } from '../core/vi-text.ts';
import type { ChannelName, ChannelUser } from '../channels/types.ts';
import { assertNever } from '../core/assert-never.ts';
import { formatDateVi } from '../core/local-date.ts';
import type { OfficialRole, PositionKind } from '../core/positions.ts';
import type { Lang } from '../core/lang.ts';
import type { Redeemer } from './ports/official-directory.ts';
import { msg } from '../texts/localized.ts';
import { POSITION, REGISTRATION, ROLE } from '../texts/official-views.ts';

/** The payload prefix of invite deep links: `https://t.me/<bot>?start=inv_<code>`. */
export const INVITE_PAYLOAD_PREFIX = 'inv_';

/** What this use case needs to know about a registered official. */
export interface RegisteredOfficial {
  positionKind: PositionKind;
  positionTitle: string;
  role: OfficialRole;
  unitCode: string;
  provinceCode: string;
  /** "Xã Bắc Đông Hưng" */
  unitName: string;
  /** "Tỉnh Hưng Yên" */
  provinceName: string;
  /** Vietnamese names of the fields the position is in charge of. */
  fieldNames: string[];
  createdAt: Date;
  /**
   * The language the official reads gopy in: the account's, when it holds other positions;
   * otherwise a re-registered position keeps its own.
   */
  lang?: Lang;
}

export type InviteRedemption =
  | { type: 'registered'; official: RegisteredOfficial }
  | { type: 'expired' }
  | { type: 'used'; byThisAccount: boolean }
  | { type: 'unknown' };

/** Port: redeems invites (implemented by persistence/officials-repository.ts). */
export interface InviteRedeemer {
  redeemInvite(code: string, who: Redeemer): Promise<InviteRedemption>;
}

export interface RegisterOfficialDeps {
  officials: InviteRedeemer;
  now: () => Date;
  /**
   * After a registration is saved: reports that found nobody go to the new official now. Must
   * not throw (the registration stands; the official is told so).
   */
  onRegistered?: (official: RegisteredOfficial) => Promise<void>;
}

export interface RegisterOfficialInput {
  /** The /start payload: `inv_<code>`. */
  payload: string;
  user: Pick<ChannelUser, 'id' | 'firstName' | 'lastName' | 'username'>;
  chatId: string;
  /** Telegram unless another channel registers officials. */
  channel?: ChannelName;
  /**
   * The language of the account's other positions, if it holds any: its answer is in that
   * language; otherwise in the registered position's own (Vietnamese unless set).
   */
  lang?: Lang;
}

/** Registers the account that opened an invite; returns the plain-text answer for it. */
export type RegisterOfficial = (input: RegisterOfficialInput) => Promise<string>;

/** True for a /start payload that is an invite, so the bot can route it here. */
export function isInvitePayload(payload: string): boolean {
  return payload.startsWith(INVITE_PAYLOAD_PREFIX);
}

/** Builds the invite handler; see {@link RegisterOfficial}. */
export function createRegisterOfficial(deps: RegisterOfficialDeps): RegisterOfficial {
  return async ({ payload, user, chatId, channel = 'telegram', lang: held }) => {
    const lang = held ?? 'vi';
    const code = payload.startsWith(INVITE_PAYLOAD_PREFIX)
      ? payload.slice(INVITE_PAYLOAD_PREFIX.length)
      : '';
    // A malformed payload cannot name an invite: no need to ask the database.
    if (!/^[A-Za-z0-9_-]{1,60}$/.test(code)) return REGISTRATION.unknown[lang];
    const displayName = displayNameOf(user);
    const result = await deps.officials.redeemInvite(code, {
      channel,
      externalId: user.id,
      chatId,
      displayName,
      now: deps.now(),
      // An official taking another position keeps reading gopy in the language they chose.
      ...(held ? { lang: held } : {}),
    });
    switch (result.type) {
      case 'registered':
        await deps.onRegistered?.(result.official);
        return registeredText(displayName, result.official, held ?? result.official.lang ?? 'vi');
      case 'expired':
        return REGISTRATION.expired[lang];
      case 'used':
        return (result.byThisAccount ? REGISTRATION.usedByYou : REGISTRATION.used)[lang];
      case 'unknown':
        return REGISTRATION.unknown[lang];
      default:
        return assertNever(result, 'invite redemption');
    }
  };
}

/** The position as the official reads it: "Chủ tịch UBND Xã Bắc Đông Hưng". */
export function positionLabel(
  official: Pick<RegisteredOfficial, 'positionKind' | 'unitName'>,
  lang: Lang = 'vi',
): string {
  return msg(POSITION[official.positionKind], lang, { unit: official.unitName });
}

/** The role in words, for /whoami. */
export function roleLabel(role: OfficialRole, lang: Lang = 'vi'): string {
  return ROLE[role][lang];
}

/** The /whoami text of one registration (an account may hold several: join them). */
export function describeOfficial(official: RegisteredOfficial, lang: Lang = 'vi'): string {
  const fields =
    official.fieldNames.length > 0 ? official.fieldNames.join(', ') : REGISTRATION.allFields[lang];
  return [
    msg(REGISTRATION.unit, lang, { unit: official.unitName, province: official.provinceName }),
    msg(REGISTRATION.position, lang, { position: positionLabel(official, lang) }),
    msg(REGISTRATION.role, lang, { role: roleLabel(official.role, lang) }),
    msg(REGISTRATION.fields, lang, { fields }),
    msg(REGISTRATION.since, lang, { date: formatDateVi(official.createdAt) }),
  ].join('\n');
}

function registeredText(displayName: string, official: RegisteredOfficial, lang: Lang): string {
  const fields =
    official.fieldNames.length > 0
      ? msg(REGISTRATION.inCharge, lang, { fields: official.fieldNames.join(', ') })
      : '';
  return [
    msg(REGISTRATION.hello, lang, { name: displayName }),
    msg(REGISTRATION.registered, lang, { position: positionLabel(official, lang), fields }),
    whatArrivesText(official.role, lang),
    REGISTRATION.next[lang],
  ].join('\n');
}

/** What the official will receive here, which depends on the role. */
function whatArrivesText(role: OfficialRole, lang: Lang): string {
  switch (role) {
    case 'leader':
      return REGISTRATION.leaderReceives[lang];
    case 'staff':
      return REGISTRATION.staffReceives[lang];
    case 'admin':
      return REGISTRATION.adminReceives[lang];
    case 'observer':
      return REGISTRATION.observerReceives[lang];
    default:
      return assertNever(role, 'official role');
  }
}

function displayNameOf(user: RegisterOfficialInput['user']): string {
  const name = personName(user.firstName, user.lastName);
  if (name !== '') return name;
  return user.username ? `@${user.username}` : `#${user.id}`;
}
