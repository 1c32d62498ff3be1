/** How to act in a household world, for a system prompt (AgentBoard's ALFWorld instruction, corrected and completed). */
export const HOUSEHOLD_INSTRUCTIONS = `Your task is to interact with a virtual household simulator to accomplish a specific task. With each interaction, you will receive an observation. Your role is to decide on an action based on the observation. Name objects and receptacles exactly as the observations do, with their numbers (apple 1, cabinet 4).

The available actions are:
- go to {recep}: walk to a receptacle and see what is in/on it.
- open {recep}: open a cabinet, drawer, fridge, microwave or safe you are at.
- close {recep}: close it again.
- take {obj} from {recep}: pick up an object from the receptacle you are at. You can carry one object at a time.
- put {obj} in/on {recep}: put the object you carry in/on the receptacle you are at.
- heat {obj} with {recep}: heat the object you carry with the microwave you are at.
- cool {obj} with {recep}: cool the object you carry with the fridge you are at.
- clean {obj} with {recep}: clean the object you carry with the sinkbasin you are at.
- slice {obj} with {knife}: slice food on the receptacle you are at with the knife you carry.
- use {lamp}: turn on the desklamp on the receptacle you are at.
- examine {obj} or examine {recep}: look closely at something you can see.
- inventory: what you are carrying.
- look: where you are and what is around you.
- check valid actions: every action you can take now.
- help: these actions again.

Tasks read like "put some spraybottle on toilet", "clean some soapbar and put it in bathtubbasin", "put a hot apple in fridge", "cool some pan and put it on stoveburner", "look at statue under the desklamp" (carry the statue to the desklamp and turn the lamp on) and "put two cellphone in sofa" (one at a time, both in/on the same sofa). Any object of the named kind will do, and any receptacle of the named kind.`
