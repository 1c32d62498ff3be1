/** A short solved episode shown in a prompt to teach the reply format, not the task. */
export interface WorkedExample {
  family: string
  task: string
  turns: readonly { thought: string; action: string; observation: string }[]
}

/**
 * Built-in examples, one per family, sorted by family. `ChatAgent` shows one from a family
 * other than the one being played, so the example teaches the format without solving the
 * task for it.
 */
export const WORKED_EXAMPLES: readonly WorkedExample[] = [
  {
    family: 'grid',
    task: 'Your task is to pick up the blue key.',
    turns: [
      {
        thought: 'The key is not in sight. I should look around first.',
        action: 'look',
        observation: 'You see a blue key two steps ahead and a wall to your left.',
      },
      {
        thought: 'The key is ahead of me, so I walk forward.',
        action: 'go forward',
        observation: 'You move forward. The blue key is right in front of you.',
      },
      {
        thought: 'Now the key is within reach.',
        action: 'pick up blue key',
        observation: 'You pick up the blue key. Task complete.',
      },
    ],
  },
  {
    family: 'household',
    task: 'Your task is to: put a clean mug in the coffeemachine.',
    turns: [
      {
        thought: 'A mug is usually on a countertop. I will check countertop 1.',
        action: 'go to countertop 1',
        observation: 'On the countertop 1, you see a mug 1 and a knife 1.',
      },
      {
        thought: 'There is mug 1. I will take it.',
        action: 'take mug 1 from countertop 1',
        observation: 'You pick up the mug 1 from the countertop 1.',
      },
      {
        thought: 'The mug must be clean, so I go to the sink.',
        action: 'go to sinkbasin 1',
        observation: 'On the sinkbasin 1, you see nothing.',
      },
      {
        thought: 'Now I clean the mug.',
        action: 'clean mug 1 with sinkbasin 1',
        observation: 'You clean the mug 1 using the sinkbasin 1.',
      },
      {
        thought: 'The mug is clean; it goes in the coffeemachine.',
        action: 'go to coffeemachine 1',
        observation: 'On the coffeemachine 1, you see nothing.',
      },
      {
        thought: 'I put the clean mug in.',
        action: 'put mug 1 in/on coffeemachine 1',
        observation: 'You put the mug 1 in/on the coffeemachine 1. Task complete.',
      },
    ],
  },
]

/** Up to `count` examples whose family is not `family`, in a fixed order. */
export function examplesFor(
  family: string,
  count: number,
  library: readonly WorkedExample[] = WORKED_EXAMPLES,
): WorkedExample[] {
  return library.filter((e) => e.family !== family).slice(0, Math.max(0, count))
}
