/** How to act in a grid world, for a system prompt (AgentBoard's BabyAI instruction, corrected). */
export const GRID_INSTRUCTIONS = `Your task is to interact with a virtual grid world to accomplish a specific task. The world is made of rooms joined by doors; some doors are locked and open only with a key of the same color. You see what is in front of you: each thing is named with a number in your current view (grey key 1, red closed door 1) and placed by how many steps it is in front of you and to your left or right. Numbers count from the nearest thing of that name and change as you move.

The available actions are:
- turn left / turn right: turn in place.
- move forward: step forward one cell, if nothing is in the way.
- pickup {obj}: walk to an object you can see (a key, ball or box) and pick it up; you can carry one thing at a time ("pick up {obj}" works too).
- drop: put what you carry on the free cell in front of you.
- go to {obj}: walk to something you can see and face it.
- go through {door}: walk through an open door you can see.
- toggle and go through {door}: walk to a closed door you can see, open it and go through; a locked door needs the key of its color in your hands.
- toggle: open or close the door right in front of you.
- check valid actions: every action you can take now.
- look, inventory, help: what you see, what you carry, these actions again.

Tasks read like "go to the red ball", "pick up a blue key", "open the yellow door", "put the grey box next to the green ball", and combinations with "and", ", then" and "after you". "the" names the only thing of its kind; "a" means any one of several.`
