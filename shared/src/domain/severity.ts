import type { Severity } from '../schemas/severity';

/** CAP severities from least to most severe. */
export const SEVERITY_ORDER: readonly Severity[] = ['Minor', 'Moderate', 'Severe', 'Extreme'];

/** Rank of a severity: 0 for Minor up to 3 for Extreme. */
export const severityRank = (severity: Severity): number => SEVERITY_ORDER.indexOf(severity);

/** The more severe of two severities. */
export const maxSeverity = (a: Severity, b: Severity): Severity =>
  severityRank(a) >= severityRank(b) ? a : b;

/** Orders alerts most severe first. */
export const compareSeverityDesc = (a: Severity, b: Severity): number =>
  severityRank(b) - severityRank(a);
