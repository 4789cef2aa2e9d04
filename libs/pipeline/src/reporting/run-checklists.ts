import type { ExperimentResults } from '../engine/results';
import type { Checklist } from './checklist-item';
import { claimChecklist } from './claim';
import { studyFacts, type DataProfile } from './study-facts';
import { tripodAiChecklist } from './tripod-ai';

/** Both reporting checklists of a binary-outcome run, from its results (and, when known, its dataset's missing cells). */
export function runChecklists(results: ExperimentResults, profile?: DataProfile): Checklist[] {
  const facts = studyFacts(results, profile);
  return [tripodAiChecklist(facts), claimChecklist(facts)];
}
