/**
 * Words the generator dresses worlds in. A theme gives room names with one-line
 * descriptions, containers, treasures and the people who live there; keys, lamps, doors,
 * gifts and junk are shared. Names within a list are distinct and no name is a word of
 * another list's names, so every entity of a world has a unique display name.
 */

export interface RoomWords {
  readonly name: string
  readonly description: string
}

export interface Theme {
  readonly id: string
  /** `the old manor`: where the instruction says the treasure is hidden. */
  readonly place: string
  readonly rooms: readonly RoomWords[]
  /** Fixed containers that open and close. */
  readonly containers: readonly string[]
  readonly treasures: readonly string[]
  /** Where a treasure goes in a "put" goal; it stands in the first room. */
  readonly display: string
  /** Someone in the first room who wants the treasure, for a "give" goal. */
  readonly patron: string
  /** People who block a way or trade. */
  readonly people: readonly string[]
}

export const THEMES: readonly Theme[] = [
  {
    id: 'manor',
    place: 'the old manor',
    display: 'trophy case',
    patron: 'butler',
    containers: ['oak chest', 'cupboard', 'sea trunk', 'writing desk', 'wardrobe', 'strongbox'],
    treasures: ['jewelled egg', 'golden idol', 'silver chalice', 'pearl necklace', 'ruby ring'],
    people: ['gardener', 'housekeeper', 'old cook', 'night watchman', 'ghost'],
    rooms: [
      { name: 'Entrance Hall', description: 'A grand hall with a dusty chandelier.' },
      { name: 'Kitchen', description: 'Copper pans hang above a cold stove.' },
      { name: 'Library', description: 'Shelves of mouldering books line the walls.' },
      { name: 'Dining Room', description: 'A long table is set for guests who never came.' },
      { name: 'Parlour', description: 'Faded armchairs face an empty fireplace.' },
      { name: 'Conservatory', description: 'Dead plants crowd the cracked glass walls.' },
      { name: 'Gallery', description: 'Portraits stare down from gilded frames.' },
      { name: 'Pantry', description: 'Empty jars crowd the narrow shelves.' },
      { name: 'Study', description: 'A green lamp shade hangs over a leather chair.' },
      { name: 'Billiard Room', description: 'A torn green cloth covers the table.' },
      { name: 'Ballroom', description: 'The parquet floor creaks under every step.' },
      { name: 'Servants Hall', description: 'Bells on a board once called the servants.' },
      { name: 'Wine Cellar', description: 'Racks of dusty bottles fade into shadow.' },
      { name: 'Attic', description: 'Sheeted furniture huddles under the rafters.' },
      { name: 'Nursery', description: 'A rocking horse stands in the corner.' },
      { name: 'Chapel', description: 'Candle stubs line a small stone altar.' },
      { name: 'Music Room', description: 'A grand piano stands with its lid closed.' },
      { name: 'Laundry', description: 'Stone sinks and a mangle fill the room.' },
    ],
  },
  {
    id: 'caverns',
    place: 'the great caverns',
    display: 'stone altar',
    patron: 'old hermit',
    containers: ['miners crate', 'iron coffer', 'barrel', 'ore cart', 'stone urn', 'toolbox'],
    treasures: ['crystal skull', 'platinum bar', 'emerald', 'jade figurine', 'sapphire'],
    people: ['troll', 'dwarf', 'gnome', 'goblin', 'cave spider'],
    rooms: [
      { name: 'Cave Mouth', description: 'Daylight fades behind you as the cave opens up.' },
      { name: 'Dripping Grotto', description: 'Water drips from a forest of stalactites.' },
      { name: 'Narrow Passage', description: 'The walls press close on either side.' },
      { name: 'Echo Chamber', description: 'Every sound comes back to you twice.' },
      { name: 'Underground Lake', description: 'Black water laps at a pebbly shore.' },
      { name: 'Crystal Hall', description: 'Quartz veins glitter in the rock.' },
      { name: 'Mine Shaft', description: 'Rotten timbers shore up the ceiling.' },
      { name: 'Bat Roost', description: 'Something rustles high above.' },
      { name: 'Fungus Garden', description: 'Pale mushrooms grow knee-high.' },
      { name: 'Collapsed Tunnel', description: 'Rubble half fills the tunnel.' },
      { name: 'Glowing Vault', description: 'A faint glow seeps from the stone.' },
      { name: 'Old Forge', description: 'A cold anvil stands beside a dead hearth.' },
      { name: 'Chasm Edge', description: 'A deep chasm yawns beside the path.' },
      { name: 'Bone Pit', description: 'Old bones crunch underfoot.' },
      { name: 'Hot Spring', description: 'Steam curls off a bubbling pool.' },
      { name: 'Treasury', description: 'Empty niches are carved into the walls.' },
      { name: 'Winding Stair', description: 'Rough steps spiral around a pillar.' },
      { name: 'Sunken Shrine', description: 'Worn carvings cover a low arch.' },
    ],
  },
  {
    id: 'castle',
    place: 'the ruined castle',
    display: 'royal cabinet',
    patron: 'queen',
    containers: ['armoire', 'weapon rack chest', 'reliquary', 'linen press', 'iron safe', 'hamper'],
    treasures: ['golden crown', 'silver sceptre', 'royal seal', 'diamond brooch', 'holy grail'],
    people: ['sentry', 'jester', 'falconer', 'blacksmith', 'squire'],
    rooms: [
      { name: 'Courtyard', description: 'Weeds push between the flagstones.' },
      { name: 'Gatehouse', description: 'A rusted portcullis hangs overhead.' },
      { name: 'Great Hall', description: 'Tattered banners hang from the beams.' },
      { name: 'Armoury', description: 'Empty racks line the walls.' },
      { name: 'Throne Room', description: 'A cracked throne sits on a dais.' },
      { name: 'Guardroom', description: 'A table is scattered with dice.' },
      { name: 'Kennels', description: 'Empty pens smell faintly of dog.' },
      { name: 'Solar', description: 'Tall windows let in a grey light.' },
      { name: 'Bakehouse', description: 'A huge oven fills one wall.' },
      { name: 'Chapel Nave', description: 'Pews face a shattered window.' },
      { name: 'Dungeon', description: 'Chains hang from the damp walls.' },
      { name: 'North Tower', description: 'Wind whistles through arrow slits.' },
      { name: 'Battlements', description: 'The whole valley spreads out below.' },
      { name: 'Stables', description: 'Old straw covers the floor.' },
      { name: 'Well House', description: 'A rope dangles into a deep well.' },
      { name: 'Mews', description: 'Perches for hawks line the walls.' },
      { name: 'Buttery', description: 'Casks are stacked to the ceiling.' },
      { name: 'Undercroft', description: 'Low vaults hold up the hall above.' },
    ],
  },
]

