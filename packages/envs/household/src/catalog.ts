/**
 * What a household holds: room types, receptacle kinds and object kinds, with ALFWorld's
 * names (lower-case, one word: `sinkbasin`, `remotecontrol`) and where each object plausibly
 * lies in each kind of room. Data only; the generator reads it.
 */

export const ROOM_TYPES = ['kitchen', 'livingroom', 'bedroom', 'bathroom'] as const
export type RoomType = (typeof ROOM_TYPES)[number]

export const RECEPTACLE_KINDS = [
  'armchair',
  'bathtubbasin',
  'bed',
  'cabinet',
  'coffeemachine',
  'coffeetable',
  'countertop',
  'desk',
  'diningtable',
  'drawer',
  'dresser',
  'fridge',
  'garbagecan',
  'handtowelholder',
  'laundryhamper',
  'microwave',
  'ottoman',
  'safe',
  'shelf',
  'sidetable',
  'sinkbasin',
  'sofa',
  'stoveburner',
  'toaster',
  'toilet',
  'toiletpaperhanger',
  'towelholder',
  'tvstand',
] as const
export type ReceptacleKind = (typeof RECEPTACLE_KINDS)[number]

/** Receptacles with a door or a lid: closed at the start, `open` before looking inside. */
export const OPENABLE: ReadonlySet<ReceptacleKind> = new Set([
  'cabinet',
  'drawer',
  'fridge',
  'microwave',
  'safe',
])

/** Receptacles that only hold things in/on them (`put X in Y`), never surfaces you sit things on. */
export const CONTAINERS: ReadonlySet<ReceptacleKind> = new Set([
  'bathtubbasin',
  'cabinet',
  'drawer',
  'fridge',
  'garbagecan',
  'laundryhamper',
  'microwave',
  'safe',
  'sinkbasin',
])

/** The receptacle each treatment needs, as in ALFWorld. */
export const TOOLS = {
  heat: 'microwave',
  cool: 'fridge',
  clean: 'sinkbasin',
} as const satisfies Record<string, ReceptacleKind>

export interface ObjectKind {
  /** Receptacle kinds it may lie in/on, per room type; absent rooms never hold it. */
  places: Partial<Record<RoomType, readonly ReceptacleKind[]>>
  heat?: boolean
  cool?: boolean
  clean?: boolean
  slice?: boolean
  /** Can be the object of a look_at_obj task. */
  look?: boolean
  /** Slices things: `slice apple 1 with knife 1`. */
  blade?: boolean
}

const FOOD: readonly ReceptacleKind[] = [
  'countertop',
  'diningtable',
  'fridge',
  'garbagecan',
  'microwave',
  'sinkbasin',
]
const CUTLERY: readonly ReceptacleKind[] = ['countertop', 'diningtable', 'drawer', 'sinkbasin']
const DISH: readonly ReceptacleKind[] = [
  'cabinet',
  'countertop',
  'diningtable',
  'fridge',
  'microwave',
  'shelf',
  'sinkbasin',
]
const COOKWARE: readonly ReceptacleKind[] = [
  'cabinet',
  'countertop',
  'diningtable',
  'fridge',
  'sinkbasin',
  'stoveburner',
]
const BOTTLE: readonly ReceptacleKind[] = [
  'cabinet',
  'countertop',
  'diningtable',
  'fridge',
  'garbagecan',
  'shelf',
]
const SHAKER: readonly ReceptacleKind[] = [
  'cabinet',
  'countertop',
  'diningtable',
  'drawer',
  'shelf',
]
const DESK_THING: readonly ReceptacleKind[] = ['desk', 'drawer', 'dresser', 'shelf', 'sidetable']
const SMALL_BEDROOM: readonly ReceptacleKind[] = [
  'desk',
  'drawer',
  'dresser',
  'safe',
  'shelf',
  'sidetable',
]
const SMALL_LIVING: readonly ReceptacleKind[] = [
  'armchair',
  'coffeetable',
  'drawer',
  'dresser',
  'ottoman',
  'shelf',
  'sidetable',
  'sofa',
]
const WRITING: readonly ReceptacleKind[] = [
  'desk',
  'drawer',
  'dresser',
  'garbagecan',
  'shelf',
  'sidetable',
]
const DECOR_LIVING: readonly ReceptacleKind[] = [
  'cabinet',
  'coffeetable',
  'diningtable',
  'dresser',
  'shelf',
  'sidetable',
  'tvstand',
]
const DECOR_BEDROOM: readonly ReceptacleKind[] = ['desk', 'dresser', 'shelf', 'sidetable']
const BATH_THING: readonly ReceptacleKind[] = [
  'cabinet',
  'countertop',
  'garbagecan',
  'shelf',
  'toilet',
]

