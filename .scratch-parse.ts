import { parseUnitQuery } from './src/persistence/units-repository.ts';
for (const q of ['Xã', 'UBND xã', 'ubnd xa', 'xa', 'tp', 'Quan Sơn', 'quan son', 'Quận 1', 'dong xa', 'Đông Xá, Đông Hưng', 'xã Đông Xá, huyện Đông Hưng, tỉnh Thái Bình', 'xa dong xa huyen dong hung', 'xa tinh son', 'TP. Hồ Chí Minh', 'tp.hcm', '  ', '%_', 'Phường 1 Quận 3 TP HCM', 'UBND xã Bắc Đông Hưng', '12694', ' 12694 ', 'Thị xã Sơn Tây'])
  console.log(JSON.stringify(q), JSON.stringify(parseUnitQuery(q)));
