/** The judgement use cases together, as container.ts exposes them to the web layer. */
import { createCommuneDashboard } from './commune-dashboard.ts';
import { createExportData } from './export-data.ts';
import type { JudgementDeps } from './judgement-deps.ts';
import { createProvinceView } from './province-view.ts';
import { createPublicBoard } from './public-board.ts';

export function createJudgement(deps: JudgementDeps) {
  return {
    communeDashboard: createCommuneDashboard(deps),
    provinceView: createProvinceView(deps),
    publicBoard: createPublicBoard(deps),
    exportData: createExportData(deps),
  };
}

export type Judgement = ReturnType<typeof createJudgement>;
