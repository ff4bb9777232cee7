/** A mistake in how the command was called: exit code 2, with usage help. */
export class UsageError extends Error {
  override readonly name = 'UsageError'
}

/** Type guard for {@link UsageError} and citty's own argument errors. */
export const isUsageError = (error: unknown): boolean =>
  error instanceof UsageError || (error instanceof Error && error.name === 'CLIError')
