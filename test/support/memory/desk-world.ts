/**
 * The officials' desk (app/official-desk.ts) on the in-memory ports, around the commune of
 * routing-world.ts: its reports, officials, outbox, message links, worklists, canned answers,
 * ratings and followers. Invites are not kept in memory: register-official.test.ts covers them
 * with its own redeemer and the officials' integration test on PostgreSQL.
 */
import { createOfficialDesk } from '../../../src/app/official-desk.ts';
import type { DeskDeps } from '../../../src/app/desk/desk-context.ts';
import type { InboundEvent, InboundBody } from '../../../src/channels/types.ts';
import { DEFAULT_CALENDAR } from '../../../src/core/working-days.ts';
import { createMemoryCannedReplies } from './canned-replies.ts';
import { createMemoryFollowers } from './followers.ts';
import { createMemoryMessageLinks } from './message-links.ts';
import { createMemoryRatings } from './ratings.ts';
import { createMemoryWorklists } from './report-worklists.ts';
import { routingWorld, silentLogger } from './routing-world.ts';

export function deskWorld(now: () => Date) {
  const world = routingWorld();
  const links = createMemoryMessageLinks();
  const canned = createMemoryCannedReplies();
  const ratings = createMemoryRatings();
  const followers = createMemoryFollowers({
    reports: world.reports,
    chatOf: (citizenId) => world.reports.chatOfCitizen(citizenId),
  });
  const workflow: DeskDeps['workflow'] = {
    ...world.reports,
    ...links,
    ...createMemoryWorklists(world.reports, world.officials),
  };
  const deps: DeskDeps = {
    officials: {
      ...world.officials,
      ...world.officials.reachability,
      redeemInvite: async () => ({ type: 'unknown' as const }),
    },
    workflow,
    canned,
    ratings,
    outbox: world.outbox,
    followers,
    calendar: DEFAULT_CALENDAR,
    now,
    logger: silentLogger,
  };
  let updateId = 0;
  /** An event from a private chat (the person's own), or from `group` when given. */
  const event = (from: string, body: InboundBody, group?: string): InboundEvent => ({
    channel: 'telegram',
    updateId: ++updateId,
    chatId: group ?? from,
    chatType: group ? 'supergroup' : 'private',
    user: { id: from, firstName: 'Người dùng' },
    messageId: 1000 + updateId,
    at: now(),
    body,
  });
  return {
    ...world,
    links,
    canned,
    ratings,
    followers,
    deps,
    desk: createOfficialDesk(deps),
    event,
  };
}
