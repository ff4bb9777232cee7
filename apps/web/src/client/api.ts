/** The problem+json body the API answers errors with. */
export interface Problem {
  readonly type?: string
  readonly title?: string
  readonly status?: number
  readonly detail?: string
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem,
  ) {
    super(problem.detail ?? problem.title ?? `HTTP ${status}`)
  }
}

const TOKEN_KEY = 'lagesbild.token'

/** The bearer token lives in session storage: it goes when the tab closes. */
export const getToken = (): string | null => sessionStorage.getItem(TOKEN_KEY)

export function setToken(token: string | null): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token)
  else sessionStorage.removeItem(TOKEN_KEY)
}

/**
 * GET a /v1 resource with the user's token. Every figure on the page comes through here: the
 * dashboard has no access the token does not give.
 * @param params query parameters; empty and undefined ones are left out
 */
export async function get<T>(
  path: string,
  params: Readonly<Record<string, string | number | null | undefined>> = {},
): Promise<T> {
  const query = new URLSearchParams()
  for (const [name, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') query.set(name, String(value))
  }
  const qs = query.toString()
  const token = getToken()
  const response = await fetch(`/v1${path}${qs ? `?${qs}` : ''}`, {
    headers: {
      accept: 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
  })
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as Problem
    throw new ApiError(response.status, problem)
  }
  return (await response.json()) as T
}
