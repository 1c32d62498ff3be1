import { describe, expect, it } from 'vitest'
import { compileWorld, WorldEngine } from '../engine'
import { plan } from '../planner'
import { agentboardProblems, readAgentboard } from './__fixtures__/agentboard'
import { importPddl } from './convert'
import { parsePddlDomain, parsePddlProblem } from './parse'
import { type PddlPlanStep, solvePddl } from './strips'
import { agentboardImportOptions } from './verbalise'

/** Plays PDDL steps on the imported world; whether each step plays and the goal is reached. */
function reaches(domainText: string, problemText: string, steps: readonly PddlPlanStep[]) {
  const engine = new WorldEngine(compileWorld(importPddl(domainText, problemText)))
  engine.reset()
  for (const step of steps)
    if (engine.step({ schema: step.action, args: step.args }).status !== 'ok') return false
  return engine.success
}

const TOGGLE_DOMAIN = `(define (domain toggle)
  (:requirements :strips :negative-preconditions :equality)
  (:predicates (on ?x) (linked ?x ?y))
  (:action switch-on :parameters (?x ?y)
    :precondition (and (not (on ?x)) (on ?y) (linked ?y ?x) (not (= ?x ?y)))
    :effect (on ?x))
  (:action switch-off :parameters (?x)
    :precondition (on ?x)
    :effect (not (on ?x))))`

describe('solvePddl', () => {
  it("solves most of AgentBoard's blocksworld and gripper problems, no longer than the world planner", () => {
    let solved = 0
    for (const { domain, file } of agentboardProblems()) {
      if (domain !== 'blockworld' && domain !== 'gripper') continue
      const domainText = readAgentboard(domain, 'domain.pddl')
      const problemText = readAgentboard(domain, file)
      const found = solvePddl(parsePddlDomain(domainText), parsePddlProblem(problemText), {
        maxNodes: 2000,
      })
      if (!found) continue
      solved++
      expect(reaches(domainText, problemText, found!), file).toBe(true)
      const world = compileWorld(
        importPddl(domainText, problemText, agentboardImportOptions(domain)),
      )
      const searched = plan(world)
      expect(searched.status).toBe('solved')
      if (searched.status === 'solved')
        expect(found!.length).toBeLessThanOrEqual(searched.actions.length)
    }
    // Two in three within 2,000 states; the larger gripper problems need more.
    expect(solved).toBeGreaterThanOrEqual(20)
  })

  it('keeps negative preconditions, equality and static predicates', () => {
    const problem = `(define (problem p) (:domain toggle) (:objects a b c)
      (:init (on a) (linked a b) (linked b c) (linked c c))
      (:goal (and (on c) (not (on a)))))`
    const found = solvePddl(parsePddlDomain(TOGGLE_DOMAIN), parsePddlProblem(problem))
    expect(found).toEqual([
      { action: 'switch-on', args: ['b', 'a'] },
      { action: 'switch-on', args: ['c', 'b'] },
      { action: 'switch-off', args: ['a'] },
    ])
    expect(reaches(TOGGLE_DOMAIN, problem, found!)).toBe(true)
  })

  it('answers undefined for an unsolvable problem, past its node budget and outside STRIPS', () => {
    const domain = parsePddlDomain(TOGGLE_DOMAIN)
    const unsolvable = `(define (problem p) (:domain toggle) (:objects a b)
      (:init (on a)) (:goal (on b)))`
    expect(solvePddl(domain, parsePddlProblem(unsolvable))).toBeUndefined()
    const long = `(define (problem p) (:domain toggle) (:objects a b c d)
      (:init (on a) (linked a b) (linked b c) (linked c d)) (:goal (on d)))`
    expect(solvePddl(domain, parsePddlProblem(long))).toHaveLength(3)
    expect(solvePddl(domain, parsePddlProblem(long), { maxNodes: 1 })).toBeUndefined()
    const conditional = parsePddlDomain(`(define (domain d) (:requirements :conditional-effects)
      (:predicates (p) (q))
      (:action a :parameters () :precondition (p) :effect (when (p) (q))))`)
    const problem = parsePddlProblem('(define (problem p) (:domain d) (:init (p)) (:goal (q)))')
    expect(solvePddl(conditional, problem)).toBeUndefined()
  })
})
