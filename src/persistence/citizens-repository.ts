/** Citizens as the domain sees them; created on first submission, erasable on request. */
import type { PrismaClient } from './generated/prisma/client.ts';

export interface CitizenIdentity {
  channel: string;
  externalId: string;
  chatId: string;
  displayName: string;
  username?: string;
  language: string;
}

export interface CitizenRecord {
  id: number;
  chatId: string | null;
  displayName: string | null;
  username: string | null;
  phone: string | null;
  language: string;
  lastUnitCode: string | null;
  erased: boolean;
}

export function createCitizensRepository(prisma: PrismaClient) {
  const toRecord = (
    c: Omit<CitizenRecord, 'erased'> & { erasedAt: Date | null },
  ): CitizenRecord => ({
    id: c.id,
    chatId: c.chatId,
    displayName: c.displayName,
    username: c.username,
    phone: c.phone,
    language: c.language,
    lastUnitCode: c.lastUnitCode,
    erased: c.erasedAt !== null,
  });

  return {
    /** Finds or creates the citizen of a chat account and refreshes their display details. */
    async ensure(who: CitizenIdentity, now: Date): Promise<CitizenRecord> {
      const row = await prisma.citizen.upsert({
        where: { channel_externalId: { channel: who.channel, externalId: who.externalId } },
        create: {
          channel: who.channel,
          externalId: who.externalId,
          chatId: who.chatId,
          displayName: who.displayName,
          username: who.username ?? null,
          language: who.language,
          consentAt: now,
        },
        update: {
          chatId: who.chatId,
          displayName: who.displayName,
          username: who.username ?? null,
          // Answers from officials go out in the language the citizen chose last.
          language: who.language,
        },
      });
      return toRecord(row);
    },

    async findByExternalId(
      channel: string,
      externalId: string,
    ): Promise<CitizenRecord | undefined> {
      const row = await prisma.citizen.findUnique({
        where: { channel_externalId: { channel, externalId } },
      });
      return row ? toRecord(row) : undefined;
    },

    async get(id: number): Promise<CitizenRecord | undefined> {
      const row = await prisma.citizen.findUnique({ where: { id } });
      return row ? toRecord(row) : undefined;
    },

    async rememberUnit(id: number, unitCode: string): Promise<void> {
      await prisma.citizen.update({ where: { id }, data: { lastUnitCode: unitCode } });
    },

    /**
     * Removes what identifies the person (name, username, phone, chat link) and keeps the
     * anonymised reports and ratings. Contact phones given on reports go too, and so do the
     * name and home address given for a complaint or denunciation.
     */
    async erase(channel: string, externalId: string, now: Date): Promise<boolean> {
      return prisma.$transaction(async (tx) => {
        const c = await tx.citizen.findUnique({
          where: { channel_externalId: { channel, externalId } },
        });
        if (!c) return false;
        await tx.report.updateMany({ where: { citizenId: c.id }, data: { contactPhone: null } });
        // The name and home address a complaint or denunciation carried (see reports-repository).
        await tx.reportEvent.updateMany({
          where: { type: 'submitted', report: { citizenId: c.id } },
          data: { data: {} },
        });
        await tx.citizen.update({
          where: { id: c.id },
          data: {
            externalId: null,
            chatId: null,
            displayName: null,
            username: null,
            phone: null,
            erasedAt: now,
          },
        });
        return true;
      });
    },
  };
}

export type CitizensRepository = ReturnType<typeof createCitizensRepository>;
