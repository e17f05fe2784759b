/** Report categories (what a report is about), with their deadlines in working days. */
import type { PrismaClient } from './generated/prisma/client.ts';
import { plainSqlFor } from './plain-sql.ts';
import type { Categories, CategoryRecord } from '../app/ports/categories.ts';

export function createCategoriesRepository(prisma: PrismaClient): Categories {
  const sql = plainSqlFor(prisma);
  return {
    // Read whenever the category question is asked or answered (bench:intake: 4 times a
    // report), so on the pg pool: through the ORM it cost more CPU than the round trip.
    async listActive(): Promise<CategoryRecord[]> {
      const { rows } = await sql.query<CategoryRecord>(
        'gopy_categories_active',
        `SELECT code, name_vi AS "nameVi", name_en AS "nameEn", deadline_days AS "deadlineDays",
                on_site AS "onSite"
           FROM categories WHERE active ORDER BY sort_order, code`,
        [],
      );
      return rows;
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
