import { AppError } from '../../core/errors.ts';
import type { JudgementDeps } from './judgement-deps.ts';
import type { CommuneDashboardUseCase } from './types.ts';

export function createCommuneDashboard(deps: JudgementDeps): CommuneDashboardUseCase {
  void deps;
  return () => Promise.reject(new AppError('not_implemented', 'commune-dashboard: coming'));
}
