import { catchRefineryError } from '@refinery/core/testing'
import { describe, expect, it } from 'vitest'
import { compileWorld, WorldEngine } from '../engine'
import { WorldSpec } from '../spec'
import { checkSemantics } from '../validate/semantic'
import { agentboardProblems, readAgentboard } from './__fixtures__/agentboard'
import { convertPddl, importPddl, pddlConverter } from './convert'
import { parsePddlDomain, parsePddlProblem } from './parse'
import { toPddlAction } from './to-pddl'
import { type AgentboardDomain, agentboardImportOptions, agentboardVerbaliser } from './verbalise'

const fixture = (path: string) => {
  const [domain, file] = path.split('/') as [AgentboardDomain, string]
  return readAgentboard(domain, file)
}

const LIGHTS_DOMAIN = `; lights: ADL features the importer maps
(define (domain lights)
  (:requirements :strips :typing :negative-preconditions :equality :conditional-effects :adl)
  (:types room switch - object lamp - device device)
  (:constants main - switch)
  (:predicates (on ?d - device) (in ?d - device ?r - room) (at ?r - room)
               (wired ?s - switch ?d - device) (broken ?d - device))
  (:action walk :parameters (?from ?to - room)
     :precondition (and (at ?from) (not (= ?from ?to)))
     :effect (and (not (at ?from)) (at ?to)))
  (:action flip :parameters (?s - switch ?r - room)
     :precondition (and (at ?r) (or (= ?s main) (exists (?d - device) (and (wired ?s ?d) (in ?d ?r)))))
     :effect (forall (?d - device) (when (and (wired ?s ?d) (not (broken ?d))) (on ?d))))
  (:action fix :parameters (?d - (either lamp room))
     :precondition (broken ?d)
     :effect (not (broken ?d)))
  (:action toggle :parameters (?d - lamp)
     :precondition (imply (broken ?d) (on ?d))
     :effect (and (when (on ?d) (not (on ?d))) (when (not (on ?d)) (on ?d)))))`

const LIGHTS_PROBLEM = `(define (problem evening) (:domain LIGHTS)
  (:objects hall kitchen - room s1 - switch l1 l2 - lamp)
  (:init (at hall) (in l1 kitchen) (in l2 kitchen) (wired s1 l1) (wired s1 l2) (broken l2))
  (:goal (and (on l1) (on l2) (not (broken l2)))))`