/** Keys: an adjective and `key`. */
export const KEY_WORDS = ['brass', 'iron', 'silver', 'copper', 'rusty', 'bone', 'glass', 'bronze']
/** Doors: an adjective and `door`. */
export const DOOR_WORDS = ['oak', 'red', 'stone', 'studded', 'green', 'narrow', 'heavy', 'low']
export const LAMPS = ['brass lantern', 'oil lamp', 'storm lantern'] as const

/** What a guard or trader asks for, in words that never name the item. */
export interface GiftKind {
  readonly hint: string
  readonly items: readonly string[]
}

export const GIFT_KINDS: readonly GiftKind[] = [
  { hint: 'something to eat', items: ['smoked fish', 'loaf of bread', 'wedge of cheese'] },
  { hint: 'something to drink', items: ['flask of wine', 'jug of cider'] },
  { hint: 'something that shines', items: ['gold coin', 'polished mirror'] },
  { hint: 'something to read', items: ['dusty book', 'love letter'] },
  { hint: 'something warm', items: ['wool blanket', 'fur cloak'] },
]

/** Things to carry that no puzzle needs. */
export const JUNK = [
  'coil of rope',
  'empty bottle',
  'leaflet',
  'old boot',
  'tin can',
  'feather',
  'pebble',
  'wooden spoon',
  'broken sword',
  'chalk',
]
