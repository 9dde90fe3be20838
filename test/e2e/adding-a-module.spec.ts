import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

/**
 * docs/adding-a-module.md, followed to the letter in a copy of the repository: its `file=` code
 * blocks written as they stand, its step-3 lines added to src/app.module.ts, its `run` commands run
 * in order (migration, client, the whole lint, lint:api, the module's own e2e test). A step the
 * guide misses, or an example that no longer builds, lints or passes, fails here.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const GUIDE = readFileSync(join(ROOT, 'docs/adding-a-module.md'), 'utf8');
const COMMAND_TIMEOUT_MS = 240_000;
const MAX_LINES_OF_CODE = 60;

interface CodeBlock {
  info: string[];
  text: string;
}

const blocks: CodeBlock[] = [...GUIDE.matchAll(/^```(.*)\n([\s\S]*?)^```$/gm)].map(([, info, text]) => ({
  info: info.trim().split(/\s+/),
  text,
}));
const files = blocks.flatMap(({ info, text }) => {
  const attribute = info.find((word) => word.startsWith('file='));
  return attribute ? [{ path: attribute.slice('file='.length), text }] : [];
});
const appModuleLines =
  blocks
    .find(({ info }) => info.includes('app.module'))
    ?.text.trim()
    .split('\n') ?? [];
const commands = blocks.filter(({ info }) => info.includes('run')).flatMap(({ text }) => text.trim().split('\n'));

/** Lines of code: not blank, not a comment. */
const linesOfCode = (text: string) => text.split('\n').filter((line) => !/^\s*($|\/\/|\/\*|\*)/.test(line)).length;

describe('docs/adding-a-module.md, followed in a copy of the repository', () => {
  let copy: string;
  let server: string;
  let migrationDatabase: string;

  beforeAll(async () => {
    server = process.env.TEST_DATABASE_RUN_URL!;
    migrationDatabase = `adding_a_module_${process.pid}_${Date.now()}`;
    await withClient(server, (client) => client.query(`CREATE DATABASE ${migrationDatabase}`));
    copy = mkdtempSync(join(tmpdir(), 'instances-api-module-'));
    const tracked = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    for (const file of tracked.split('\0').filter((name) => name && existsSync(join(ROOT, name)))) {
      mkdirSync(dirname(join(copy, file)), { recursive: true });
      copyFileSync(join(ROOT, file), join(copy, file));
    }
    symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
  });

  afterAll(async () => {
    if (copy) rmSync(copy, { recursive: true, force: true });
    if (migrationDatabase) {
      await withClient(server, (client) => client.query(`DROP DATABASE IF EXISTS ${migrationDatabase} WITH (FORCE)`));
    }
  });

  it('names the module files, the app.module lines and the commands', () => {
    expect(files.map((file) => file.path)).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^src\/[a-z-]+\/index\.ts$/),
        expect.stringMatching(/^test\/e2e\//),
      ]),
    );
    expect(appModuleLines).toEqual([expect.stringMatching(/^import /), expect.stringMatching(/^\w+Module,$/)]);
    expect(commands).toEqual(
      expect.arrayContaining(['npm run lint', expect.stringMatching(/^npm test -- test\/e2e\//)]),
    );
  });

  it('gives an example module of fewer than 60 lines of code, the count the guide states', () => {
    const moduleCode = files.filter((file) => file.path.startsWith('src/')).map((file) => linesOfCode(file.text));
    const total = moduleCode.reduce((sum, lines) => sum + lines, 0);
    expect(total).toBeLessThan(MAX_LINES_OF_CODE);
    expect(GUIDE).toContain(`in ${total} lines of code`);
  });

  it(
    'builds, lints and passes its own e2e test with only the steps the guide lists',
    async () => {
      for (const file of files) {
        mkdirSync(dirname(join(copy, file.path)), { recursive: true });
        writeFileSync(join(copy, file.path), file.text);
      }
      const appModule = join(copy, 'src/app.module.ts');
      const source = readFileSync(appModule, 'utf8').split('\n');
      const [importLine, entry] = appModuleLines;
      const lastImport = source.findLastIndex((line) => line.startsWith('import '));
      const list = source.findIndex((line) => line.includes('...extraModules'));
      expect({ lastImport, list }).toEqual({ lastImport: expect.any(Number), list: expect.any(Number) });
      source.splice(list, 0, `        ${entry}`);
      source.splice(lastImport + 1, 0, importLine);
      writeFileSync(appModule, source.join('\n'));

      const env = {
        ...process.env,
        // The migration is generated against a fresh database of the test run's server; the
        // module's test creates its own database there (test/support/global-setup.mjs).
        DATABASE_URL: withDatabase(server, migrationDatabase),
        TEST_DATABASE_URL: server,
        TEST_DATABASE_RUN_URL: '',
      };
      for (const command of commands) {
        const result = await run(command, copy, env);
        expect({ command, exit: result.exit, output: result.exit === 0 ? '' : result.output }).toEqual({
          command,
          exit: 0,
          output: '',
        });
      }
      expect(readFileSync(join(copy, 'migrations/index.ts'), 'utf8')).toMatch(/CreationCounts\d+/);
    },
    commands.length * COMMAND_TIMEOUT_MS,
  );
});

/** Runs one command line of the guide, its output kept for the failure message (the last 8 KiB). */
function run(command: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ exit: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn('sh', ['-c', command], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const keep = (chunk: Buffer) => (output = (output + chunk.toString()).slice(-8192));
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    const timer = setTimeout(() => child.kill('SIGKILL'), COMMAND_TIMEOUT_MS);
    child.on('error', reject);
    child.on('close', (exit) => {
      clearTimeout(timer);
      resolve({ exit, output });
    });
  });
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function withClient(url: string, work: (client: pg.Client) => Promise<unknown>): Promise<void> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    await work(client);
  } finally {
    await client.end();
  }
}
