/** Report categories (what a report is about), with their deadlines in working days. */
import type { PrismaClient } from './generated/prisma/client.ts';
import type { Categories, CategoryRecord } from '../app/ports/categories.ts';

export function createCategoriesRepository(prisma: PrismaClient): Categories {
  return {
    async listActive(): Promise<CategoryRecord[]> {
      return prisma.category.findMany({
        where: { active: true },
        orderBy: [{ sortOrder: 'asc' }, { code: 'asc' }],
        select: { code: true, nameVi: true, nameEn: true, deadlineDays: true, onSite: true },
      });
    },
    async get(code: string): Promise<CategoryRecord | undefined> {
      const row = await prisma.category.findUnique({
        where: { code },
        select: { code: true, nameVi: true, nameEn: true, deadlineDays: true, onSite: true },
      });
      return row ?? undefined;
    },
  };
}
