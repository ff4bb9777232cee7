/** The data of `OfficialStatisticsPublished`, as the projections read it (see the domain). */
export interface OfficialStatisticsPublishedData {
  readonly publicationId: string
  readonly publisher: string
  readonly statistic: string
  readonly yearSemantics: string
  readonly source: string
  readonly figures: readonly {
    readonly statisticId: string
    readonly label: string
    readonly area: { readonly placeId?: string; readonly label: string }
    readonly year: number
    readonly count: number | null
    readonly ratePer100k: number | null
  }[]
}

/** One official figure as known at an instant: the latest publication of it recorded by then. */
export interface OfficialFigureRow {
  readonly publisher: string
  readonly statistic: string
  readonly statisticId: string
  readonly label: string
  readonly areaLabel: string
  readonly placeId: string | null
  readonly year: number
  readonly count: number | null
  readonly ratePer100k: number | null
  readonly publicationId: string
  readonly source: string
  readonly yearSemantics: string
  /** When this value was recorded (its publication's import). */
  readonly recordedAt: string
}

export interface OfficialFiguresQuery {
  /** A registered place id or a published geography label (exact). */
  readonly area?: string
  readonly statisticId?: string
  readonly publisher?: string
  /** First and last year, inclusive. */
  readonly from?: number
  readonly to?: number
  /** Cut on recording time (ISO instant); default: everything recorded. */
  readonly knownAt?: string
}

/** Figures are identified by publisher, statistic, geography and year; a later value replaces. */
export const figureKey = (f: {
  readonly publisher: string
  readonly statisticId: string
  readonly areaLabel: string
  readonly year: number
}): string => JSON.stringify([f.publisher, f.statisticId, f.areaLabel, f.year])

/** The order every answer comes in: statistic, geography, year (code-unit order, as SQL "C"). */
export const compareFigures = (a: OfficialFigureRow, b: OfficialFigureRow): number =>
  a.statisticId < b.statisticId
    ? -1
    : a.statisticId > b.statisticId
      ? 1
      : a.areaLabel < b.areaLabel
        ? -1
        : a.areaLabel > b.areaLabel
          ? 1
          : a.year - b.year
