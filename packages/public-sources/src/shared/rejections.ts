/**
 * Why a row or record did not become an event. `out-of-scope` rows are well-formed but belong to
 * another municipality or carry a type the mapping leaves out; `malformed` rows are flagged
 * because the importer would have had to guess.
 */
export type RejectionKind = 'malformed' | 'out-of-scope' | 'unmapped'

/** One row that was not imported, addressed so a person can find it in the file. */
export interface Rejection {
  /** Line in a CSV file (the header is row 1) or 1-based index in a JSON array. */
  readonly row: number
  readonly kind: RejectionKind
  readonly reason: string
}

/** Counts rejections per kind, for summaries and tests. */
export const countByKind = (rejections: readonly Rejection[]): Record<RejectionKind, number> => {
  const counts: Record<RejectionKind, number> = { malformed: 0, 'out-of-scope': 0, unmapped: 0 }
  for (const r of rejections) counts[r.kind]++
  return counts
}