describe('importPddl', () => {
  it('maps typing, constants, quantifiers, equality and conditional effects onto a playable world', () => {
    const spec = importPddl(LIGHTS_DOMAIN, LIGHTS_PROBLEM)
    expect(checkSemantics(spec)).toEqual([])
    expect(spec.types).toEqual([
      { name: 'room' },
      { name: 'switch' },
      { name: 'lamp', parent: 'device' },
      { name: 'device' },
    ])
    expect(spec.entities.map((e) => `${e.id}:${e.type}`)).toEqual([
      'main:switch',
      'hall:room',
      'kitchen:room',
      's1:switch',
      'l1:lamp',
      'l2:lamp',
    ])
    expect(spec.goal.subgoals.map((s) => s.description)).toEqual([
      'l1 is on.',
      'l2 is on.',
      'It is not the case that l2 is broken.',
    ])

    const engine = new WorldEngine(compileWorld(spec))
    engine.reset()
    // flip needs the agent in the room of a wired device (or the main switch).
    expect(engine.step({ schema: 'flip', args: ['s1', 'kitchen'] }).status).toBe(
      'precondition_failed',
    )
    expect(engine.step({ schema: 'walk', args: ['hall', 'hall'] }).observation).toBe(
      'You cannot do that now. Required: hall is not hall.',
    )
    expect(engine.step({ schema: 'walk', args: ['hall', 'kitchen'] }).status).toBe('ok')
    // either: fix takes a lamp or a room, and the type check comes first.
    expect(engine.step({ schema: 'fix', args: ['s1'] }).status).toBe('invalid_argument')
    expect(engine.step({ schema: 'fix', args: ['l2'] }).status).toBe('ok')
    const flip = engine.step({ schema: 'flip', args: ['s1', 'kitchen'] })
    expect(flip.observation).toBe('l1 is on.\nl2 is on. The goal is satisfied.')
    expect(flip.success).toBe(true)
  })

  it('reads conditional effects in the state before the action, as PDDL does', () => {
    const spec = importPddl(LIGHTS_DOMAIN, LIGHTS_PROBLEM)
    const engine = new WorldEngine(compileWorld(spec))
    engine.reset()
    expect(engine.step({ schema: 'toggle', args: ['l1'] }).observation).toBe('l1 is on.')
    expect(engine.step({ schema: 'toggle', args: ['l1'] }).status).toBe('ok')
    expect(engine.describe()).not.toContain('l1 is on.')
  })

  it('writes blockworld the way AgentBoard does', () => {
    const spec = importPddl(
      fixture('blockworld/domain.pddl'),
      fixture('blockworld/problem1.pddl'),
      {
        verbaliser: agentboardVerbaliser('blockworld'),
      },
    )
    const engine = new WorldEngine(compileWorld(spec))
    const first = engine.reset()
    expect(first.instruction).toBe(
      'The goal is to satisfy the following conditions: b2 is on b1., b3 is on b2.',
    )
    expect(first.observation).toMatchInlineSnapshot(`
      "Your arm is empty.
      The b2 is clear.
      b2 is on b3.
      b3 is on b1.
      b1 is on the table."
    `)
    expect(engine.validActions()).toEqual([
      'check valid actions',
      'help',
      'look',
      'unstack b2 from b3',
    ])
    expect(spec.actions.find((a) => a.name === 'unstack')?.synonyms).toEqual([
      'unstack {ob} {underob}',
    ])
  })

  it('can reproduce AgentBoard: full state as feedback, progress as the best share of goal literals', () => {
    const spec = importPddl(
      fixture('blockworld/domain.pddl'),
      fixture('blockworld/problem1.pddl'),
      agentboardImportOptions('blockworld'),
    )
    expect(checkSemantics(spec)).toEqual([])
    const engine = new WorldEngine(compileWorld(spec))
    const look = engine.reset().observation
    const steps = [
      ['unstack', 'b2', 'b3'],
      ['putdown', 'b2'],
      ['unstack', 'b3', 'b1'],
      ['stack', 'b3', 'b2'],
    ] as const
    let last = ''
    for (const [schema, ...args] of steps) last = engine.step({ schema, args }).observation
    expect(last).toBe(engine.meta('look'))
    expect(last).not.toBe(look)
    expect(engine.progress).toBe(0.5)
    // Undoing the goal literal does not lower progress, and does not raise it either.
    engine.step({ schema: 'unstack', args: ['b3', 'b2'] })
    engine.step({ schema: 'stack', args: ['b3', 'b1'] })
    expect(engine.progress).toBe(0.5)
    expect(engine.reachedSubgoals).toEqual(['goal_share_1'])
    expect(spec.goal.subgoals.map((s) => s.description)).toEqual([
      'At least 1 of the 2 goal conditions hold at once.',
      'At least 2 of the 2 goal conditions hold at once.',
    ])
  })

  it("gives the schema's parse, key order included, also for a domain it has converted before", () => {
    // Every problem of a domain after the first reuses the domain's parsed actions and look.
    for (const { domain, file } of agentboardProblems()) {
      const spec = importPddl(
        readAgentboard(domain, 'domain.pddl'),
        readAgentboard(domain, file),
        agentboardImportOptions(domain),
      )
      expect(JSON.stringify(spec), `${domain}/${file}`).toBe(
        JSON.stringify(WorldSpec.parse(structuredClone(spec))),
      )
    }
  })

  it("gives the schema's parse from a converter, whose goals skip the schema", () => {
    // A converter that knows the domain passes a quantifier-free goal on without a parse.
    const converters = new Map<AgentboardDomain, ReturnType<typeof pddlConverter>>()
    for (const { domain, file } of agentboardProblems()) {
      let convert = converters.get(domain)
      if (!convert) {
        const parsed = parsePddlDomain(readAgentboard(domain, 'domain.pddl'))
        convert = pddlConverter(parsed, agentboardImportOptions(domain))
        converters.set(domain, convert)
      }
      const spec = convert(parsePddlProblem(readAgentboard(domain, file)))
      expect(JSON.stringify(spec), `${domain}/${file}`).toBe(
        JSON.stringify(WorldSpec.parse(structuredClone(spec))),
      )
    }
    // A quantifier still meets the schema, which wants its variables.
    const named = parsePddlDomain(`(define (domain d) (:predicates (at ?x) (p ?x))
      (:action go :parameters (?x) :precondition (p ?x) :effect (at ?x)))`)
    const convert = pddlConverter(named)
    const problem = (goal: string) =>
      parsePddlProblem(
        `(define (problem p) (:domain d) (:objects a b) (:init (p a)) (:goal ${goal}))`,
      )
    convert(problem('(at a)'))
    const some = convert(problem('(exists (?y) (at ?y))'))
    expect(JSON.stringify(some)).toBe(JSON.stringify(WorldSpec.parse(structuredClone(some))))
    expect(catchRefineryError(() => convert(problem('(exists () (at a))'))).message).toContain(
      'does not fit the WorldSpec schema',
    )
  })

  it('shares the parsed actions of one domain between specs, frozen', () => {
    const one = importPddl(fixture('gripper/domain.pddl'), fixture('gripper/prob01.pddl'))
    const two = importPddl(fixture('gripper/domain.pddl'), fixture('gripper/prob02.pddl'))
    expect(two.actions).toBe(one.actions)
    expect(() => {
      one.actions[0]!.checks.push({ require: 'true', fail: 'No.', status: 'no_effect' } as never)
    }).toThrow(TypeError)
  })

  it("gives convertPddl's specs from a converter, which makes the domain's parts once", () => {
    const domains = new Map<AgentboardDomain, ReturnType<typeof pddlConverter>>()
    const seen = new Map<AgentboardDomain, ReturnType<typeof convertPddl>>()
    for (const { domain, file } of agentboardProblems()) {
      const parsed = parsePddlDomain(readAgentboard(domain, 'domain.pddl'))
      let convert = domains.get(domain)
      if (!convert) {
        convert = pddlConverter(parsed, agentboardImportOptions(domain))
        domains.set(domain, convert)
      }
      const problem = parsePddlProblem(readAgentboard(domain, file))
      const spec = convert(problem, `x/${file}`)
      const plain = convertPddl(parsed, problem, {
        ...agentboardImportOptions(domain),
        id: `x/${file}`,
      })
      expect(JSON.stringify(spec), `${domain}/${file}`).toBe(JSON.stringify(plain))
      // Problems that read the domain alike share its parts.
      const first = seen.get(domain)
      if (!first) seen.set(domain, spec)
      else if (JSON.stringify(first.predicates) === JSON.stringify(spec.predicates))
        expect(spec.predicates).toBe(first.predicates)
    }
    // A problem that widens a position (the first writes (in jack boot), this one does not)
    // gets its own predicates; an action that names an object of the problem, not a constant,
    // converts anew for each problem.
    const tyres = parsePddlDomain(fixture('tyreworld/domain.pddl'))
    const convert = pddlConverter(tyres)
    const plainly = (text: string) => {
      const problem = parsePddlProblem(text)
      expect(JSON.stringify(convert(problem))).toBe(JSON.stringify(convertPddl(tyres, problem)))
    }
    plainly(fixture('tyreworld/p01.pddl'))
    plainly(`(define (problem narrow) (:domain tyreworld)
      (:objects boot - container h - hub w - wheel)
      (:init (on w h) (on-ground h)) (:goal (and (not-on-ground h))))`)
    const named = parsePddlDomain(`(define (domain d) (:predicates (at ?x) (p ?x))
      (:action go :parameters (?x) :precondition (p ?x) :effect (at home)))`)
    const goHome = pddlConverter(named)
    for (const objects of ['home a', 'a home', 'b a home']) {
      const problem = parsePddlProblem(
        `(define (problem p) (:domain d) (:objects ${objects}) (:init (p a)) (:goal (at home)))`,
      )
      expect(JSON.stringify(goHome(problem))).toBe(JSON.stringify(convertPddl(named, problem)))
    }
  })

  it('has readable defaults and takes overrides', () => {
    const spec = importPddl(fixture('gripper/domain.pddl'), fixture('gripper/prob01.pddl'))
    const pick = spec.actions.find((a) => a.name === 'pick')
    expect(pick?.pattern).toBe('pick {obj} {room} {gripper}')
    expect(spec.predicates.find((p) => p.name === 'at-robby')?.text).toBe('{r} is at robby.')
    expect(spec.predicates.find((p) => p.name === 'carry')?.text).toBe('{o} is carry {g}.')
    const custom = importPddl(fixture('gripper/domain.pddl'), fixture('gripper/prob01.pddl'), {
      verbaliser: { fact: (p) => `${p.name}(${p.params.map((q) => `{${q.name}}`).join(', ')})` },
    })
    expect(custom.predicates.find((p) => p.name === 'carry')?.text).toBe('carry({o}, {g})')
    expect(custom.actions.find((a) => a.name === 'pick')?.pattern).toBe(
      'pick {obj} {room} {gripper}',
    )
  })

  it('widens a predicate position that the domain uses against its declared type', () => {
    // tyreworld declares (in ?x - container ?y - obj) but writes (in jack boot).
    const spec = importPddl(fixture('tyreworld/domain.pddl'), fixture('tyreworld/p01.pddl'))
    expect(spec.predicates.find((p) => p.name === 'in')?.params).toEqual([
      { name: 'x', type: 'object' },
      { name: 'y', type: 'object' },
    ])
    expect(spec.predicates.find((p) => p.name === 'loose')?.params.map((p) => p.type)).toEqual([
      'nut',
      'hub',
    ])
    // Constants the problem declares again are one entity.
    expect(spec.entities.filter((e) => e.id === 'jack')).toHaveLength(1)
  })

  it('maps names the spec cannot hold, deterministically', () => {
    const spec = importPddl(
      '(define (domain d) (:predicates (p.q ?x)) (:action 2go :parameters (?x) :precondition (p.q ?x) :effect (not (p.q ?x))))',
      '(define (problem p) (:domain d) (:objects 1st a.b a_b) (:init (p.q 1st) (p.q a.b)) (:goal (not (p.q 1st))))',
    )
    expect(spec.entities.map((e) => [e.id, e.name])).toEqual([
      ['x1st', '1st'],
      ['a_b', 'a.b'],
      ['a_b_2', 'a_b'],
    ])
    expect(spec.predicates[0]?.name).toBe('p_q')
    expect(spec.actions[0]?.name).toBe('x2go')
    expect(toPddlAction({ schema: 'x2go', args: ['x1st'] }, spec)).toBe('(2go 1st)')
  })

  it('writes plan steps as ground PDDL actions', () => {
    const spec = importPddl(fixture('gripper/domain.pddl'), fixture('gripper/prob01.pddl'), {
      verbaliser: agentboardVerbaliser('gripper'),
    })
    expect(toPddlAction({ schema: 'pick', args: ['ball1', 'rooma', 'left'] }, spec)).toBe(
      '(pick ball1 rooma left)',
    )
    expect(() => toPddlAction({ schema: 'fly', args: [] }, spec)).toThrow(/unknown action 'fly'/)
  })

  it.each([
    ['(:goal (on a b))', 'Unknown predicate', 'problem.pddl:1:63'],
    ['(:goal (p a b))', 'takes 1 argument(s), got 2', 'problem.pddl:1:63'],
    ['(:goal (p zz))', "Unknown object 'zz'", 'problem.pddl:1:63'],
  ])('refuses %s with its place', (goal, message, path) => {
    const error = catchRefineryError(() =>
      importPddl(
        '(define (domain d) (:predicates (p ?x)) (:action a :parameters (?x) :effect (p ?x)))',
        `(define (problem x) (:domain d) (:objects a b) (:init) ${goal})`,
      ),
    )
    expect(error.code).toBe('invalid_input')
    expect(error.message).toContain(message)
    expect(error.path).toBe(path)
  })

  it.each([
    ['(:types a - b b - a)', 'cycle'],
    ['(:types a - b a - c)', 'two parents'],
    ['(:predicates (p ?x - nope))', "Unknown type 'nope'"],
  ])('refuses bad types: %s', (section, message) => {
    const error = catchRefineryError(() =>
      importPddl(
        `(define (domain d) ${section} (:action a :parameters ()))`,
        '(define (problem x) (:domain d) (:goal (and)))',
      ),
    )
    expect(error.message).toContain(message)
  })

  it('refuses undeclared variables and a problem for another domain', () => {
    const domain =
      '(define (domain d) (:predicates (p ?x)) (:action a :parameters (?x) :precondition (p ?y) :effect (p ?x)))'
    expect(
      catchRefineryError(() => importPddl(domain, '(define (problem x) (:domain d) (:goal (and)))'))
        .message,
    ).toContain('?y is not declared')
    expect(
      catchRefineryError(() =>
        importPddl(domain.replace('?y', '?x'), '(define (problem x) (:domain e) (:goal (and)))'),
      ).message,
    ).toContain("for domain 'e'")
  })
})
