import { AppError } from '../../core/errors.ts';
import type { JudgementDeps } from './judgement-deps.ts';
import type { ExportUseCase } from './types.ts';

export function createExportData(deps: JudgementDeps): ExportUseCase {
  void deps;
  return () => Promise.reject(new AppError('not_implemented', 'export-data: coming'));
}