/** Portable objects, by kind. Goal objects of each task type are the kinds ALFWorld uses. */
export const OBJECTS = {
  alarmclock: { places: { bedroom: DECOR_BEDROOM }, look: true },
  apple: { places: { kitchen: FOOD }, heat: true, cool: true, clean: true, slice: true },
  book: {
    places: {
      bedroom: ['bed', 'desk', 'drawer', 'dresser', 'shelf', 'sidetable'],
      livingroom: ['coffeetable', 'diningtable', 'shelf', 'sidetable', 'sofa'],
    },
    look: true,
  },
  bowl: {
    places: {
      kitchen: DISH,
      bedroom: DECOR_BEDROOM,
      livingroom: ['coffeetable', 'diningtable', 'shelf', 'sidetable', 'tvstand'],
    },
    cool: true,
    clean: true,
    look: true,
  },
  box: {
    places: {
      bedroom: ['bed', 'desk', 'dresser', 'shelf'],
      livingroom: [
        'armchair',
        'coffeetable',
        'diningtable',
        'dresser',
        'ottoman',
        'sidetable',
        'sofa',
      ],
    },
    look: true,
  },
  bread: {
    places: { kitchen: ['cabinet', 'countertop', 'diningtable', 'fridge', 'microwave'] },
    heat: true,
    cool: true,
    slice: true,
  },
  butterknife: { places: { kitchen: CUTLERY }, clean: true, blade: true },
  candle: {
    places: {
      bathroom: ['cabinet', 'countertop', 'drawer', 'shelf', 'toilet'],
      livingroom: ['coffeetable', 'shelf', 'sidetable'],
    },
  },
  cd: { places: { bedroom: [...SMALL_BEDROOM, 'garbagecan'] }, look: true },
  cellphone: {
    places: {
      kitchen: ['countertop', 'diningtable', 'drawer', 'shelf'],
      bedroom: ['bed', ...SMALL_BEDROOM],
      livingroom: ['armchair', 'coffeetable', 'diningtable', 'drawer', 'sidetable', 'sofa'],
    },
    look: true,
  },
  cloth: {
    places: {
      bathroom: ['bathtubbasin', 'cabinet', 'countertop', 'drawer', 'garbagecan', 'sinkbasin'],
      bedroom: ['drawer', 'dresser', 'laundryhamper'],
    },
    clean: true,
  },
  creditcard: {
    places: {
      kitchen: ['countertop', 'diningtable', 'drawer', 'shelf'],
      bedroom: DESK_THING,
      livingroom: [...SMALL_LIVING, 'diningtable'],
    },
    look: true,
  },
  cup: { places: { kitchen: DISH }, heat: true, cool: true, clean: true, look: true },
  dishsponge: {
    places: {
      kitchen: ['cabinet', 'countertop', 'diningtable', 'drawer', 'shelf', 'sinkbasin'],
      bathroom: ['cabinet', 'countertop', 'sinkbasin'],
    },
    clean: true,
  },
  egg: { places: { kitchen: FOOD }, heat: true, cool: true, clean: true },
  fork: { places: { kitchen: CUTLERY }, clean: true },
  glassbottle: { places: { kitchen: BOTTLE } },
  handtowel: { places: { bathroom: ['countertop', 'handtowelholder'] } },
  kettle: { places: { kitchen: ['cabinet', 'countertop', 'shelf', 'stoveburner'] }, clean: true },
  keychain: { places: { bedroom: SMALL_BEDROOM, livingroom: SMALL_LIVING }, look: true },
  knife: { places: { kitchen: CUTLERY }, clean: true, blade: true },
  ladle: { places: { kitchen: CUTLERY }, clean: true },
  laptop: {
    places: {
      bedroom: ['bed', 'desk', 'dresser', 'sidetable'],
      livingroom: ['armchair', 'coffeetable', 'diningtable', 'ottoman', 'sidetable', 'sofa'],
    },
    look: true,
  },
  lettuce: {
    places: { kitchen: ['countertop', 'diningtable', 'fridge', 'garbagecan', 'sinkbasin'] },
    cool: true,
    clean: true,
    slice: true,
  },
  mug: {
    places: {
      kitchen: [...DISH, 'coffeemachine'],
      bedroom: DECOR_BEDROOM,
      livingroom: ['coffeetable', 'diningtable', 'shelf', 'sidetable'],
    },
    heat: true,
    cool: true,
    clean: true,
    look: true,
  },
  newspaper: {
    places: {
      livingroom: [
        'armchair',
        'coffeetable',
        'diningtable',
        'ottoman',
        'sidetable',
        'sofa',
        'tvstand',
      ],
    },
    look: true,
  },
  pan: { places: { kitchen: COOKWARE }, cool: true, clean: true },
  papertowelroll: { places: { kitchen: ['countertop', 'diningtable', 'shelf'] } },
  pen: {
    places: { bedroom: WRITING, livingroom: ['coffeetable', 'drawer', 'shelf', 'sidetable'] },
    look: true,
  },
  pencil: {
    places: { bedroom: WRITING, livingroom: ['coffeetable', 'drawer', 'shelf', 'sidetable'] },
    look: true,
  },
  peppershaker: { places: { kitchen: SHAKER } },
  pillow: {
    places: { bedroom: ['armchair', 'bed'], livingroom: ['armchair', 'ottoman', 'sofa'] },
    look: true,
  },
  plate: {
    places: {
      kitchen: DISH.filter((r) => r !== 'microwave'),
      livingroom: ['coffeetable', 'diningtable', 'shelf', 'sidetable'],
    },
    heat: true,
    cool: true,
    clean: true,
    look: true,
  },
  pot: { places: { kitchen: COOKWARE }, cool: true, clean: true },
  potato: { places: { kitchen: FOOD }, heat: true, cool: true, clean: true, slice: true },
  remotecontrol: {
    places: {
      livingroom: [
        'armchair',
        'coffeetable',
        'diningtable',
        'drawer',
        'dresser',
        'ottoman',
        'sidetable',
        'sofa',
        'tvstand',
      ],
    },
    look: true,
  },
  saltshaker: { places: { kitchen: SHAKER } },
  soapbar: {
    places: {
      bathroom: ['bathtubbasin', 'cabinet', 'countertop', 'garbagecan', 'sinkbasin', 'toilet'],
    },
    clean: true,
  },
  soapbottle: {
    places: { kitchen: ['cabinet', 'countertop', 'diningtable', 'shelf'], bathroom: BATH_THING },
  },
  spatula: { places: { kitchen: CUTLERY }, clean: true },
  spoon: { places: { kitchen: CUTLERY }, clean: true },
  spraybottle: { places: { bathroom: BATH_THING } },
  statue: { places: { livingroom: DECOR_LIVING, bedroom: DECOR_BEDROOM }, look: true },
  teddybear: { places: { bedroom: ['armchair', 'bed', 'dresser', 'shelf'] }, look: true },
  tissuebox: {
    places: {
      livingroom: ['coffeetable', 'dresser', 'shelf', 'sidetable'],
      bathroom: ['cabinet', 'countertop', 'shelf', 'toilet'],
    },
    look: true,
  },
  toiletpaper: {
    places: {
      bathroom: [
        'cabinet',
        'countertop',
        'drawer',
        'garbagecan',
        'shelf',
        'toilet',
        'toiletpaperhanger',
      ],
    },
  },
  tomato: { places: { kitchen: FOOD }, heat: true, cool: true, clean: true, slice: true },
  towel: { places: { bathroom: ['bathtubbasin', 'towelholder'] } },
  vase: {
    places: { livingroom: DECOR_LIVING, bedroom: ['dresser', 'shelf', 'sidetable'] },
    look: true,
  },
  watch: {
    places: {
      bedroom: SMALL_BEDROOM,
      livingroom: ['coffeetable', 'drawer', 'dresser', 'shelf', 'sidetable'],
    },
    look: true,
  },
  winebottle: { places: { kitchen: BOTTLE }, cool: true },
} as const satisfies Record<string, ObjectKind>

export type ObjectKindName = keyof typeof OBJECTS
export const OBJECT_KINDS = Object.keys(OBJECTS).sort() as ObjectKindName[]

/** Lamps light a look_at_obj task; they stand on furniture and cannot be picked up. */
export const LAMP_KINDS = ['desklamp'] as const
export type LampKind = (typeof LAMP_KINDS)[number]
export const LAMP_PLACES: Partial<Record<RoomType, readonly ReceptacleKind[]>> = {
  bedroom: ['desk', 'dresser', 'sidetable'],
  livingroom: ['dresser', 'sidetable'],
}

/** Where an object kind may lie in a room of this type (empty when it never appears there). */
export function placesFor(kind: ObjectKindName, room: RoomType): readonly ReceptacleKind[] {
  return (OBJECTS[kind] as ObjectKind).places[room] ?? []
}

/** `in` for containers, `on` for surfaces: `put a mug in cabinet`, `put a mug on shelf`. */
export function preposition(kind: ReceptacleKind): 'in' | 'on' {
  return CONTAINERS.has(kind) ? 'in' : 'on'
}
