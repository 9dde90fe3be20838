import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { isAlive } from '../../src/shared/database/postmaster.js';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CACHE = join(ROOT, 'node_modules/.cache/instances-api/service-build');
/** What `tsc -p tsconfig.build.json` compiles (spec files aside), and what decides how it compiles. */
const SOURCES = ['src', 'migrations'];
const SETTINGS = ['tsconfig.json', 'tsconfig.build.json', 'package.json', 'node_modules/typescript/package.json'];
/** Builds of other sources are removed once this old (a run elsewhere may still be using a recent one). */
const PRUNE_AFTER_MS = 60 * 60 * 1000;

/** The service compiled as `npm run build` does, to run as a real process (and kill). */
export interface ServiceBuild {
  mainPath: string;
}

/**
 * The build of the sources as they are now, compiled at most once: builds are kept under
 * node_modules/.cache, named by a hash of every file that goes into them, so a suite reuses the
 * build of an earlier suite (or run) only when nothing it was compiled from has changed since. A
 * lock lets one caller compile while any other waits for it; `npm test` needs no prior build and
 * never touches dist/.
 */
export async function buildService(): Promise<ServiceBuild> {
  const key = sourceHash();
  const dir = join(CACHE, key);
  const build = { mainPath: join(dir, 'src/main.js') };
  mkdirSync(CACHE, { recursive: true });
  for (;;) {
    if (existsSync(dir)) return build;
    if (takeLock(key)) {
      try {
        if (!existsSync(dir)) await compile(key, dir);
      } finally {
        rmSync(lockPath(key), { recursive: true, force: true });
      }
      return build;
    }
    await new Promise((resolve) => setTimeout(resolve, 200)); // another caller is compiling it
  }
}

async function compile(key: string, dir: string): Promise<void> {
  const partial = `${dir}.partial`;
  rmSync(partial, { recursive: true, force: true });
  await promisify(execFile)(
    process.execPath,
    [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(ROOT, 'tsconfig.build.json'), '--outDir', partial],
    { cwd: ROOT },
  );
  // A source edited while tsc ran: this output may mix both versions, so it is never published.
  if (sourceHash() !== key) {
    rmSync(partial, { recursive: true, force: true });
    throw new Error('The sources changed while the service was being compiled: run the tests again.');
  }
  // ESM output needs "type": "module"; the packages are the project's own.
  writeFileSync(join(partial, 'package.json'), JSON.stringify({ type: 'module' }));
  symlinkSync(join(ROOT, 'node_modules'), join(partial, 'node_modules'), 'dir');
  renameSync(partial, dir); // atomic: a build directory, once there, is complete
  pruneOtherBuilds(key);
}

function sourceHash(): string {
  const hash = createHash('sha256');
  const files = [...SOURCES.flatMap((source) => filesUnder(join(ROOT, source))), ...SETTINGS.map((f) => join(ROOT, f))];
  for (const file of files) hash.update(`${relative(ROOT, file)}\0`).update(readFileSync(file));
  return hash.digest('hex').slice(0, 16);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.endsWith('.spec.ts'))
    .map((entry) => join(entry.parentPath, entry.name))
    .sort();
}

const lockPath = (key: string) => join(CACHE, `${key}.lock`);

/** mkdir is atomic: one caller creates the lock. A lock whose process is gone is taken over. */
function takeLock(key: string): boolean {
  try {
    mkdirSync(lockPath(key));
    writeFileSync(join(lockPath(key), 'pid'), String(process.pid));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    if (isAbandoned(lockPath(key))) rmSync(lockPath(key), { recursive: true, force: true });
    return false;
  }
}

function isAbandoned(lock: string): boolean {
  try {
    return !isAlive(Number(readFileSync(join(lock, 'pid'), 'utf8')));
  } catch {
    // No pid yet: just created, or its creator died before writing it.
    return existsSync(lock) && Date.now() - statSync(lock).mtimeMs > 10_000;
  }
}

function pruneOtherBuilds(key: string): void {
  for (const name of readdirSync(CACHE)) {
    if (!/^[0-9a-f]{16}$/.test(name) || name === key) continue;
    const path = join(CACHE, name);
    if (Date.now() - statSync(path).mtimeMs > PRUNE_AFTER_MS) rmSync(path, { recursive: true, force: true });
  }
}
