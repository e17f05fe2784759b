/**
 * What a signed-in official may see on the web: the same rules as in chat
 * (src/app/desk/authorize-official.ts). Leaders, staff and observers see their own commune; a
 * province admin sees every commune of the province. An account holding several positions sees
 * the union. Reports inside a visible commune are still filtered one by one with
 * authorizeOfficial (a tố cáo is the chair's, nobody sees a report about themselves).
 */
import type { OfficialRecord } from '../ports/official-directory.ts';

export interface Viewer {
  /** The account's active official rows (one per position held). */
  accounts: readonly OfficialRecord[];
  /** How the pages greet them. */
  displayName: string;
  /** Communes seen as a commune official. */
  unitCodes: ReadonlySet<string>;
  /** Provinces seen whole, as their admin. */
  provinceCodes: ReadonlySet<string>;
}

export function viewerOf(accounts: readonly OfficialRecord[]): Viewer {
  const unitCodes = new Set<string>();
  const provinceCodes = new Set<string>();
  for (const o of accounts) {
    if (o.role === 'admin') provinceCodes.add(o.provinceCode);
    else unitCodes.add(o.unitCode);
  }
  return { accounts, displayName: accounts[0]?.displayName ?? '', unitCodes, provinceCodes };
}

export function canSeeUnit(viewer: Viewer, unit: { code: string; provinceCode: string }): boolean {
  return viewer.unitCodes.has(unit.code) || viewer.provinceCodes.has(unit.provinceCode);
}

export function canSeeProvince(viewer: Viewer, provinceCode: string): boolean {
  return viewer.provinceCodes.has(provinceCode);
}

/** Where `/dashboard` sends the viewer: their province if they hold one, else their commune. */
export function homePath(viewer: Viewer): string {
  const [province] = [...viewer.provinceCodes].sort();
  if (province !== undefined) return `/dashboard/province/${province}`;
  const [unit] = [...viewer.unitCodes].sort();
  return unit !== undefined ? `/dashboard/unit/${unit}` : '/';
}
