/** The redaction library's public surface: artifact and folder redaction, canaries and the leak scans. */
export type { ArtifactRedaction, NamedSecret } from './artifact.ts';
export { redactArtifact } from './artifact.ts';
export type { RedactionReport } from './redact-folder.ts';
export { redactFolder } from './redact-folder.ts';
export type { CanarySet } from './canaries.ts';
export { plantCanaries } from './canaries.ts';
export type { Hit, TokenShapeHit } from './secret-scan.ts';
export { scanForSecrets, scanForTokenShapes } from './secret-scan.ts';
export { findTokenShapedStrings } from './token-shape.ts';
export { normalizeFieldName, sensitiveLabelFor } from './sensitive-names.ts';
export { ReportRedactor } from './report-output.ts';
export { fingerprintSecret, runKeyForChildProcess } from './fingerprint.ts';
