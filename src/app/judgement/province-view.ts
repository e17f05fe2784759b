import { AppError } from '../../core/errors.ts';
import type { JudgementDeps } from './judgement-deps.ts';
import type { ProvinceViewUseCase } from './types.ts';

export function createProvinceView(deps: JudgementDeps): ProvinceViewUseCase {
  void deps;
  return () => Promise.reject(new AppError('not_implemented', 'province-view: coming'));
}
