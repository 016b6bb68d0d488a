import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/**
 * Writes `data` to `file` atomically: a temp file in the same folder (mode 0600), fsync, then rename over the
 * target, so a crash leaves either the old or the new content, never a torn file. Creates the folder if needed.
 * @param file absolute path of the target file
 * @param data UTF-8 text to write
 * @throws the fs error (ENOSPC, EACCES, …) after removing the temp file
 */
export async function writeFileAtomic(file: string, data: string): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await fs.open(tmp, 'w', 0o600);
  try {
    await handle.writeFile(data, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await fs.rename(tmp, file);
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
}

/**
 * Reads a JSON file.
 * @param file absolute path
 * @returns the parsed value, or `undefined` when the file does not exist
 * @throws SyntaxError when the file is not valid JSON; fs errors other than ENOENT
 */
export async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
  return JSON.parse(text) as unknown;
}
