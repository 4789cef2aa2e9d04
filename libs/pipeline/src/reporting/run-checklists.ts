import type { ExperimentResults } from '../engine/results';
import type { SurvivalExperimentResults } from '../engine/survival-results';
import type { Checklist } from './checklist-item';
import { claimChecklist } from './claim';
import { studyFacts, survivalStudyFacts, type DataProfile } from './study-facts';
import { tripodAiChecklist } from './tripod-ai';

/** Both reporting checklists of a run (binary or survival), from its results (and, when known, its dataset's missing cells). */
export function runChecklists(results: ExperimentResults | SurvivalExperimentResults, profile?: DataProfile): Checklist[] {
  const facts = 'kind' in results && results.kind === 'survival' ? survivalStudyFacts(results, profile) : studyFacts(results as ExperimentResults, profile);
  return [tripodAiChecklist(facts), claimChecklist(facts)];
}
