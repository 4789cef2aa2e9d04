import { countByStatus, type Checklist, type ChecklistItem, type EvidenceRef } from './checklist-item';
import * as say from './evidence-sentences';
import type { StudyFacts } from './study-facts';

/**
 * TRIPOD+AI (Collins et al., BMJ 2024;385:e078378), development and internal evaluation of a model:
 * every item in the guideline's order, what it asks paraphrased, and what the stored sweep answers.
 * Items about the clinical question, the study population, ethics and open science need the authors.
 */
export function tripodAiChecklist(f: StudyFacts): Checklist {
  const person = (id: string, section: string, topic: string, asks: string): ChecklistItem => ({ id, section, topic, asks, status: 'person', answer: '', needs: asks, evidence: [] });
  const filled = (id: string, section: string, topic: string, asks: string, answer: string, evidence: EvidenceRef[]): ChecklistItem => ({ id, section, topic, asks, status: 'filled', answer, evidence });
  const partial = (id: string, section: string, topic: string, asks: string, answer: string, needs: string, evidence: EvidenceRef[]): ChecklistItem => ({ id, section, topic, asks, status: 'partial', answer, needs, evidence });
  const missing = say.missingData(f);
  const lowEvents = say.lowEventsWarning(f);
  const sampler = say.samplerText(f);
  const outcome = say.outcomeAndCensoring(f);
  const items: ChecklistItem[] = [
    person('1', 'Title', 'Title', 'Identify the study as developing or evaluating a prediction model, the target population and the outcome.'),
    person('2', 'Abstract', 'Abstract', 'Structured summary following TRIPOD+AI for Abstracts.'),
    person('3a', 'Introduction', 'Background', 'Healthcare context, rationale for the model, existing models.'),
    person('3b', 'Introduction', 'Background', 'Target population, place in the care pathway, intended users.'),
    person('3c', 'Introduction', 'Background', 'Known health inequalities between sociodemographic groups.'),
    partial('4', 'Introduction', 'Objectives', 'Objectives, including whether the study develops, evaluates or both.', `Development with internal validation (held-out test part) of a ${f.kind === 'survival' ? 'time-to-event' : 'binary'} model for ${f.outcome}, experiment "${f.experiment}".`, 'the clinical objective in words', [say.SPEC]),
    person('5a', 'Methods', 'Data', 'Sources of data for development and evaluation, why chosen, representativeness.'),
    person('5b', 'Methods', 'Data', 'Dates of the data collected (start and end of accrual, end of follow-up).'),
    person('6a', 'Methods', 'Participants', 'Setting: care level, number and location of centres.'),
    person('6b', 'Methods', 'Participants', 'Eligibility criteria.'),
    person('6c', 'Methods', 'Participants', 'Treatments received, if relevant.'),
    partial('7', 'Methods', 'Data preparation', 'Data pre-processing and quality checking, and whether similar across groups.', say.preprocessing(f), 'image acquisition and segmentation, feature extraction settings, quality checks', [say.SPEC, say.DATASET]),
    outcome
      ? partial('8a', 'Methods', 'Outcome', 'Outcome definition, time horizon, how and when assessed.', outcome, 'how and when events were ascertained, and the follow-up schedule', [say.SPEC, say.DATASET, ...say.leaderboardRefs(f)])
      : person('8a', 'Methods', 'Outcome', 'Outcome definition, time horizon, how and when assessed.'),
    person('8b', 'Methods', 'Outcome', 'Qualifications of outcome assessors, if human.'),
    person('8c', 'Methods', 'Outcome', 'Blinding of outcome assessment.'),
    partial('9a', 'Methods', 'Predictors', 'Choice of initial predictors and any pre-selection before modelling.', `Candidate features per feature set: ${f.featureSets.map((fs) => `${fs.name} ${fs.candidateFeatures}`).join(', ')}; selection inside the folds only (${f.steps.map((s) => s.id).join(', ') || 'none'}).`, 'why these candidate predictors (and any pre-selection outside RadSweep)', [say.SPEC, ...say.leaderboardRefs(f)]),
    person('9b', 'Methods', 'Predictors', 'Definition of predictors, how and when measured, blinding.'),
    person('9c', 'Methods', 'Predictors', 'Qualifications of predictor assessors (e.g. segmentation), if human.'),
    lowEvents
      ? partial('10', 'Methods', 'Sample size', 'How the study size was arrived at, with justification.', say.sampleSize(f), lowEvents, [say.DATASET, ...say.leaderboardRefs(f)])
      : filled('10', 'Methods', 'Sample size', 'How the study size was arrived at, with justification.', say.sampleSize(f), [say.DATASET, ...say.leaderboardRefs(f)]),
    missing.complete
      ? filled('11', 'Methods', 'Missing data', 'How missing data were handled, reasons for omitting data.', missing.text, [say.DATASET, say.SPEC])
      : partial('11', 'Methods', 'Missing data', 'How missing data were handled, reasons for omitting data.', missing.text, 'missing values per column (give the dataset profile)', [say.SPEC]),
    filled('12a', 'Methods', 'Analytical methods', 'How the data were used (partitioning) given the sample size.', `${say.partitioning(f)} ${say.leakageStatement(f)}`, [say.SPEC, say.PREDICTIONS]),
    filled('12b', 'Methods', 'Analytical methods', 'How predictors were handled (functional form, rescaling, transformation).', say.preprocessing(f), [say.SPEC]),
    filled('12c', 'Methods', 'Analytical methods', 'Model type, rationale, model-building steps, hyper-parameter tuning, internal validation.', `${say.modelBuilding(f)} ${say.partitioning(f)}`, [say.SPEC, ...say.leaderboardRefs(f)]),
    partial('12d', 'Methods', 'Analytical methods', 'Heterogeneity in performance across clusters (hospitals, countries).', 'Single development cohort: no cluster analysis in this run (external cohorts are validated with `radsweep validate`, per centre).', 'centres in the data, or state that there was one', []),
    filled('12e', 'Methods', 'Analytical methods', 'Performance measures and their rationale, incl. for comparing models.', say.measures(f), [...say.bestModelRefs(f, 'model record')]),
    { id: '12f', section: 'Methods', topic: 'Analytical methods', asks: 'Any model updating after evaluation.', status: 'not-applicable', answer: 'No model updating in this run.', evidence: [] },
    filled('12g', 'Methods', 'Analytical methods', 'For evaluation, how predictions were calculated.', `Predictions of the refit pipeline (chain + model) on the test part; every test prediction is stored. ${say.thresholdText(f)}`, [say.PREDICTIONS]),
    sampler
      ? filled('13', 'Methods', 'Class imbalance', 'Methods for class imbalance, why, and any recalibration.', sampler, [say.SPEC])
      : { id: '13', section: 'Methods', topic: 'Class imbalance', asks: 'Methods for class imbalance, why, and any recalibration.', status: 'not-applicable', answer: 'No resampling: models were fitted on the observed class balance.', evidence: [say.SPEC] },
    person('14', 'Methods', 'Fairness', 'Approaches to address model fairness.'),
    filled('15', 'Methods', 'Model output', 'Model output (probabilities or classes) and thresholds, how determined.', say.thresholdText(f), [say.SPEC]),
    { id: '16', section: 'Methods', topic: 'Training versus evaluation', asks: 'Differences between development and evaluation data.', status: 'filled', answer: `Internal evaluation: the test part comes from the same cohort by a ${f.split} split (class balance per part on the leaderboards).`, evidence: say.leaderboardRefs(f) },
    person('17', 'Methods', 'Ethical approval', 'Ethics committee approval and consent.'),
    person('18a', 'Open science', 'Funding', 'Sources of funding and role of funders.'),
    person('18b', 'Open science', 'Conflicts of interest', 'Conflicts of interest.'),
    person('18c', 'Open science', 'Protocol', 'Where the study protocol can be accessed.'),
    person('18d', 'Open science', 'Registration', 'Study registration.'),
    partial('18e', 'Open science', 'Data sharing', 'Availability of data.', `Dataset identified by sha256 ${f.datasetSha256}; every test prediction is stored with the run.`, 'data availability statement', [say.DATASET, say.PREDICTIONS]),
    partial('18f', 'Open science', 'Code sharing', 'Availability of code.', say.softwareText(f), 'where the code and the experiment file are published', [say.SPEC, say.RESULTS]),
    person('19', 'Open science', 'Patient and public involvement', 'Patient and public involvement.'),
    partial('20a', 'Results', 'Participants', 'Flow of participants, numbers with and without the outcome, follow-up.', say.flowText(f), 'flow diagram from the source population (exclusions before this dataset)', say.leaderboardRefs(f)),
    person('20b', 'Results', 'Participants', 'Characteristics overall and per data source, incl. key demographics.'),
    f.external
      ? partial('20c', 'Results', 'Participants', 'For evaluation, comparison with the development data on important predictors.', `${f.external} Each model record has the cohort's transportability report (case mix of the selected features against the development data).`, 'the comparison on important predictors in words (and demographics)', say.bestModelRefs(f, 'external cohort scores and transportability'))
      : { id: '20c', section: 'Results', topic: 'Participants', asks: 'For evaluation, comparison with the development data on important predictors.', status: 'not-applicable', answer: 'Internal evaluation only (external cohorts: the transportability report of `radsweep validate`).', evidence: [] },
    filled('21', 'Results', 'Model development', 'Number of participants and outcome events in each analysis.', `${say.flowText(f)}; each CV split's training and held-out counts are in the results file.`, [say.RESULTS, ...say.leaderboardRefs(f)]),
    partial('22', 'Results', 'Model specification', 'Full model details to allow predictions for new individuals, or how to access it.', `Chosen configuration and selected features of every model are stored; ${f.featureSets.map((fs) => `${fs.name}: ${fs.selectedFeatures} selected features`).join(', ')}. A model is locked as one sha256-sealed file with \`radsweep lock\`.`, 'where the locked model file is available', say.bestModelRefs(f, 'selected features and parameters')),
    filled('23a', 'Results', 'Model performance', 'Performance estimates with confidence intervals, incl. for key subgroups.', say.performance(f), [...say.leaderboardRefs(f), ...say.bestModelRefs(f, say.curvesLabel(f))]),
    { id: '23b', section: 'Results', topic: 'Model performance', asks: 'Heterogeneity in performance across clusters.', status: 'not-applicable', answer: 'One development cohort in this run.', evidence: [] },
    { id: '24', section: 'Results', topic: 'Model updating', asks: 'Results of model updating.', status: 'not-applicable', answer: 'No model updating in this run.', evidence: [] },
    person('25', 'Discussion', 'Interpretation', 'Overall interpretation of the main results, incl. fairness.'),
    person('26', 'Discussion', 'Limitations', 'Limitations (non-representative sample, sample size, overfitting, missing data).'),
    person('27a', 'Discussion', 'Usability in context', 'How poor quality or unavailable input data should be handled in use.'),
    person('27b', 'Discussion', 'Usability in context', 'Whether users interact with input data or the model, and the expertise needed.'),
    person('27c', 'Discussion', 'Usability in context', 'Next steps for future research and generalisability.'),
  ];
  return { guideline: 'TRIPOD+AI (2024)', reference: 'Collins GS et al. TRIPOD+AI statement. BMJ 2024;385:e078378', run: { experiment: f.experiment, datasetSha256: f.datasetSha256 }, items, counts: countByStatus(items) };
}
