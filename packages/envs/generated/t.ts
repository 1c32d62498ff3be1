import { generated } from './src/index'

const idx = Number(process.argv[2] ?? 0)
const split = (process.argv[3] ?? 'train') as 'train'
const task = generated.task(split, idx)
const w = generated.generated(task)
const env = generated.create(task)
const first = await env.reset()
console.log(w.theme, w.mechanics, w.style, w.voice)
console.log('INSTRUCTION:\n' + first.instruction + '\nOBS: ' + first.observation)
const extra = (process.argv[4] ?? '').split(',').filter(Boolean)
for (const a of [...extra, ...w.plan]) {
  const r = await env.step(a)
  console.log(`> ${a}\n${r.observation} [${r.status} ${r.progress.toFixed(2)}]`)
}
console.log('> help\n' + (await env.step('help')).observation)
