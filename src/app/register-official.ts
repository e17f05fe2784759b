/**
 * An official opens an invite link (`/start inv_<code>`) and becomes the holder of a position.
 * This use case turns the outcome into the Vietnamese answer the official reads, and describes
 * a registration for /whoami. It speaks to officials through the small port below, which the
 * officials repository satisfies.
 */
import { personName } from '../core/vi-text.ts';
import type { ChannelName, ChannelUser } from '../channels/types.ts';
import { assertNever } from '../core/assert-never.ts';
import { formatDateVi } from '../core/local-date.ts';
import type { OfficialRole, PositionKind } from '../core/positions.ts';

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
}

export type InviteRedemption =
  | { type: 'registered'; official: RegisteredOfficial }
  | { type: 'expired' }
  | { type: 'used'; byThisAccount: boolean }
  | { type: 'unknown' };

/** Port: redeems invites (implemented by persistence/officials-repository.ts). */
export interface InviteRedeemer {
  redeemInvite(
    code: string,
    who: { channel: string; externalId: string; chatId: string; displayName: string; now: Date },
  ): Promise<InviteRedemption>;
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
}

/** Registers the account that opened an invite; returns the plain-text answer for it. */
export type RegisterOfficial = (input: RegisterOfficialInput) => Promise<string>;

/** True for a /start payload that is an invite, so the bot can route it here. */
export function isInvitePayload(payload: string): boolean {
  return payload.startsWith(INVITE_PAYLOAD_PREFIX);
}

/** Builds the invite handler; see {@link RegisterOfficial}. */
export function createRegisterOfficial(deps: RegisterOfficialDeps): RegisterOfficial {
  return async ({ payload, user, chatId, channel = 'telegram' }) => {
    const code = payload.startsWith(INVITE_PAYLOAD_PREFIX)
      ? payload.slice(INVITE_PAYLOAD_PREFIX.length)
      : '';
    // A malformed payload cannot name an invite: no need to ask the database.
    if (!/^[A-Za-z0-9_-]{1,60}$/.test(code)) return TEXT.unknown;
    const displayName = displayNameOf(user);
    const result = await deps.officials.redeemInvite(code, {
      channel,
      externalId: user.id,
      chatId,
      displayName,
      now: deps.now(),
    });
    switch (result.type) {
      case 'registered':
        await deps.onRegistered?.(result.official);
        return registeredText(displayName, result.official);
      case 'expired':
        return TEXT.expired;
      case 'used':
        return result.byThisAccount ? TEXT.usedByYou : TEXT.used;
      case 'unknown':
        return TEXT.unknown;
      default:
        return assertNever(result, 'invite redemption');
    }
  };
}

/** The position as the official reads it: "Chủ tịch UBND Xã Bắc Đông Hưng". */
export function positionLabel(
  official: Pick<RegisteredOfficial, 'positionKind' | 'unitName'>,
): string {
  const unit = official.unitName;
  switch (official.positionKind) {
    case 'chair':
      return `Chủ tịch UBND ${unit}`;
    case 'vice-chair':
      return `Phó Chủ tịch UBND ${unit}`;
    case 'head':
      return `Trưởng phòng/Trưởng bộ phận thuộc UBND ${unit}`;
    case 'staff':
      return `Công chức UBND ${unit}`;
    default:
      return assertNever(official.positionKind, 'position kind');
  }
}

/** The role in words, for /whoami. */
export function roleLabel(role: OfficialRole): string {
  switch (role) {
    case 'leader':
      return 'Lãnh đạo (nhận và chỉ đạo xử lý phản ánh)';
    case 'staff':
      return 'Cán bộ xử lý (nhận phản ánh được giao)';
    case 'admin':
      return 'Quản trị (nhận phản ánh quá hạn trong tỉnh)';
    case 'observer':
      return 'Theo dõi (xem số liệu, không nhận phản ánh)';
    default:
      return assertNever(role, 'official role');
  }
}

/** The /whoami text of one registration (an account may hold several: join them). */
export function describeOfficial(official: RegisteredOfficial): string {
  const fields =
    official.fieldNames.length > 0 ? official.fieldNames.join(', ') : 'Tất cả lĩnh vực';
  return [
    `Đơn vị: ${official.unitName}, ${official.provinceName}`,
    `Chức vụ: ${positionLabel(official)}`,
    `Vai trò: ${roleLabel(official.role)}`,
    `Lĩnh vực phụ trách: ${fields}`,
    `Đăng ký từ: ${formatDateVi(official.createdAt)}`,
  ].join('\n');
}

function registeredText(displayName: string, official: RegisteredOfficial): string {
  const fields =
    official.fieldNames.length > 0 ? ` phụ trách lĩnh vực: ${official.fieldNames.join(', ')}` : '';
  return [
    `Xin chào ${displayName}!`,
    `Ông/Bà đã được đăng ký là ${positionLabel(official)}${fields}.`,
    whatArrivesText(official.role),
    'Gõ /whoami để xem thông tin đăng ký, /stats để xem số liệu.',
  ].join('\n');
}

/** What the official will receive here, which depends on the role. */
function whatArrivesText(role: OfficialRole): string {
  switch (role) {
    case 'leader':
      return 'Từ nay các phản ánh, kiến nghị của người dân thuộc phạm vi phụ trách sẽ được gửi đến đây.';
    case 'staff':
      return 'Từ nay các phản ánh được giao cho Ông/Bà xử lý sẽ được gửi đến đây.';
    case 'admin':
      return 'Từ nay các phản ánh quá hạn chưa được xử lý trong tỉnh sẽ được gửi đến đây.';
    case 'observer':
      return 'Ông/Bà có thể theo dõi số liệu của đơn vị; các phản ánh sẽ không được gửi đến đây.';
    default:
      return assertNever(role, 'official role');
  }
}

function displayNameOf(user: RegisterOfficialInput['user']): string {
  const name = personName(user.firstName, user.lastName);
  if (name !== '') return name;
  return user.username ? `@${user.username}` : `#${user.id}`;
}

const TEXT = {
  expired: 'Mã mời này đã hết hạn. Vui lòng liên hệ quản trị viên hệ thống để được cấp mã mời mới.',
  used:
    'Mã mời này đã được sử dụng. Mỗi mã mời chỉ đăng ký được một tài khoản; ' +
    'vui lòng liên hệ quản trị viên hệ thống nếu Ông/Bà cần được cấp mã mới.',
  usedByYou: 'Tài khoản này đã được đăng ký bằng mã mời này. Gõ /whoami để xem thông tin đăng ký.',
  unknown:
    'Không tìm thấy mã mời này. Vui lòng kiểm tra lại đường liên kết hoặc liên hệ quản trị viên hệ thống.',
} as const;
