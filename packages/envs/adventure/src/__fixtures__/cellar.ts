import type { Blueprint } from '../blueprint'

/**
 * A small hand-made world: a hall with a lantern and a trophy case, a dark cellar below with
 * a closed chest holding the iron key, and a study behind the locked oak door with the idol.
 */
export const CELLAR: Blueprint = {
  theme: 'manor',
  place: 'the old manor',
  level: 0,
  depth: 2,
  rooms: [
    { id: 'room_0', name: 'Hall', description: 'A draughty hall.', dark: false },
    { id: 'room_1', name: 'Cellar', description: 'Cobwebs hang from the beams.', dark: true },
    { id: 'room_2', name: 'Study', description: 'Books are piled everywhere.', dark: false },
  ],
  exits: [
    { from: 'room_0', dir: 'down', to: 'room_1' },
    { from: 'room_1', dir: 'up', to: 'room_0' },
    { from: 'room_0', dir: 'north', to: 'room_2' },
    { from: 'room_2', dir: 'south', to: 'room_0' },
  ],
  doors: [
    {
      id: 'door_0',
      name: 'oak door',
      sides: [
        { room: 'room_0', dir: 'north' },
        { room: 'room_2', dir: 'south' },
      ],
      locked: true,
    },
  ],
  containers: [
    { id: 'box_0', name: 'wooden chest', room: 'room_1', closed: true, locked: false },
    { id: 'box_1', name: 'trophy case', room: 'room_0', closed: false, locked: false },
  ],
  items: [
    { id: 'lamp_0', name: 'brass lantern', kind: 'lamp', at: 'room_0' },
    { id: 'key_1', name: 'iron key', kind: 'key', at: 'box_0', opens: 'door_0' },
    { id: 'treasure_2', name: 'golden idol', kind: 'treasure', at: 'room_2' },
    { id: 'junk_3', name: 'leaflet', kind: 'junk', at: 'room_0' },
  ],
  people: [],
  lamp: 'lamp_0',
  goal: { kind: 'put', treasure: 'treasure_2', target: 'box_1' },
  milestones: [
    { id: 'took_lamp_0', kind: 'took', of: 'lamp_0', points: 5 },
    { id: 'lit_room_1', kind: 'lit', of: 'room_1', points: 10 },
    { id: 'took_key_1', kind: 'took', of: 'key_1', points: 5 },
    { id: 'unlocked_door_0', kind: 'unlocked', of: 'door_0', points: 10 },
    { id: 'took_treasure_2', kind: 'took', of: 'treasure_2', points: 15 },
  ],
}
