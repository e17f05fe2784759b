/**
 * Report categories (what a report is about) with their deadlines in working days, as the use
 * cases read them (implemented by persistence/categories-repository.ts).
 */
export interface CategoryRecord {
  code: string;
  nameVi: string;
  nameEn: string;
  deadlineDays: number;
  onSite: boolean;
}

export interface Categories {
  /** The categories citizens may choose, in the order they are offered. */
  listActive(): Promise<CategoryRecord[]>;
  get(code: string): Promise<CategoryRecord | undefined>;
}
