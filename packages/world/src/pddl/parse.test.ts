import { catchRefineryError } from '@refinery/core/testing'
import { describe, expect, it } from 'vitest'
import { readAgentboard } from './__fixtures__/agentboard'
import { parsePddlDomain, parsePddlProblem } from './parse'
import { readSExpr } from './sexpr'
import type { AgentboardDomain } from './verbalise'

const fixture = (path: string) => {
  const [domain, file] = path.split('/') as [AgentboardDomain, string]
  return readAgentboard(domain, file)
}

/** The error a call throws, for asserting on code, path and message. */

describe('readSExpr', () => {
  it('lower-cases, skips comments and splits a ? glued to a word', () => {
    const list = readSExpr('(Define ; a comment (\n (X ?A - Level?l1))', 'd.pddl')
    const show = (e: unknown): unknown =>
      (e as { kind: string }).kind === 'atom'
        ? (e as { value: string }).value
        : (e as { items: unknown[] }).items.map(show)
    expect(show(list)).toEqual(['define', ['x', '?a', '-', 'level', '?l1']])
  })

  it.each([
    ['(define (domain x)', 'd.pddl:1:1', 'never closed'],
    ['(define (domain x)))', 'd.pddl:1:20', "Unexpected ')'"],
    ['(define (domain x)) (extra)', 'd.pddl:1:21', 'after the end'],
    ['stray (define)', 'd.pddl:1:1', 'outside parentheses'],
    ['  ; only a comment', 'd.pddl', 'empty'],
    ['(define\n  (domain x)\n  (:predicates (p)))\n)', 'd.pddl:4:1', "Unexpected ')'"],
  ])('reports %j at %s', (text, path, message) => {
    const error = catchRefineryError(() => readSExpr(text, 'd.pddl'))
    expect(error.code).toBe('invalid_input')
    expect(error.path).toBe(path)
    expect(error.message).toContain(message)
  })

  it('refuses absurd nesting without exhausting the stack', () => {
    const error = catchRefineryError(() =>
      readSExpr(`${'('.repeat(100_000)}${')'.repeat(100_000)}`, 'd.pddl'),
    )
    expect(error.message).toContain('deeper than')
  })
})

