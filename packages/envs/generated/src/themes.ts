import { RefineryError, rngStream } from '@refinery/core'

/**
 * A theme: the nouns a world is dressed in. Every role a mechanic needs has its own noun, so
 * two worlds built from the same mechanics read as different places.
 */
export interface Theme {
  id: string
  /** `a bakery`: where the agent is. */
  place: string
  /** Words in a persona that point at this theme. */
  keywords: string[]
  rooms: [string, string, string, string]
  containers: [string, string, string]
  /** Plain portable things: goal objects and distractors. */
  items: string[]
  tool: string
  /** A fixture that only the tool opens. */
  sealed: string
  key: string
  lamp: string
  bench: string
  product: string
  parts: [string, string]
  heater: string
  cooler: string
  heatable: string
  liquid: string
  source: string
  vessel: string
  basin: string
  character: string
  gift: string
  machine: string
  switch: string
  output: string
  base: string
  stackables: [string, string, string]
  collectible: string
  bin: string
  gauge: string
  measured: string
  quantity: string
  unit: string
  range: [number, number]
}

/**
 * One theme per line: id; place; keywords; rooms; containers; items; tool|sealed; key; lamp;
 * bench|product|part|part; heater|cooler|heatable; liquid|source|vessel|basin; character|gift;
 * machine|switch|output; base|stackable×3; collectible|bin; gauge|measured|quantity|unit|lo|hi.
 * Nouns avoid the little words action patterns use (in, on, with, to, at, from, into).
 */
