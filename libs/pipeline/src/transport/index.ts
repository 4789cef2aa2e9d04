export * from './transportability';
export { SMD_DEFINITION, numericSmd, categoricalSmd, numericSummary, type LevelDifference, type NumericSummary } from './standardised-difference';
export { reverseKmMedianFollowUp } from './follow-up';
export { membershipAuc, MEMBERSHIP_MODEL, type MembershipResult } from './membership-model';
