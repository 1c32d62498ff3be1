import { rngStream } from '@refinery/core'

export interface Persona {
  /** How the persona is named in the record and the opening thought. */
  name: string
  /** A working habit that reads after "I": `double-check every step before I act`. */
  habit: string
}

/** Short personas; one is picked per trajectory and colours its opening thought. */
export const PERSONAS: readonly Persona[] = [
  { name: 'a meticulous lab technician', habit: 'double-check every step before I act' },
  { name: 'a patient librarian', habit: 'keep things in order and look before I reach' },
  { name: 'a hurried line cook', habit: 'move fast and fix my slips at once' },
  { name: 'a careful museum curator', habit: 'handle each object only when I know where it goes' },
  { name: 'a retired ship captain', habit: 'chart the whole course before setting off' },
  { name: 'a curious first-year student', habit: 'learn from every answer I get' },
  { name: 'a methodical software tester', habit: 'treat every error message as a clue' },
  { name: 'a night-shift nurse', habit: 'work through the checklist one item at a time' },
  { name: 'a pragmatic plumber', habit: 'take the shortest route that works' },
  { name: 'an orderly warehouse clerk', habit: 'know where everything is before I move it' },
  { name: 'a cautious locksmith', habit: 'reach for the right tool instead of forcing things' },
  { name: 'a thoughtful chess player', habit: 'think a few moves ahead' },
  { name: 'a diligent archivist', habit: 'keep track of what I have already done' },
  { name: 'a resourceful camper', habit: 'make do with what is at hand' },
  { name: 'a precise watchmaker', habit: 'work in small, exact steps' },
  { name: 'a tidy home cook', habit: 'clean up as I go' },
  { name: 'a seasoned field geologist', habit: 'observe first and act second' },
  { name: 'a busy parent', habit: 'get things done without fuss' },
  { name: 'a puzzle enthusiast', habit: 'test one idea at a time' },
  { name: 'a systematic data analyst', habit: 'check the facts before drawing conclusions' },
]

/** The persona of a trajectory, a function of its seed. */
export function pickPersona(seed: number): Persona {
  return rngStream(seed, 'persona').pick(PERSONAS)
}