const TABLE = `
bakery;a bakery;baker,bread,pastry,cook,chef;shop floor|bakehouse|flour store|back yard;bread bin|flour chest|proofing cabinet;rolling pin|apron|sugar sifter|recipe card|pastry brush|egg timer;palette knife|twine-tied parcel;pantry key;oil lamp;kneading table|braided loaf|dough strand|egg glaze;bread oven|cold larder|tray of rolls;milk|milk churn|pitcher|mixing trough;head baker|sack of sugar;dough mixer|wall switch|batch of dough;cooling rack|sheet pan|cake tin|pie dish;bread roll|wicker basket;kitchen scale|sack of flour|weight|kilograms|5|50
ship;a ship's hold;captain,sailor,ship,navy,sea,fisher;main deck|cargo hold|galley|bilge;sea chest|rope locker|powder keg;coil of rope|brass compass|tin mug|sailcloth|marlinspike|ship biscuit;cutlass|nailed crate;bosun's key;storm lantern;carpenter's bench|spare oar|oar blade|oar shaft;galley stove|ice hold|pot of stew;fresh water|water cask|bailer|drinking trough;quartermaster|bottle of rum;bilge pump|deck lever|bucket of brine;cargo pallet|small barrel|crate of limes|bale of cloth;cannonball|shot rack;sounding line|anchor chain|length|fathoms|10|90
fieldlab;a field laboratory;scientist,researcher,lab,technician,chemist,biologist,student;sample tent|prep room|cold store|generator shed;sample case|reagent cabinet|specimen drawer;petri dish|field notebook|pipette|soil corer|test tube rack|lab coat;scalpel|shrink-wrapped kit;cabinet key;head torch;assembly bench|sensor probe|probe tip|probe cable;incubator|cryo box|culture flask;distilled water|water still|beaker|wash basin;lead researcher|signed permit;centrifuge|breaker panel|spun sample;sample tray|slide box|vial case|data logger;soil sample|sample bag;digital thermometer|water sample|acidity|pH units|3|11
archive;an archive;archivist,librarian,historian,clerk,scholar,reader;reading room|stacks|vault|bindery;map drawer|filing cabinet|document box;ledger|quill|magnifier|ink pot|catalogue card|blotter;letter opener|sealed envelope;vault key;reading lamp;binding press|bound volume|loose pages|leather cover;drying cabinet|climate case|damp folio;archival glue|glue pot|brush jar|paste tray;head archivist|overdue book;microfilm reader|power strip|film printout;book trolley|atlas|encyclopedia|pamphlet;index card|card tray;page counter|old manuscript|page count|pages|40|400
garage;a garage;mechanic,driver,engineer,plumber,racer,handyman;workshop|parts room|paint bay|forecourt;toolbox|parts bin|oil cabinet;spark plug|tyre gauge|rag|socket wrench|fan belt|wiper blade;box cutter|taped carton;padlock key;work light;welding bench|exhaust pipe|pipe bend|pipe clamp;paint oven|chiller unit|freshly painted hood;engine oil|oil drum|oil can|engine sump;shop foreman|receipt book;hydraulic lift|fuse box|raised car;tyre stand|rim|tyre|hubcap;wheel nut|nut tray;dipstick|fuel tank|fuel level|litres|5|60
greenhouse;a greenhouse;gardener,botanist,farmer,florist,grower,camper;potting shed|seedling house|palm house|compost yard;seed tin|tool chest|bulb crate;trowel|seed packet|watering rose|plant label|hand fork|twine ball;pruning shears|netted sack;shed key;hurricane lamp;potting bench|hanging basket|wire frame|moss lining;heat mat|cold frame|seed tray;rainwater|rain barrel|watering can|raised bed;head gardener|bag of bone meal;irrigation pump|pump switch|jet of water;plant stand|clay pot|terracotta pot|hanging pot;tulip bulb|bulb basket;rain gauge|soil bed|moisture|percent|10|90
museum;a museum;curator,guide,historian,collector,restorer;entrance hall|gallery|restoration room|storeroom;display case|plan chest|packing case;white gloves|catalogue|brush set|magnifying loupe|visitor badge|cotton swab;crowbar|crated statue;display key;flashlight;restoration table|mended vase|vase shard|vase base;kiln|climate vault|clay figure;varnish|varnish tin|dropper bottle|cleaning dish;museum director|loan form;freight elevator|service panel|lifted crate;plinth|bronze bust|marble head|small idol;ancient coin|coin tray;calipers|stone tablet|width|centimetres|10|80
hospital;a hospital ward;nurse,doctor,medic,paramedic,surgeon,carer;ward|supply room|pharmacy|sluice room;medicine cabinet|linen cupboard|sharps drawer;bandage roll|thermometer|clipboard|pill box|saline bag|face mask;trauma shears|sterile pack;drug cabinet key;pen torch;dispensing counter|first aid kit|gauze pad|tape roll;warming cabinet|vaccine fridge|blanket bundle;saline solution|saline dispenser|kidney dish|basin stand;ward sister|patient chart;autoclave|mains isolator|sterilised tray;instrument trolley|steel tray|gauze box|tray cover;blood sample|sample rack;blood pressure cuff|patient record|pressure|mmHg|80|180
observatory;an observatory;astronomer,stargazer,physicist,scientist;dome room|control room|library nook|roof deck;star chart drawer|lens case|instrument locker;star atlas|eyepiece|notebook|red torch|pencil case|filter wheel;screwdriver|sealed crate;dome key;night lamp;optics bench|finder scope|scope tube|scope lens;dew heater|cooling jacket|camera sensor;coolant|coolant tank|squeeze bottle|cooling reservoir;night observer|star log;dome motor|dome breaker|open shutter;mount base|counterweight|mount head|camera body;photo plate|plate box;spectrometer|starlight sample|wavelength|nanometres|400|700
farm;a farm;farmer,shepherd,rancher,cowboy,milker;farmyard|barn|hayloft|dairy;feed bin|grain chest|tack box;pitchfork|egg basket|halter|hoof pick|salt lick|sheep bell;hay knife|baled hay;barn key;barn lantern;cart bench|cart wheel|wheel rim|wheel spokes;smokehouse|cool cellar|ham hock;fresh milk|milk cooler|milk pail|cheese vat;farmhand|bag of seed;threshing machine|barn switch|sack of grain;hay wagon|hay bale|straw bale|feed sack;hen egg|egg crate;weighing scale|prize pig|weight|kilograms|60|200
castle;a castle;knight,king,queen,royal,guard,soldier;great hall|armoury|kitchen tower|dungeon;oak chest|weapon rack|spice cupboard;goblet|tapestry|candlestick|banner|gauntlet|horn;dagger|barred coffer;iron key;torch;smithing anvil|forged helm|helm plate|helm visor;hearth|ice pit|haunch of venison;mead|mead barrel|drinking horn|feast table;castle steward|royal seal;portcullis winch|winch lever|raised gate;shield wall|round shield|kite shield|tower shield;silver coin|coin purse;plumb bob|castle wall|height|feet|20|90
library;a library;librarian,reader,student,teacher,writer,scholar;lending hall|reading room|periodicals|basement store;returns box|card cabinet|rare books case;bookmark|library card|novel|reading glasses|date stamp|magazine;paper knife|sealed parcel;rare books key;desk lamp;repair desk|rebound book|book block|cloth spine;book dryer|cool press|wet paperback;book glue|glue jar|glue brush|spine tray;head librarian|lost umbrella;book lift|lift button|book delivery;returns trolley|dictionary|thesaurus|almanac;returned book|returns crate;ruler|old atlas|thickness|millimetres|20|90
mine;a mine;miner,geologist,digger,prospector,engineer;mine entrance|lamp room|tunnel|ore chamber;powder box|tool crate|ore bin;pickaxe|hard hat|canary cage|chalk|coil of fuse|water flask;rock chisel|boarded shaft;powder key;carbide lamp;forge bench|mining drill|drill bit|drill handle;smelter|quench tank|iron ingot;mine water|sump|tin pail|washing sluice;mine foreman|shift token;ore cart winch|winch switch|ore load;timber prop|beam|crossbeam|pit prop;gold nugget|ore sack;assay balance|ore sample|purity|percent|10|95
cafe;a cafe;barista,waiter,cafe,coffee,server,student;counter|kitchen|stockroom|terrace;bean tin|cake cabinet|cup cupboard;saucer|menu card|milk jug|tea towel|sugar bowl|napkin holder;box knife|sealed coffee sack;till key;candle lantern;prep counter|club sandwich|bread slices|sandwich filling;espresso machine|cake fridge|cheese toastie;cold milk|milk fridge|steaming jug|coffee urn;cafe owner|delivery note;bean grinder|counter switch|ground coffee;serving tray|tea cup|coffee cup|espresso cup;coffee bean|bean scoop;milk thermometer|latte|temperature|degrees|40|80
school;a school;teacher,student,pupil,parent,tutor,professor;classroom|staff room|gym|art room;supply cupboard|lost property box|exam drawer;chalk box|exercise book|globe|pencil pot|ruler|school bell;scissors|taped box;staff room key;desk lamp;craft table|paper kite|kite paper|kite string;kiln|freezer box|clay pot;poster paint|paint tub|paint pot|mixing palette;head teacher|permission slip;photocopier|copier switch|stack of copies;book shelf|atlas|workbook|folder;crayon|crayon box;measuring tape|gym mat|length|centimetres|100|300
kitchen;a home kitchen;home cook,parent,cook,chef,foodie;kitchen|pantry|dining room|utility room;cookie jar|spice rack|bread box;wooden spoon|tea towel|colander|whisk|egg cup|cookbook;kitchen knife|vacuum-packed cheese;pantry key;torch;worktop|fruit salad|sliced apple|sliced pear;stove|freezer|pot of soup;tap water|kitchen tap|measuring jug|stock pot;neighbour|borrowed cup;food processor|plug socket|chopped onion;plate rack|dinner plate|side plate|soup bowl;cherry tomato|fruit bowl;kitchen scale|bag of rice|weight|grams|100|900
station;a railway station;conductor,traveller,commuter,driver,engineer,tourist;concourse|platform|ticket office|signal box;luggage locker|ticket drawer|parcel cage;timetable|ticket|suitcase|umbrella|newspaper|whistle;bolt cutter|strapped trunk;locker key;signal lamp;repair bench|signal flag|flag pole|flag cloth;boiler|cold store|kettle of tea;water|water tower|water bucket|engine tender;station master|lost ticket;points lever|signal box switch|switched points;luggage trolley|trunk|valise|hatbox;parcel|parcel sack;pocket watch|train timetable|delay|minutes|2|45
theatre;a theatre;actor,director,stagehand,singer,dancer,artist;stage|dressing room|prop store|fly gallery;costume trunk|prop cupboard|makeup case;script|fan|feather boa|stage wig|mask|powder puff;seam ripper|sewn sack;prop store key;spotlight;prop table|stage crown|crown band|paste jewels;drying cabinet|cold room|wet costume;stage blood|blood jar|prop goblet|prop cauldron;stage manager|signed contract;curtain motor|house switch|raised curtain;prop tower|prop chair|prop crate|prop stool;ticket stub|ticket box;stopwatch|rehearsal|running time|minutes|60|180
lighthouse;a lighthouse;keeper,sailor,fisher,coastguard,captain;lamp room|keeper's cottage|oil store|gallery;oil cabinet|chart chest|supply crate;logbook|brass polish|spyglass|foghorn|wick trimmer|tide table;wire cutters|wired crate;oil store key;hand lantern;workbench|lamp wick|wick cord|wick holder;stove|cold pantry|kettle of cocoa;lamp oil|oil tank|oil can|lamp reservoir;lighthouse keeper|fresh wick;lamp motor|lamp switch|turning lamp;gallery rail|brass cap|lens ring|glass chimney;clam shell|shell bucket;barometer|sea air|air pressure|millibars|950|1050
clinic;a veterinary clinic;vet,veterinarian,animal lover,pet owner,carer;waiting room|surgery|kennel room|store;drug cupboard|kennel locker|food bin;leash|pet collar|chew toy|brush|ear drops|muzzle;surgical scissors|sealed bandage pack;cupboard key;exam light;prep bench|splint|splint board|splint tape;heat lamp|cooler box|puppy blanket;antiseptic|antiseptic jug|dosing cup|wash tub;vet nurse|vaccination card;x-ray machine|mains switch|x-ray film;cage rack|small cage|carrier|pet bed;dog biscuit|treat jar;pet scale|labrador|weight|kilograms|10|45
submarine;a submarine;submariner,sailor,navy,engineer,diver;control room|torpedo room|engine room|crew quarters;locker|chart safe|ammo box;headset|sonar log|periscope cap|coffee flask|torch battery|signal flare;hacksaw|welded hatch;safe key;dive torch;engineering bench|air filter|filter cartridge|filter housing;galley heater|cold locker|ration pack;ballast water|seacock|ballast bucket|trim tank;chief engineer|repair order;air compressor|main breaker|compressed air;bunk stack|mattress|kit bag|blanket roll;depth charge|charge rack;depth gauge|hull|depth|metres|20|300
circus;a circus;clown,acrobat,juggler,ringmaster,performer;big top|animal tent|costume wagon|backyard;prop trunk|costume rail box|ticket tin;juggling club|red nose|top hat|unicycle seat|whip|spangled cape;hacksaw|chained trunk;wagon key;paraffin lamp;prop bench|juggling torch|torch head|torch handle;popcorn maker|ice box|tray of toffee apples;lemonade|lemonade barrel|paper cup|punch bowl;ringmaster|silk scarf;cannon winch|ring switch|launched clown;acrobat frame|drum|pedestal|ball;peanut|peanut sack;tape measure|tightrope|length|metres|5|30
spaceship;a spaceship;astronaut,pilot,engineer,scientist,space;bridge|cargo bay|med bay|airlock;storage locker|tool cabinet|ration crate;datapad|oxygen mask|star map|ration bar|wrench|helmet visor;laser cutter|sealed pod;keycard;suit light;fabricator bench|repair drone|drone shell|drone core;reactor oven|cryo unit|algae sample;coolant|coolant tank|coolant flask|radiator tank;science officer|signal crystal;cargo lift|power coupling|lifted cargo;cargo rack|cargo cube|supply drum|seed vault;fuel cell|cell dock;scanner|asteroid sample|density|g per cm3|2|9
winery;a winery;winemaker,sommelier,vintner,grower,farmer;tasting room|cellar|press house|vineyard;barrel rack|bottle crate|cork box;corkscrew|wine glass|grape basket|funnel|tasting notes|label roll;pruning knife|wired crate;cellar key;candle lantern;bottling bench|corked bottle|empty bottle|cork;warming room|chilling room|bottle of rosé;wine|wine barrel|decanter|blending vat;cellar master|order slip;grape press|press switch|pressed juice;wine rack|magnum|bottle|half bottle;grape bunch|picking crate;hydrometer|grape must|sugar level|Brix|15|30
lumbermill;a lumber mill;carpenter,woodworker,logger,lumberjack,builder;log yard|saw shed|drying loft|office;tool chest|nail keg|plank crate;mallet|plane|chisel|sawdust broom|tally sheet|pencil;hand saw|lashed bundle;office key;lantern;joinery bench|wooden stool|stool seat|stool legs;drying kiln|sawdust pit|green plank;linseed oil|oil barrel|oil pot|soaking tub;mill foreman|delivery order;band saw|saw isolator|cut beam;timber stack|oak plank|pine plank|birch plank;wood shaving|shavings sack;measuring stick|log|length|metres|2|12
laundry;a laundromat;cleaner,housekeeper,launderer,student,parent;shop front|wash room|drying room|back office;sock bin|supply shelf box|lost and found crate;clothes peg|iron|laundry bag|coat hanger|lint brush|sock;seam cutter|tied bundle;office key;torch;sewing table|patched shirt|shirt|patch;tumble dryer|cold rinse tank|wet towel;detergent|detergent tank|measuring cup|wash tub;shop owner|lost sock;washing machine|coin switch|clean sheets;folding table|folded sheet|folded towel|pillowcase;button|button jar;tape measure|tablecloth|length|centimetres|100|300
airport;an airport;pilot,traveller,tourist,attendant,businessman;departures hall|gate|baggage room|lounge;baggage locker|lost luggage bin|duty-free case;boarding pass|passport|neck pillow|travel mug|luggage tag|headphones;box cutter|shrink-wrapped suitcase;locker key;flashlight;repair desk|luggage handle|handle grip|handle frame;food warmer|drinks chiller|airline meal;jet fuel|fuel bowser|fuel can|aircraft tank;gate agent|missing passport;baggage belt|belt switch|arrived suitcase;baggage cart|suitcase|holdall|garment bag;lost glove|lost property tray;luggage scale|checked bag|weight|kilograms|10|32
temple;a temple;monk,priest,pilgrim,nun,spiritual,yoga;courtyard|shrine|scriptorium|bell tower;offering chest|scroll case|incense box;prayer beads|incense stick|bell|scroll|lotus flower|singing bowl;ritual knife|sealed urn;shrine key;butter lamp;altar table|prayer wheel|wheel drum|wheel spindle;brazier|spring house|bowl of rice;holy water|sacred spring|water ewer|font;old monk|prayer flag;bell winch|rope lever|ringing bell;stupa plinth|stone disc|stone ring|stone cap;rice cake|offering plate;sundial|temple courtyard|hour|o'clock|1|12
zoo;a zoo;zookeeper,keeper,vet,animal lover,child;visitor path|reptile house|food prep room|keeper's hut;feed locker|tool box|fish bucket box;shovel|hose|feeding chart|keeper's cap|brush|whistle;bolt cutters|chained crate;keeper's key;torch;enrichment bench|puzzle feeder|feeder ball|feeder treats;heat lamp|chiller|fish fillet;pond water|pond pump|feeding bucket|water trough;head keeper|vet report;food conveyor|conveyor switch|hay delivery;rock pile|flat rock|round stone|small pebble;banana|banana crate;animal scale|tortoise|weight|kilograms|10|200
festival;a music festival;musician,fan,dj,roadie,singer,guitarist;main stage|backstage|merch tent|camp field;flight case|merch box|cable trunk;guitar pick|wristband|setlist|drumstick|ear plugs|glow stick;gaffer knife|taped case;backstage pass key;glow lantern;tech table|guitar lead|jack plug|cable;food truck grill|cooler van|veggie burger;lemonade|drinks tank|paper jug|punch bowl;tour manager|signed poster;smoke machine|stage switch|cloud of smoke;speaker stack|amp|speaker|subwoofer;festival badge|badge tin;sound meter|crowd noise|loudness|decibels|70|110
embassy;an embassy;diplomat,official,ambassador,politician,clerk;reception|archive room|ambassador's office|courtyard;document safe|stamp drawer|flag cabinet;rubber stamp|fountain pen|visa form|flag pin|briefcase|name card;letter opener|sealed pouch;safe key;desk lamp;signing desk|treaty|treaty draft|seal ribbon;tea urn|wine cooler|pot of tea;ink|ink bottle|ink well|inkstand;consul|stamped visa;shredder|office switch|shredded paper;document tray|dossier|report|memo;passport photo|photo envelope;postal scale|diplomatic bag|weight|grams|200|2000
forge;a smithy;blacksmith,smith,metalworker,welder,armourer;forge floor|coal store|quench room|yard;nail box|coal bunker|iron chest;tongs|hammer|file|leather apron|horseshoe|nail;bolt cutter|banded crate;iron chest key;forge lamp;anvil|iron gate hinge|hinge pin|hinge leaf;forge hearth|quench trough|iron bar;quench oil|oil vat|oil ladle|quench bucket;farrier|horse blanket;power hammer|hammer lever|flattened bar;rack|sword blank|axe head|spear tip;rivet|rivet pot;calipers|iron rod|diameter|millimetres|5|40
beach;a beach resort;surfer,tourist,swimmer,lifeguard,camper,child;beach|boardwalk|beach hut|rock pools;cool box|towel chest|toy bucket box;sun hat|beach towel|flip flop|sunscreen|sand spade|snorkel;pocket knife|knotted net;beach hut key;beach lantern;sandcastle table|kite|kite sail|kite frame;barbecue|ice box|corn cob;sea water|tide pool|sand bucket|moat;lifeguard|lost sandal;ice cream cart|cart switch|ice cream cone;deck chair stack|deck chair|sun lounger|beach mat;seashell|shell pail;thermometer|sea|water temperature|degrees|12|28
studio;an art studio;artist,painter,sculptor,designer,illustrator,student;studio|framing room|storeroom|balcony;paint box|canvas crate|brush drawer;palette|easel peg|sketchbook|charcoal stick|paint rag|smock;craft knife|wrapped canvas;storeroom key;daylight lamp;framing bench|framed print|print|picture frame;drying rack|cold cupboard|wet canvas;turpentine|turpentine can|rinse jar|wash sink;gallery owner|price list;printing press|press switch|fresh print;plinth|small sculpture|clay head|plaster cast;paint tube|tube tray;colour meter|painting|brightness|lux|100|900
hotel;a hotel;concierge,receptionist,porter,maid,housekeeper,tourist;lobby|luggage room|laundry room|roof terrace;key cabinet|minibar|linen trunk;room key card|guest book|bell|luggage tag|doorstop|pillow mint;letter opener|sealed package;storeroom key;night light;service counter|welcome basket|basket|welcome card;warming drawer|ice machine|room service tray;spring water|water cooler|carafe|ice bucket;night porter|lost room key;luggage lift|lift switch|delivered trunk;bellhop cart|trunk|valise|hatbox;towel|towel cart;thermostat|guest room|room temperature|degrees|16|26
police;a police station;detective,officer,policeman,investigator,guard;front desk|evidence room|interview room|cells;evidence locker|file cabinet|property box;notepad|handcuffs|badge|radio|fingerprint card|mug shot;evidence knife|sealed evidence bag;evidence key;flashlight;case board|case file|witness statement|photo evidence;coffee machine|evidence fridge|cold coffee;coffee|coffee pot|mug|thermos;desk sergeant|signed warrant;shredder|power switch|shredded memo;filing stack|case box|archive box|report box;clue|clue box;magnifier|fingerprint|ridge count|ridges|10|30
pharmacy;a pharmacy;pharmacist,chemist,doctor,nurse,carer;shop counter|dispensary|stockroom|back office;pill drawer|shelf cabinet|controlled drugs safe;pill bottle|prescription|cough syrup|plaster box|spoon|label printer;blister cutter|shrink-wrapped carton;safe key;counter lamp;compounding bench|ointment|base cream|active powder;warming plate|medicine fridge|vial of insulin;syrup|syrup drum|measuring bottle|mixing bowl;pharmacist|prescription note;pill counter|counter switch|counted pills;stock shelf|pill box|syrup box|bandage box;vitamin|vitamin jar;pill scale|tablet|mass|milligrams|50|500
orchard;an orchard;farmer,grower,gardener,picker,cider;orchard path|packing shed|cider barn|cold store;apple crate|tool box|ladder locker;ladder|picking bag|pruning saw|secateurs|apple label|straw hat;grafting knife|netted bale;barn key;lantern;grafting bench|grafted sapling|rootstock|scion;drying oven|cold store bin|apple crisps;cider|cider vat|jug|cider barrel;orchard owner|basket of pears;cider press|press switch|pressed cider;apple crate stack|crate of apples|crate of pears|crate of plums;windfall apple|apple bucket;refractometer|apple juice|sweetness|Brix|8|20
workshop;a woodworker's workshop;carpenter,maker,woodworker,hobbyist,craftsman;workshop|timber store|finishing room|yard;drawer unit|tool cabinet|offcut bin;sandpaper|clamp|wood glue|tape measure|pencil|dust mask;hand saw|strapped pallet;cabinet key;work lamp;joinery bench|birdhouse|birdhouse walls|birdhouse roof;glue oven|cold shelf|glued joint;varnish|varnish tin|brush pot|dipping tray;neighbour|borrowed drill;lathe|lathe switch|turned bowl;sawhorse|plank|board|beam;screw|screw jar;spirit level|shelf|tilt|degrees|1|10
market;a market;trader,shopper,vendor,cook,merchant,shopkeeper;market square|fish stall|spice stall|storehouse;cash box|spice crate|produce crate;shopping bag|price tag|coin purse|paper bag|apron|receipt;cleaver|tied sack;storehouse key;stall lantern;stall counter|fruit hamper|hamper|fruit selection;roasting drum|ice bed|roasted chestnuts;olive oil|oil amphora|oil flask|oil jar;spice merchant|bag of saffron;juicer|stall switch|orange juice;produce stack|melon|pumpkin|cabbage;orange|fruit crate;balance scale|bag of spice|weight|grams|100|1000
camp;a campsite;camper,hiker,scout,explorer,outdoor,adventurer;campfire clearing|tent|woodpile|stream bank;rucksack|food barrel|gear bag;tent peg|sleeping bag|tin cup|compass|map case|matchbox;hatchet|lashed bundle;barrel key;head torch;log table|raft|raft logs|raft rope;campfire|stream cooler|pot of beans;stream water|spring|billy can|washing bowl;park ranger|camping permit;water filter|pump handle|clean water;stone cairn|large stone|medium stone|small stone;pine cone|pine cone bag;thermometer|stream|water temperature|degrees|5|18
office;an office;office worker,manager,clerk,accountant,secretary,analyst;open office|meeting room|print room|kitchenette;filing cabinet|supply cupboard|desk drawer;stapler|sticky notes|pen cup|calculator|mouse mat|lanyard;scissors|taped box;filing key;desk lamp;assembly desk|shelf unit|shelf panel|shelf bracket;microwave|office fridge|lunch box;coffee|coffee machine|coffee mug|water dispenser;office manager|expense form;printer|printer switch|printed report;letter tray|binder|folder|notepad;paper clip|clip tray;timer|meeting|duration|minutes|15|90
aquarium;an aquarium;marine biologist,diver,aquarist,keeper,child;tunnel|quarantine room|filter room|gift shop;fish food locker|net cupboard|coral crate;fish net|algae scraper|test kit|coral frag|snorkel|fish card;dive knife|bagged coral;locker key;blue lamp;rock bench|coral reef piece|live rock|coral plug;heater tank|chiller tank|tropical fish bag;salt water|salt water tap|fish bag|reef tank;head aquarist|feeding schedule;wave maker|pump switch|wave;rock stack|flat stone|live rock slab|shell ornament;starfish|starfish tub;salinity meter|reef tank water|salinity|ppt|30|36
`