describe('parsePddlDomain', () => {
  it('reads the four AgentBoard domains', () => {
    const barman = parsePddlDomain(fixture('barman/domain.pddl'))
    expect(barman.name).toBe('barman')
    expect(barman.requirements).toEqual([':strips', ':typing'])
    expect(barman.types.find((t) => t.name === 'shot')?.parent).toBe('container')
    expect(barman.actions.map((a) => a.name)).toContain('pour-shaker-to-shot')
    // `?l - level?l1 - level` in pour-shaker-to-shot: the glued `?` starts a new name.
    const pour = barman.actions.find((a) => a.name === 'pour-shaker-to-shot')
    expect(pour?.parameters.map((p) => `${p.name}:${p.types.join('|')}`)).toEqual([
      '?b:beverage',
      '?d:shot',
      '?h:hand',
      '?s:shaker',
      '?l:level',
      '?l1:level',
    ])
    const tyre = parsePddlDomain(fixture('tyreworld/domain.pddl'))
    expect(tyre.constants.map((c) => `${c.name}:${c.types[0]}`)).toEqual([
      'wrench:tool',
      'pump:tool',
      'jack:tool',
    ])
    const blocks = parsePddlDomain(fixture('blockworld/domain.pddl'))
    expect(blocks.predicates.map((p) => p.params.length)).toEqual([1, 1, 0, 1, 2])
    const gripper = parsePddlDomain(fixture('gripper/domain.pddl'))
    expect(gripper.requirements).toEqual([])
  })

  it('reads ADL: either, quantifiers, imply, equality, when', () => {
    const domain = parsePddlDomain(`(define (domain d)
      (:requirements :adl :equality)
      (:types a b)
      (:predicates (p ?x - (either a b)) (q ?x ?y))
      (:action act :parameters (?x - a ?y)
        :precondition (and (not (= ?x ?y)) (or (p ?x) (exists (?z - b) (q ?x ?z))) (imply (p ?y) (q ?y ?y)))
        :effect (and (forall (?z - b) (when (q ?x ?z) (not (q ?x ?z)))) (when (p ?x) (p ?y)))))`)
    const act = domain.actions[0]
    expect(domain.predicates[0]?.params[0]?.types).toEqual(['a', 'b'])
    expect(act?.precondition?.op).toBe('and')
    expect(act?.effect?.op).toBe('and')
  })

  it.each([
    [':durative-actions', '(:requirements :strips :durative-actions)', 'd.pddl:1:43'],
    [':fluents', '(:requirements :fluents)', 'd.pddl:1:35'],
    [':derived-predicates', '(:requirements :derived-predicates)', 'd.pddl:1:35'],
  ])('refuses %s, naming the requirement and the file', (requirement, section, path) => {
    const error = catchRefineryError(() =>
      parsePddlDomain(`(define (domain d) ${section} (:predicates (p)))`, { file: 'd.pddl' }),
    )
    expect(error.code).toBe('invalid_input')
    expect(error.path).toBe(path)
    expect(error.message).toBe(`The requirement ${requirement} in d.pddl is not supported.`)
    expect(error.hint).toContain(':conditional-effects')
  })

  it.each([
    ['(:functions (total-cost))', 'Functions'],
    ['(:derived (p) (q))', 'Derived predicates'],
    ['(:durative-action a)', 'Durative actions'],
    ['(:action a :parameters () :effect (increase (total-cost) 1))', 'Numeric effects (increase)'],
    ['(:action a :parameters () :precondition (> (f) 1))', 'Numeric comparisons (>)'],
    [
      '(:predicates (p ?x)) (:action a :parameters (?x) :precondition (p (f ?x)))',
      'Expected an object or variable',
    ],
    ['(:predicates (p ?x)) (:predicates (q))', 'appears twice'],
    ['(:action a :parameters (x))', 'Expected a parameter variable'],
    [
      '(:predicates (p ?x)) (:action a :parameters (?x) :effect (or (p ?x)))',
      'cannot be an effect',
    ],
    ['(:typo)', "Unknown domain section ':typo'"],
  ])('refuses %s', (section, message) => {
    const error = catchRefineryError(() => parsePddlDomain(`(define (domain d) ${section})`))
    expect(error.message).toContain(message)
    expect(error.path).toMatch(/^domain\.pddl:\d+:\d+$/)
  })

  it('says so when the files come in the wrong order', () => {
    const error = catchRefineryError(() => parsePddlDomain(fixture('gripper/prob01.pddl')))
    expect(error.hint).toContain('domain first')
  })
})

describe('parsePddlProblem', () => {
  it('reads objects, init and goal', () => {
    const problem = parsePddlProblem(fixture('tyreworld/p01.pddl'))
    expect(problem.domain).toBe('tyreworld')
    expect(problem.objects).toHaveLength(8)
    expect(problem.init).toHaveLength(12)
    expect(problem.goal.op).toBe('and')
  })

  it.each([
    ['(:init (= (fuel) 3))', 'Numeric initial values'],
    ['(:init (not (p a)))', 'Negative facts'],
    ['(:init (p ?x))', 'cannot hold the variable'],
    ['(:metric minimize (total-cost))', 'Metrics are not supported'],
  ])('refuses %s', (section, message) => {
    const error = catchRefineryError(() =>
      parsePddlProblem(`(define (problem p) (:domain d) (:objects a) ${section} (:goal (p a)))`, {
        file: 'p.pddl',
      }),
    )
    expect(error.message).toContain(message)
    expect(error.path).toMatch(/^p\.pddl:1:\d+$/)
  })

  it('needs a domain and a goal', () => {
    expect(
      catchRefineryError(() => parsePddlProblem('(define (problem p) (:goal (and)))')).message,
    ).toContain('names no domain')
    expect(
      catchRefineryError(() => parsePddlProblem('(define (problem p) (:domain d))')).message,
    ).toContain('has no goal')
  })
})
