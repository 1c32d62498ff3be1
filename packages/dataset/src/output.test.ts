import { statSync } from 'node:fs'
import { chmod, mkdtemp, readdir, readFile, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeJsonlAtomically, writeTextAtomically } from './atomic'
import { checkOutput, writeOutput } from './output'

async function folder(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'refinery-output-'))
}

describe('writeOutput', () => {
  it('writes a new file whole and leaves no temporary file behind', async () => {
    const dir = await folder()
    const out = join(dir, 'out.jsonl')
    await writeOutput(out, {}, (path) => writeFile(path, 'a\n'))
    expect(await readFile(out, 'utf8')).toBe('a\n')
    expect(await readdir(dir)).toEqual(['out.jsonl'])
  })

  it('refuses an existing non-empty output, naming --force (and --resume where it applies)', async () => {
    const dir = await folder()
    const out = join(dir, 'out.jsonl')
    await writeFile(out, 'old\n')
    await expect(writeOutput(out, { label: 'out.jsonl' }, async () => {})).rejects.toMatchObject({
      code: 'output_exists',
      oneLine:
        'out.jsonl already exists and is not empty. Pass --force to replace it or choose another output.',
    })
    await expect(checkOutput(out, { resumable: true })).rejects.toMatchObject({
      hint: expect.stringMatching(/--resume to continue it/),
    })
    expect(await readFile(out, 'utf8')).toBe('old\n')
  })

  it('replaces with force, keeping the mode of the file it replaces', async () => {
    const dir = await folder()
    const out = join(dir, 'out.jsonl')
    await writeFile(out, 'old\n')
    await chmod(out, 0o640)
    await writeOutput(out, { force: true }, (path) => writeFile(path, 'new\n'))
    expect(await readFile(out, 'utf8')).toBe('new\n')
    const { stat } = await import('node:fs/promises')
    expect((await stat(out)).mode & 0o777).toBe(0o640)
  })

  it('leaves the earlier file as it was when writing fails part-way', async () => {
    const dir = await folder()
    const out = join(dir, 'out.jsonl')
    await writeFile(out, 'good\n')
    const failing = writeOutput(out, { force: true }, async (path) => {
      await writeFile(path, 'half')
      throw new Error('disk on fire')
    })
    await expect(failing).rejects.toThrow('disk on fire')
    expect(await readFile(out, 'utf8')).toBe('good\n')
    expect(await readdir(dir)).toEqual(['out.jsonl'])
  })

  it('does not commit when keep says no', async () => {
    const dir = await folder()
    const out = join(dir, 'out.jsonl')
    await writeFile(out, 'good\n')
    await writeOutput(
      out,
      { force: true },
      async (path) => writeFile(path, ''),
      () => false,
    )
    expect(await readFile(out, 'utf8')).toBe('good\n')
  })

  it('refuses to write over an input, through ./F, a symlink or with force', async () => {
    const dir = await folder()
    const input = join(dir, 'in.jsonl')
    await writeFile(input, 'data\n')
    await symlink(input, join(dir, 'link.jsonl'))
    for (const out of [join(dir, '.', 'in.jsonl'), join(dir, 'link.jsonl')]) {
      await expect(
        writeOutput(out, { force: true, inputs: [input], label: 'F' }, (path) =>
          writeFile(path, ''),
        ),
      ).rejects.toMatchObject({ code: 'usage', message: expect.stringMatching(/also an input/) })
    }
    expect(await readFile(input, 'utf8')).toBe('data\n')
  })

  it('refuses a folder and a missing folder with one line', async () => {
    const dir = await folder()
    await expect(checkOutput(dir)).rejects.toThrow(/is a folder/)
    await expect(checkOutput(join(dir, 'no', 'x.jsonl'))).rejects.toThrow(/folder does not exist/)
  })
})

describe('a device as output', () => {
  it('is written in place, never renamed over (as root a rename would make /dev/null a file)', async () => {
    await writeJsonlAtomically('/dev/null', async (writer) => {
      await writer.write({ a: 1 })
    })
    await writeTextAtomically('/dev/null', 'text\n')
    await writeOutput('/dev/null', {}, async (path) => writeFile(path, 'x'))
    expect(statSync('/dev/null').isCharacterDevice()).toBe(true)
  })
})