/**
 * Themes only the test split uses, so test worlds measure generalisation to vocabularies no
 * train world has (issue 14, point 5).
 */
const TEST_TABLE = `
bazaar;a desert bazaar;merchant,nomad,trader,traveller,caravan;souk|carpet stall|caravanserai|well court;brass chest|carpet roll box|date crate;hookah|tasselled cushion|camel bell|brass tray|incense burner|silk slipper;curved blade|roped bale;caravan key;brass lamp;weaving frame|woven rug|wool skein|loom cord;tandoor|cool jar|flatbread;date syrup|syrup jar|clay flask|copper basin;caravan leader|bolt of silk;water wheel|wheel lever|raised water;cushion pile|floor cushion|bolster|pouf;saffron thread|spice pouch;steelyard|bale of wool|weight|ratls|5|60
glacier;a glacier research hut;polar,glaciologist,explorer,climber,researcher;hut|ice cave|snow store|radio shack;sledge box|survival chest|core case;ice axe|snow goggles|crampon|mitten|ration tin|radio log;ice saw|frozen hatch;chest key;storm torch;sledge bench|snow anchor|anchor plate|anchor cable;paraffin heater|snow pit|ice core;meltwater|melt tank|flask|snow melter;expedition leader|weather report;generator|choke lever|electric hum;snow block stack|snow block|ice brick|packed snow cube;ice crystal|sample jar;anemometer|blizzard|wind speed|knots|20|90
jungle;a jungle outpost;explorer,botanist,guide,ranger,adventurer;clearing|river landing|canopy platform|supply hut;supply trunk|specimen box|medicine chest;machete sheath|bush hat|binoculars|insect net|quinine bottle|hammock;machete|vine-bound crate;trunk key;kerosene lamp;lashing table|rope bridge|bridge planks|bridge vines;smoke pit|river cooler|smoked fish;river water|river pump|gourd|water butt;village elder|carved mask;river winch|winch brake|hauled canoe;totem base|carved drum|stone idol|wooden bird;cocoa pod|cocoa basket;rain gauge|downpour|rainfall|millimetres|10|120
clocktower;a clock tower;clockmaker,watchmaker,engineer,tinkerer;clock face room|gear loft|bell chamber|stair landing;parts drawer|spring case|oil box;gear wheel|pendulum bob|brass oil can|winding crank|escapement|loupe;watch screwdriver|soldered case;tower key;wick lamp;clockwork bench|cuckoo bird|bird body|bird spring;annealing stove|quench bath|mainspring;clock oil|oil reservoir|oil needle|oil cup;tower warden|winding schedule;bell motor|bell switch|striking bell;gear stack|great wheel|centre wheel|pinion;cog|cog tin;pendulum counter|pendulum|swing period|seconds|1|4
monastery;a mountain monastery;monk,scribe,brewer,pilgrim,hermit;cloister|brewhouse|scriptorium|herb garden;alms box|herb chest|vestment press;rosary|vellum|quill pen|herb bundle|candle stub|prayer book;pen knife|waxed coffer;cloister key;rush light;lectern|illuminated page|blank vellum|gold leaf;brewing copper|spring cellar|wort;ale|ale cask|tankard|font basin;abbot|copied psalter;grain mill|mill sluice|milled flour;bookstand|tome|psalter|missal;chestnut|alms bowl;hourglass|vespers|duration|hours|1|6
racetrack;a racetrack pit lane;racer,driver,mechanic,engineer,fan;pit garage|pit wall|tyre store|paddock;tyre blanket box|parts crate|fuel locker;lug wrench|helmet|radio headset|stopwatch|pit board|torque wrench;tin snips|banded tyre;fuel locker key;pit lamp;setup bench|front wing|wing plate|wing strut;tyre warmer|ice bath|racing slick;race fuel|fuel rig|fuel jerry can|car tank;crew chief|team pass;air jack|jack valve|lifted car;tyre stack|soft tyre|medium tyre|hard tyre;wheel bolt|bolt tray;tyre gauge|slick|tyre pressure|psi|18|30
puppetry;a puppet theatre;puppeteer,performer,artist,child,storyteller;stage booth|workshop loft|costume nook|foyer;puppet trunk|string box|paint chest;marionette|glove puppet|string reel|felt scrap|button eye|velvet drape;thread snips|stitched sack;trunk key;footlight;carving bench|dragon puppet|dragon head|dragon tail;glue heater|cool shelf|papier-mache head;gesso|gesso pot|dipping cup|casting mould;puppet master|story scroll;curtain crank|crank brake|parted curtain;puppet stand|wooden king|wooden queen|wooden jester;sequin|sequin tin;string gauge|marionette string|length|centimetres|20|120
volcano;a volcano observatory;volcanologist,geologist,scientist,researcher;monitoring hut|crater rim|sample shed|lava tube;rock sample box|gas mask locker|sensor crate;gas mask|rock hammer|heat glove|field radio|sulphur chunk|obsidian flake;diamond saw|fused canister;locker key;miner's lamp;sensor bench|seismic node|node casing|node battery;sample furnace|cold trap|basalt chip;spring water|hot spring|sample flask|cooling trough;station chief|eruption log;gas pump|pump breaker|gas sample;cairn base|basalt block|pumice block|tuff block;lava bead|bead pouch;seismometer|tremor|magnitude|units|1|6
`

