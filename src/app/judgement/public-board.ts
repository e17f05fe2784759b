import { AppError } from '../../core/errors.ts';
import type { JudgementDeps } from './judgement-deps.ts';
import type { PublicBoardUseCase } from './types.ts';

export function createPublicBoard(deps: JudgementDeps): PublicBoardUseCase {
  void deps;
  return () => Promise.reject(new AppError('not_implemented', 'public-board: coming'));
}
