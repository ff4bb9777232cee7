import { probe } from '@lagesbild/domain'
export const probe2 = (): number => probe(1)
