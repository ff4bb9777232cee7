/**
 * Input an analysis cannot work with. Carries a stable `code` so the API can map it to a
 * problem+json response without parsing the message.
 */
export class AnalysisInputError extends Error {
  override readonly name = 'AnalysisInputError'
  readonly code: string
  constructor(code: string, message: string) {
    super(message)
    this.code = code
  }
}

/** Type guard for {@link AnalysisInputError}. */
export const isAnalysisInputError = (error: unknown): error is AnalysisInputError =>
  error instanceof AnalysisInputError

export function check(condition: unknown, code: string, message: string): asserts condition {
  if (!condition) throw new AnalysisInputError(code, message)
}
