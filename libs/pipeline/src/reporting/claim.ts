import { countByStatus, type Checklist, type ChecklistItem, type EvidenceRef } from './checklist-item';
import * as say from './evidence-sentences';
import type { StudyFacts } from './study-facts';

/**
 * CLAIM 2024 update (Tejani et al., Radiol Artif Intell 2024;6:e240300), the 44 items in order, paraphrased,
 * with what the stored sweep answers. Image acquisition, reference standard and annotation items need the
 * authors: the sweep starts from a feature table (an extraction run records its own settings and hashes).
 */
export function claimChecklist(f: StudyFacts): Checklist {
  const person = (id: number, section: string, topic: string): ChecklistItem => ({ id: String(id), section, topic, asks: topic, status: 'person', answer: '', needs: topic, evidence: [] });
  const filled = (id: number, section: string, topic: string, answer: string, evidence: EvidenceRef[]): ChecklistItem => ({ id: String(id), section, topic, asks: topic, status: 'filled', answer, evidence });
  const partial = (id: number, section: string, topic: string, answer: string, needs: string, evidence: EvidenceRef[]): ChecklistItem => ({ id: String(id), section, topic, asks: topic, status: 'partial', answer, needs, evidence });
  const na = (id: number, section: string, topic: string, answer: string): ChecklistItem => ({ id: String(id), section, topic, asks: topic, status: 'not-applicable', answer, evidence: [] });
  const missing = say.missingData(f);
  const outcome = say.outcomeAndCensoring(f);
  const items: ChecklistItem[] = [
    person(1, 'Title and abstract', 'Identification as a study of AI methodology, with the category of technology'),
    person(2, 'Title and abstract', 'Structured summary of design, methods, results and conclusions'),
    person(3, 'Introduction', 'Scientific and clinical background, intended use and role of the AI approach'),
    person(4, 'Introduction', 'Study objectives and hypotheses'),
    partial(5, 'Methods: study design', 'Prospective or retrospective study', 'Retrospective analysis of a stored feature table.', 'how the data were collected', [say.DATASET]),
    partial(6, 'Methods: study design', 'Study goal (model creation, exploratory, feasibility, non-inferiority)', 'Model creation with internal validation on a held-out test part.', 'the study goal in words', [say.SPEC]),
    person(7, 'Methods: data', 'Data sources'),
    person(8, 'Methods: data', 'Eligibility criteria (inclusion, exclusion) at the level of patients and images'),
    partial(9, 'Methods: data', 'Data pre-processing steps', say.preprocessing(f), 'image pre-processing and feature extraction settings (an in-platform extraction records them)', [say.SPEC]),
    partial(10, 'Methods: data', 'Selection of data subsets, if applicable', `Feature sets: ${f.featureSets.map((fs) => `${fs.name} (${fs.candidateFeatures} columns)`).join(', ')}.`, 'any subsets of patients or images chosen before the sweep', [say.SPEC]),
    person(11, 'Methods: data', 'Definitions of data elements, with references to common data elements'),
    person(12, 'Methods: data', 'De-identification methods'),
    missing.complete ? filled(13, 'Methods: data', 'How missing data were handled', missing.text, [say.DATASET, say.SPEC]) : partial(13, 'Methods: data', 'How missing data were handled', missing.text, 'missing values per column', [say.SPEC]),
    person(14, 'Methods: data', 'Image acquisition protocol (manufacturer, sequence, resolution, ...)'),
    outcome
      ? partial(15, 'Methods: reference standard', 'Definition of the reference standard, in sufficient detail to reproduce it', outcome, 'how events were ascertained (source, criteria) and the follow-up schedule', [say.SPEC, say.DATASET])
      : person(15, 'Methods: reference standard', 'Definition of the reference standard, in sufficient detail to reproduce it'),
    person(16, 'Methods: reference standard', 'Rationale for choosing the reference standard'),
    person(17, 'Methods: reference standard', 'Source of annotations; qualifications and preparation of annotators'),
    person(18, 'Methods: reference standard', 'Annotation tools and software'),
    person(19, 'Methods: reference standard', 'Measurement of inter- and intra-rater variability; how it was handled'),
    partial(20, 'Methods: data partitions', 'Intended sample size and how it was determined', say.sampleSize(f), 'how the sample size was determined', [say.DATASET]),
    filled(21, 'Methods: data partitions', 'How data were assigned to partitions; proportions', say.partitioning(f), [say.SPEC, say.PREDICTIONS]),
    filled(22, 'Methods: data partitions', 'Level at which partitions are disjoint', 'Patient level: one row per patient, each patient in exactly one of training or test, and in one held-out fold per CV repeat.', [say.PREDICTIONS]),
    partial(23, 'Methods: model', 'Detailed description of the model (inputs, outputs, architecture)', `${say.modelBuilding(f)} Inputs: the selected features; output: ${say.modelOutput(f)}.`, 'model types beyond their names where a reader cannot look them up', [say.SPEC, ...say.bestModelRefs(f, 'parameters')]),
    filled(24, 'Methods: model', 'Software libraries, frameworks and packages', say.softwareText(f), [say.RESULTS]),
    filled(25, 'Methods: model', 'Initialisation of model parameters', `Every random choice (split, folds, sampler, model initialisation, bootstrap) is seeded from ${f.seed}; no pre-trained weights.`, [say.SPEC]),
    filled(26, 'Methods: training', 'Details of training approach (augmentation, hyper-parameters, number of models trained)', `${say.modelBuilding(f)} ${say.samplerText(f) ?? 'No resampling.'} ${say.leakageStatement(f)}`, [say.SPEC, ...say.leaderboardRefs(f)]),
    filled(27, 'Methods: training', 'Method of selecting the final model', `Per model type, the configuration with the highest mean CV ${f.cvMetric} on the training part; the best model of a feature set is the one with the highest mean CV ${f.cvMetric}. Test results never choose.`, say.leaderboardRefs(f)),
    na(28, 'Methods: training', 'Ensembling techniques, if applicable', 'No ensembling of separately trained models (ensemble learners such as random forests are single models here).'),
    filled(29, 'Methods: evaluation', 'Metrics of model performance', say.measures(f), say.bestModelRefs(f, 'model record')),
    filled(30, 'Methods: evaluation', 'Statistical measures of significance and uncertainty', f.kind === 'survival' ? `Test Harrell's and Uno's C and td-AUC and Brier at each horizon with 95 % CIs; a seeded paired bootstrap of the C-index difference between two models; CV ${f.cvMetric} as mean +/- SD over folds.` : `Test AUC with a ${f.bootstrap}-resample seeded bootstrap CI and DeLong's CI; DeLong's paired test between models on shared test patients; CV AUC as mean +/- SD over folds.`, say.leaderboardRefs(f)),
    partial(31, 'Methods: evaluation', 'Robustness or sensitivity analysis', `Spread of CV ${f.cvMetric} over ${f.folds} folds${f.repeats > 1 ? ` x ${f.repeats} repeats` : ''} per configuration is stored.`, 'any sensitivity analysis beyond CV (e.g. other seeds, feature sets)', say.leaderboardRefs(f)),
    partial(32, 'Methods: evaluation', 'Methods for explainability or interpretability', 'Selected features of each refit with their selector scores (t-test p values, LASSO coefficients).', 'any model explanation method', say.bestModelRefs(f, 'selected features')),
    f.external
      ? filled(33, 'Methods: evaluation', 'Validation or testing on external data', f.external, [...say.leaderboardRefs(f), ...say.bestModelRefs(f, 'external cohort scores')])
      : na(33, 'Methods: evaluation', 'Validation or testing on external data', 'Internal validation only in this run (external cohorts: `radsweep validate` on a locked model).'),
    partial(34, 'Results: data', 'Flow of participants or cases, with inclusions and exclusions', say.flowText(f), 'exclusions before this dataset (flow diagram)', say.leaderboardRefs(f)),
    partial(35, 'Results: data', 'Demographic and clinical characteristics of cases in each partition', `Outcome balance per partition: ${say.flowText(f)}.`, 'demographics and clinical characteristics per partition', say.leaderboardRefs(f)),
    filled(36, 'Results: model performance', 'Performance metrics for the optimal model(s) on all data partitions', `${say.performance(f)} CV estimates come from out-of-fold predictions on the training part.`, [...say.leaderboardRefs(f), say.PREDICTIONS]),
    filled(37, 'Results: model performance', 'Estimates of diagnostic accuracy and their precision', say.performance(f), say.bestModelRefs(f, f.kind === 'survival' ? say.curvesLabel(f) : 'ROC curve and confusion matrix')),
    f.kind === 'survival'
      ? partial(38, 'Results: model performance', 'Failure analysis of incorrectly classified cases', "Every test patient's follow-up, event, risk score and predicted survival at each horizon are stored per model (no classification threshold).", 'a review of the patients the model ranked worst (e.g. early events with a low risk score)', [say.PREDICTIONS, ...say.bestModelRefs(f, 'risk groups and predictions')])
      : partial(38, 'Results: model performance', 'Failure analysis of incorrectly classified cases', 'Every test prediction and the confusion matrix at the fixed threshold are stored per model.', 'a review of the misclassified cases', [say.PREDICTIONS, ...say.bestModelRefs(f, 'confusion matrix')]),
    person(39, 'Discussion', 'Study limitations, including potential bias, statistical uncertainty and generalisability'),
    person(40, 'Discussion', 'Implications for practice, including intended use and clinical role'),
    person(41, 'Other information', 'Registration number and name of registry'),
    person(42, 'Other information', 'Where the full study protocol can be accessed'),
    partial(43, 'Other information', 'Where the full model, code and data can be accessed', `${say.softwareText(f)} Models can be locked as sha256-sealed files.`, 'where model, code and data are published', [say.RESULTS, say.SPEC]),
    person(44, 'Other information', 'Sources of funding and other support; role of funders'),
  ];
  return { guideline: 'CLAIM (2024)', reference: 'Tejani AS et al. Checklist for Artificial Intelligence in Medical Imaging (CLAIM): 2024 update. Radiol Artif Intell 2024;6(4):e240300', run: { experiment: f.experiment, datasetSha256: f.datasetSha256 }, items, counts: countByStatus(items) };
}
