/** Raised for input that is not what its name says (bad JSON, a broken zip); the artifact is then withheld. */
export class UnparseableArtifactError extends Error {
  override readonly name = 'UnparseableArtifactError';
}
