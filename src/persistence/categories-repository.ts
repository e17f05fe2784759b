/** Report categories (what a report is about), with their deadlines in working days. */
import type { PrismaClient } from './generated/prisma/client.ts';
import { plainSqlFor } from './plain-sql.ts';
import { referenceCacheFor } from './reference-cache.ts';
import type { Categories, CategoryRecord } from '../app/ports/categories.ts';

interface CategoryRow extends CategoryRecord {
  active: boolean;
}

export function createCategoriesRepository(prisma: PrismaClient): Categories {
  const sql = plainSqlFor(prisma);
  // Read whenever the category question is asked or answered and when a report is submitted
  // (bench:intake: 5 times a report), changed by a commune now and then: kept in process until
  // the table changes (reference-cache.ts), every category in the order they are offered.
  const all = referenceCacheFor(prisma).memo(['categories'], async () => {
    const { rows } = await sql.query<CategoryRow>(
      'gopy_categories_all',
      `SELECT code, name_vi AS "nameVi", name_en AS "nameEn", deadline_days AS "deadlineDays",
              on_site AS "onSite", active
         FROM categories ORDER BY sort_order, code`,
      [],
    );
    return rows;
  });
  const record = ({ code, nameVi, nameEn, deadlineDays, onSite }: CategoryRow) => ({
    code,
    nameVi,
    nameEn,
    deadlineDays,
    onSite,
  });
  return {
    async listActive(): Promise<CategoryRecord[]> {
      return (await all()).filter((c) => c.active).map(record);
    },
    async get(code: string): Promise<CategoryRecord | undefined> {
      const row = (await all()).find((c) => c.code === code);
      return row && record(row);
    },
  };
}