function parseTable(table: string): Theme[] {
  return table
    .trim()
    .split('\n')
    .map((line) => {
      const f = line.split(';')
      const parts = (i: number) => (f[i] ?? '').split('|')
      const [tool, sealed] = parts(6)
      const [bench, product, p1, p2] = parts(9)
      const [heater, cooler, heatable] = parts(10)
      const [liquid, source, vessel, basin] = parts(11)
      const [character, gift] = parts(12)
      const [machine, sw, output] = parts(13)
      const [base, s1, s2, s3] = parts(14)
      const [collectible, bin] = parts(15)
      const [gauge, measured, quantity, unit, lo, hi] = parts(16)
      return {
        id: f[0]!,
        place: f[1]!,
        keywords: (f[2] ?? '').split(','),
        rooms: parts(3) as Theme['rooms'],
        containers: parts(4) as Theme['containers'],
        items: parts(5),
        tool: tool!,
        sealed: sealed!,
        key: f[7]!,
        lamp: f[8]!,
        bench: bench!,
        product: product!,
        parts: [p1!, p2!],
        heater: heater!,
        cooler: cooler!,
        heatable: heatable!,
        liquid: liquid!,
        source: source!,
        vessel: vessel!,
        basin: basin!,
        character: character!,
        gift: gift!,
        machine: machine!,
        switch: sw!,
        output: output!,
        base: base!,
        stackables: [s1!, s2!, s3!],
        collectible: collectible!,
        bin: bin!,
        gauge: gauge!,
        measured: measured!,
        quantity: quantity!,
        unit: unit!,
        range: [Number(lo), Number(hi)],
      }
    })
}

