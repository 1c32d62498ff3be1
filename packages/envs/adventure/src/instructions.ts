/** How to play an adventure world, for a system prompt (AgentBoard's Jericho instruction, completed). */
export const ADVENTURE_INSTRUCTIONS = `You are playing a text adventure game. Explore rooms, pick up what helps, solve the puzzles in your way and reach the goal. With each command you will receive the game's reply. Type one short command at a time, as in Zork.

The commands are:
- north, south, east, west, northeast, northwest, southeast, southwest, up, down (or n, s, e, w, ne, nw, se, sw, u, d): walk that way.
- look (l): describe the room you are in. inventory (i): what you carry. score: your points so far.
- examine {thing} (x {thing}): look closely at something you can see.
- take {thing}, take all, drop {thing}, drop all: pick things up or put them down.
- open {thing}, close {thing}: doors and containers. Closed containers hide what is inside.
- unlock {thing} with {key}: a locked door or container, with the key you hold that fits.
- put {thing} in {container}: put something you hold into an open container.
- turn on {lamp}, turn off {lamp}: dark rooms show nothing until you bring a light.
- talk to {person}, give {thing} to {person}: people may block your way or trade with you.
- wait (z), again (g): let time pass; repeat the last command.
- check valid actions: every command that does something now. help: these commands again.

Name things as the game does (brass key, oak door); the last word alone is enough when only one thing fits (key, door). You earn points for milestones: taking what you need, opening the way, winning people over, reaching new places.`
