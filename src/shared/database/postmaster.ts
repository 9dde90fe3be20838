import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** Written by the process that started the embedded server: tells a running service from an orphan. */
const OWNER_FILE = 'instances-api.owner';
const STOP_GRACE_MS = 15_000;

/** Who holds an embedded data directory, from PostgreSQL's `postmaster.pid` and our owner file. */
export type Holder =
  | { kind: 'free' }
  /** Our PostgreSQL, started by a service process that is still running. */
  | { kind: 'service'; postmasterPid: number; ownerPid: number; port: number }
  /** Our PostgreSQL, left behind by a service process that died (kill -9). */
  | { kind: 'orphan'; postmasterPid: number; port: number }
  /** The lock names a live process that is not this directory's PostgreSQL. */
  | { kind: 'foreign'; pid: number; command: string };

/** A failure to start whose message names its cause in one line (printed without a stack). */
export class StartupError extends Error {}

export function holderOf(dataDir: string): Holder {
  const lock = readLines(join(dataDir, 'postmaster.pid'));
  const pid = Number(lock?.[0]);
  if (!lock || !Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return { kind: 'free' };
  const argv = commandLineOf(pid);
  const port = Number(lock[3]);
  const ours = argv !== undefined && basename(argv[0] ?? '') === 'postgres' && argv.includes(resolve(dataDir));
  if (!ours) return { kind: 'foreign', pid, command: argv?.join(' ') || 'unknown' };
  const ownerPid = Number(readLines(join(dataDir, OWNER_FILE))?.[0]);
  if (ownerPid > 0 && parentOf(pid) === ownerPid && isAlive(ownerPid)) {
    return { kind: 'service', postmasterPid: pid, ownerPid, port };
  }
  return { kind: 'orphan', postmasterPid: pid, port };
}

/** Records this process as the one that started the server in `dataDir`. */
export function claimOwnership(dataDir: string): void {
  writeFileSync(join(dataDir, OWNER_FILE), `${process.pid}\n`);
}

/** The postmaster's PID while one runs in `dataDir`. */
export function postmasterPidOf(dataDir: string): number | undefined {
  const pid = Number(readLines(join(dataDir, 'postmaster.pid'))?.[0]);
  return pid > 0 && isAlive(pid) ? pid : undefined;
}

/** Fast shutdown (SIGINT: clients are disconnected, no crash recovery needed next time), then SIGKILL. */
export async function stopPostmaster(pid: number): Promise<void> {
  signal(pid, 'SIGINT');
  const deadline = Date.now() + STOP_GRACE_MS;
  while (isAlive(pid) && Date.now() < deadline) await sleep(100);
  if (!isAlive(pid)) return;
  signal(pid, 'SIGKILL');
  while (isAlive(pid)) await sleep(100);
}

/** Removes a `postmaster.pid` whose PID now belongs to an unrelated process (PID reuse after a reboot). */
export function removeStaleLock(dataDir: string): void {
  rmSync(join(dataDir, 'postmaster.pid'), { force: true });
}

/**
 * When running as root, PostgreSQL runs as the unprivileged `postgres` user (uid `userId`), which
 * must be able to enter every directory above its binaries and its data: the first one it cannot.
 */
export function closedToUser(paths: string[], userId: number | undefined): string | undefined {
  for (const path of paths) {
    for (let dir = resolve(path); ; dir = dirname(dir)) {
      const stat = statOrUndefined(dir);
      if (stat && stat.isDirectory() && (stat.mode & 0o001) === 0 && stat.uid !== userId) return dir;
      if (dir === dirname(dir)) break;
    }
  }
  return undefined;
}

/** Whether a process with this pid exists (EPERM: it does, under another user). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // Gone meanwhile.
  }
}

function commandLineOf(pid: number): string[] | undefined {
  const raw = readOrUndefined(`/proc/${pid}/cmdline`);
  return raw === undefined ? undefined : raw.split('\0').filter((part) => part !== '');
}

function parentOf(pid: number): number | undefined {
  // /proc/<pid>/stat: "pid (command) state ppid ..."; the command may contain spaces and parentheses.
  const stat = readOrUndefined(`/proc/${pid}/stat`);
  const fields = stat?.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields ? Number(fields[1]) : undefined;
}

function readLines(path: string): string[] | undefined {
  return readOrUndefined(path)?.split('\n');
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
}

function statOrUndefined(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}