/** Themes of train and dev worlds. */
export const TRAIN_THEMES: readonly Theme[] = parseTable(TABLE)
/** Themes held out for the test split. */
export const TEST_THEMES: readonly Theme[] = parseTable(TEST_TABLE)
export const THEMES: readonly Theme[] = [...TRAIN_THEMES, ...TEST_THEMES]

const BY_ID = new Map(THEMES.map((t) => [t.id, t]))

/** The theme with this id, or a usage error listing the ids. */
export function themeById(id: string): Theme {
  const theme = BY_ID.get(id)
  if (theme) return theme
  throw new RefineryError('invalid_input', `There is no theme '${id}'.`, {
    hint: `Use one of: ${[...BY_ID.keys()].sort().join(', ')}.`,
  })
}

/**
 * The theme a persona suggests: the theme whose keywords the persona names most (earlier
 * keywords weigh more), else one picked by a hash of the persona. Deterministic; `pool`
 * limits the choice (a test-split world takes a test theme).
 */
export function themeForPersona(persona: string, pool: readonly Theme[] = TRAIN_THEMES): Theme {
  if (pool.length === 0) throw new RangeError('themeForPersona: empty pool')
  const words = ` ${persona.toLowerCase().replace(/[^a-z' -]+/g, ' ')} `
  let best: Theme | undefined
  let bestScore = 0
  for (const theme of pool) {
    let score = 0
    theme.keywords.forEach((k, i) => {
      if (words.includes(` ${k} `) || words.includes(` ${k}s `)) score += 10 - Math.min(i, 9)
    })
    if (score > bestScore) {
      best = theme
      bestScore = score
    }
  }
  return best ?? rngStream(persona, 'persona-theme').pick(pool)
}
