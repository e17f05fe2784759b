/**
 * What every implementation of the categories (app/ports/categories.ts) must do, run against the
 * in-memory one (test/unit/ports) and the PostgreSQL one (test/integration/ports): the active
 * categories in the order the commune set, and any category by code, retired ones included (old
 * reports still name them).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Categories, CategoryRecord } from '../../../src/app/ports/categories.ts';

export interface CategoriesFixture {
  /** The categories, holding those of CONTRACT_CATEGORIES (and maybe others the database has). */
  categories: Categories;
  close(): Promise<void>;
}

type Seeded = CategoryRecord & { active: boolean; sortOrder: number };

/** What every fixture stores before the suite runs. */
export const CONTRACT_CATEGORIES: readonly Seeded[] = [
  {
    code: 'zz-moi-truong',
    nameVi: 'Môi trường',
    nameEn: 'Environment',
    deadlineDays: 7,
    onSite: true,
    active: true,
    sortOrder: 2,
  },
  {
    code: 'zz-an-ninh',
    nameVi: 'An ninh trật tự',
    nameEn: 'Public order',
    deadlineDays: 3,
    onSite: false,
    active: true,
    sortOrder: 1,
  },
  {
    code: 'zz-dien',
    nameVi: 'Điện chiếu sáng',
    nameEn: 'Street lights',
    deadlineDays: 5,
    onSite: true,
    active: true,
    sortOrder: 2,
  },
  {
    code: 'zz-cu',
    nameVi: 'Danh mục cũ',
    nameEn: 'Retired',
    deadlineDays: 10,
    onSite: false,
    active: false,
    sortOrder: 0,
  },
];

export function describeCategoriesContract(
  name: string,
  make: () => Promise<CategoriesFixture>,
): void {
  describe(`Categories contract: ${name}`, () => {
    let f: CategoriesFixture;
    beforeAll(async () => {
      f = await make();
    });
    afterAll(async () => {
      await f.close();
    });

    it('offers the active categories by the order set, then by code; never a retired one', async () => {
      const ours = (await f.categories.listActive()).filter((c) => c.code.startsWith('zz-'));
      expect(ours.map((c) => c.code)).toEqual(['zz-an-ninh', 'zz-dien', 'zz-moi-truong']);
      expect(ours[0]).toEqual({
        code: 'zz-an-ninh',
        nameVi: 'An ninh trật tự',
        nameEn: 'Public order',
        deadlineDays: 3,
        onSite: false,
      });
    });

    it('finds any category by code, a retired one too', async () => {
      expect(await f.categories.get('zz-cu')).toMatchObject({
        nameVi: 'Danh mục cũ',
        deadlineDays: 10,
      });
      expect(await f.categories.get('khong-co')).toBeUndefined();
    });
  });
}
