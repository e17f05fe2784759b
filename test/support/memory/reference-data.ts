/**
 * The reference data the citizen-side use-case tests share on the memory ports: the demo commune
 * as the units port reads it, and one on-site category with a five-working-day deadline.
 */
export const UNIT = {
  code: '12694',
  name: 'Xã Bắc Đông Hưng',
  type: 'commune' as const,
  provinceCode: '33',
  province: 'Tỉnh Hưng Yên',
};

export const ROADS = {
  code: 'giao-thong',
  nameVi: 'Giao thông',
  nameEn: 'Roads',
  deadlineDays: 5,
  onSite: true,
};
