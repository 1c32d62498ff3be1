export {
  PERTURBATION_KINDS,
  type PerturbationKind,
  type PerturbedEngineOptions,
  type PerturbedWorld,
  perturbWorld,
} from './perturb'
export { TEXT_PARAPHRASES, VERB_SYNONYMS } from './tables'
