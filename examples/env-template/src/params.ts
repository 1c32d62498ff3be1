import type { Rng } from '@refinery/core'
import { z } from 'zod'

/** Plants that may grow in a bed, by kind. Weeds must never be watered. */
export const PLANT_KINDS = {
  tomato: 'vegetable',
  lettuce: 'vegetable',
  carrot: 'vegetable',
  pumpkin: 'vegetable',
  rose: 'flower',
  tulip: 'flower',
  sunflower: 'flower',
  dandelion: 'weed',
  thistle: 'weed',
} as const
export type PlantKind = keyof typeof PLANT_KINDS

/** Tools that lie around besides the watering can; they only get in the way. */
export const TOOL_KINDS = ['rake', 'spade', 'trowel'] as const
export type ToolKind = (typeof TOOL_KINDS)[number]

const PlaceId = z.string().regex(/^(shed|tap|bed_[1-9])$/, 'a place id: shed, tap or bed_<n>')

/**
 * Everything a task varies, as plain JSON in `TaskRef.params`: the world is a pure function
 * of these, so a task can be rebuilt, inspected or edited without the generator.
 */
export const GardenTaskParams = z
  .object({
    /** Number of beds, `bed 1` … `bed n`. */
    beds: z.number().int().min(1).max(4),
    /** Whether the shed door starts open. */
    shedOpen: z.boolean(),
    /** How many plants a full watering can waters. */
    capacity: z.number().int().min(1).max(5),
    /** Where the watering can lies. */
    can: PlaceId,
    tools: z.array(z.object({ kind: z.enum(TOOL_KINDS), at: PlaceId }).strict()),
    plants: z
      .array(
        z
          .object({
            kind: z.enum(Object.keys(PLANT_KINDS) as [PlantKind, ...PlantKind[]]),
            number: z.number().int().positive(),
            bed: z.number().int().positive(),
            /** Needs water: only dry plants can be watered. */
            dry: z.boolean(),
          })
          .strict(),
      )
      .min(1),
    /** Entity ids of the plants to water, in the order the instruction names them. */
    targets: z.array(z.string()).min(1),
  })
  .strict()
export type GardenTaskParams = z.infer<typeof GardenTaskParams>

export const plantId = (p: { kind: string; number: number }): string => `${p.kind}_${p.number}`

/**
 * Draws one task's params from its own random stream: 2–3 beds, 4–7 plants to look after
 * and up to two weeds, 1–3 of the dry plants to water, a can that holds 2–3 waterings.
 */
export function sampleGardenParams(rng: Rng): GardenTaskParams {
  const beds = rng.int(2, 3)
  const bed = () => rng.int(1, beds)
  const bedId = () => `bed_${bed()}`

  const growing = Object.keys(PLANT_KINDS).filter(
    (k) => PLANT_KINDS[k as PlantKind] !== 'weed',
  ) as PlantKind[]
  const weeds = Object.keys(PLANT_KINDS).filter(
    (k) => PLANT_KINDS[k as PlantKind] === 'weed',
  ) as PlantKind[]
  const kinds = [
    ...Array.from({ length: rng.int(4, 7) }, () => rng.pick(growing)),
    ...Array.from({ length: rng.weighted([20, 50, 30]) }, () => rng.pick(weeds)),
  ].sort()

  const numbers = new Map<string, number>()
  const plants = kinds.map((kind) => {
    const number = (numbers.get(kind) ?? 0) + 1
    numbers.set(kind, number)
    return { kind, number, bed: bed(), dry: PLANT_KINDS[kind] === 'weed' }
  })

  const cared = plants.filter((p) => PLANT_KINDS[p.kind] !== 'weed')
  const targets = rng.sample(cared, rng.int(1, 3))
  for (const p of targets) p.dry = true
  // Some plants that nobody asked about are dry too: watering them wastes the can's water.
  for (const p of cared) if (!targets.includes(p) && rng.chance(0.25)) p.dry = true

  const tools = rng
    .sample(TOOL_KINDS, rng.int(1, 2))
    .sort()
    .map((kind) => ({ kind, at: rng.chance(0.7) ? 'shed' : bedId() }))

  return {
    beds,
    shedOpen: rng.chance(0.25),
    capacity: rng.int(2, 3),
    can: rng.chance(0.8) ? 'shed' : bedId(),
    tools,
    plants,
    targets: targets.map(plantId),
  }
}
