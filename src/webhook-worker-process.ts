import { type ChildProcess, fork } from 'node:child_process';
import type { LoggerService } from '@nestjs/common';
import type { RemoteRelay } from './shared/outbox/delivery-plan.js';

/** What the API process tells the worker, and what the worker answers (over the IPC channel). */
export type ToWorker = { type: 'nudge' } | { type: 'refresh'; id: number };
export type FromWorker = { type: 'ready' } | { type: 'refreshed'; id: number };

/** A refresh the worker has not confirmed by then goes unconfirmed (the worker polls anyway). */
const REFRESH_TIMEOUT_MS = 5000;
/** How long the worker may take to boot before the API listens without it. */
const READY_TIMEOUT_MS = 30_000;
/** Restarts after a crash wait this long, doubled per crash in a row up to MAX_RESTART_DELAY_MS. */
const RESTART_DELAY_MS = 500;
const MAX_RESTART_DELAY_MS = 30_000;
/** A worker that ran this long was healthy: the next crash waits RESTART_DELAY_MS again. */
const HEALTHY_AFTER_MS = 60_000;

interface WorkerOptions {
  /** The worker's entry file (dist/src/webhook-worker.js). */
  entry: string;
  /** Its environment: the API's, with the database it resolved. */
  env: NodeJS.ProcessEnv;
  /** How long a stopping worker may finish its deliveries in hand before it is killed. */
  stopTimeoutMs: number;
  logger: LoggerService;
}

/**
 * The webhook worker seen from the API process: forks it, restarts it when it dies, forwards the
 * relay's nudges (coalesced: one message per turn of the event loop) and refreshes to it, and stops
 * it before the database goes. The worker leaves when this process does (its IPC channel closes).
 */
export class WebhookWorkerProcess implements RemoteRelay {
  private child?: ChildProcess;
  private stopping = false;
  private crashes = 0;
  private restartTimer?: NodeJS.Timeout;
  private nudgeQueued = false;
  private nextRefresh = 0;
  private readonly refreshes = new Map<number, () => void>();

  constructor(private readonly options: WorkerOptions) {}

  /** Forks the worker; resolves once it delivers (or could not start in time: it keeps trying). */
  start(): Promise<void> {
    return new Promise((ready) => {
      const timer = setTimeout(() => {
        this.options.logger.warn(`The webhook worker is not ready after ${READY_TIMEOUT_MS} ms; listening without it`);
        ready();
      }, READY_TIMEOUT_MS);
      this.fork(() => {
        clearTimeout(timer);
        ready();
      });
    });
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  nudge(): void {
    if (this.nudgeQueued) return;
    this.nudgeQueued = true;
    setImmediate(() => {
      this.nudgeQueued = false;
      this.send({ type: 'nudge' });
    });
  }

  refresh(): Promise<void> {
    const id = this.nextRefresh++;
    if (!this.send({ type: 'refresh', id })) return Promise.resolve(); // a new worker reads them on start
    return new Promise((done) => {
      const timer = setTimeout(() => this.refreshed(id), REFRESH_TIMEOUT_MS);
      this.refreshes.set(id, () => {
        clearTimeout(timer);
        done();
      });
    });
  }

  /** SIGTERM (the worker finishes its deliveries in hand and gives its leases back), then SIGKILL. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.restartTimer);
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), this.options.stopTimeoutMs);
    await exited;
    clearTimeout(timer);
  }

  private fork(onReady: () => void): void {
    const started = Date.now();
    const child = fork(this.options.entry, [], { env: this.options.env, stdio: 'inherit' });
    this.child = child;
    child.on('message', (message: FromWorker) => {
      if (message.type === 'ready') onReady();
      else if (message.type === 'refreshed') this.refreshed(message.id);
    });
    child.on('error', (error) => this.options.logger.error(`Webhook worker: ${error.message}`));
    child.once('exit', (code, signal) => {
      if (this.child === child) this.child = undefined;
      for (const id of [...this.refreshes.keys()]) this.refreshed(id);
      if (this.stopping) return;
      this.crashes = Date.now() - started > HEALTHY_AFTER_MS ? 1 : this.crashes + 1;
      const delay = Math.min(RESTART_DELAY_MS * 2 ** (this.crashes - 1), MAX_RESTART_DELAY_MS);
      this.options.logger.error(
        `The webhook worker (PID ${child.pid}) exited (${signal ?? `code ${code}`}); starting another in ${delay} ms`,
      );
      this.restartTimer = setTimeout(() => this.fork(onReady), delay);
    });
  }

  private refreshed(id: number): void {
    const done = this.refreshes.get(id);
    this.refreshes.delete(id);
    done?.();
  }

  /** False when there is no worker to tell (starting, restarting or stopped). */
  private send(message: ToWorker): boolean {
    const child = this.child;
    if (!child?.connected) return false;
    child.send(message, () => undefined); // a worker that just died is restarted, and reads everything again
    return true;
  }
}
