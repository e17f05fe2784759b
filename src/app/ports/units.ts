/**
 * The administrative units (34 provinces, 3,321 commune-level units since 1 July 2025) as the
 * use cases read them (implemented by persistence/units-repository.ts).
 */
export type UnitType = 'commune' | 'ward' | 'special_zone';
export type ProvinceType = 'province' | 'municipality';

export interface ProvinceRecord {
  code: string;
  name: string;
  type: ProvinceType;
}

export interface UnitRecord {
  /** Official 5-digit code (mã đơn vị hành chính). */
  code: string;
  /** Full official name with its prefix: "Xã Bắc Đông Hưng". */
  name: string;
  type: UnitType;
  provinceCode: string;
  /** Province name: "Tỉnh Hưng Yên". */
  province: string;
}

export interface UnitMatch extends UnitRecord {
  /** Set when the unit was found through a pre-merger name: "Xã Đông Xá, Huyện Đông Hưng, Tỉnh Thái Bình". */
  matchedAlias?: string;
  /**
   * The query was this unit's current name and its province, nothing more nor less
   * ("phường bình định gia lai", "Phường Bình Định, Tỉnh Gia Lai"): a citizen who typed it
   * means this unit.
   */
  exact?: boolean;
}

/** The communes as the use cases read them: the commune picker, submission, reception, Open311. */
export interface Units {
  /**
   * Current units matching a name, an old name (optionally followed by its old district and
   * province, comma-separated) or a 5-digit code. Current names rank before old names; within
   * each, exact before prefix before contains. Only when no name matches do the query's words
   * in any order count ("dong xa dong hung" typed without commas). Never returns superseded
   * units: a match on one resolves to its successor.
   */
  search(query: string, limit?: number): Promise<UnitMatch[]>;
  /** The unit with this code; an alternate or superseded code resolves to the current unit. */
  get(code: string): Promise<UnitRecord | undefined>;
  /** All provinces in official code order. */
  listProvinces(): Promise<ProvinceRecord[]>;
}
