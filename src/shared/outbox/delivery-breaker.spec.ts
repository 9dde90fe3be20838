import type { Logger } from '@nestjs/common';
import { type Attempt, DeliveryBreaker } from './delivery-breaker.js';

const PAUSE_MS = 50;
const ok = (): Promise<Attempt> => Promise.resolve({ ok: true });
const failed = (): Promise<Attempt> => Promise.resolve({ ok: false, error: 'answered 500' });

describe('DeliveryBreaker', () => {
  const said: string[] = [];
  const logger = { warn: (m: string) => said.push(m), log: (m: string) => said.push(m) } as unknown as Logger;
  let breaker: DeliveryBreaker;
  beforeEach(() => {
    said.length = 0;
    breaker = new DeliveryBreaker('webhook:x', PAUSE_MS, logger);
  });
  afterEach(() => breaker.shutdown());

  it('lets a subscriber that fails now and then go on', async () => {
    for (let i = 0; i < 30; i++) await breaker.run(i % 4 === 0 ? failed : ok);
    expect(breaker.paused).toBe(false);
  });

  it('pauses after ten attempts that mostly failed, and attempts nothing meanwhile', async () => {
    for (let i = 0; i < 9; i++) expect(await breaker.run(failed)).toEqual({ ok: false, error: 'answered 500' });
    expect(breaker.paused).toBe(false);
    await breaker.run(failed);
    expect(breaker.paused).toBe(true);
    let attempted = false;
    expect(
      await breaker.run(() => {
        attempted = true;
        return ok();
      }),
    ).toBeUndefined();
    expect(attempted).toBe(false);
    expect(said).toEqual(['Delivery to webhook:x paused for 50 ms: most of its recent attempts failed']);
  });

  it('lets one probe through after the pause; a failure pauses again, a success resumes', async () => {
    for (let i = 0; i < 10; i++) await breaker.run(failed);
    await new Promise((resolve) => setTimeout(resolve, PAUSE_MS + 20));
    expect(breaker.probing).toBe(true);
    expect(await breaker.run(failed)).toMatchObject({ ok: false });
    expect(breaker.paused).toBe(true);

    await new Promise((resolve) => setTimeout(resolve, PAUSE_MS + 20));
    let release!: () => void;
    const probe = breaker.run(() => new Promise<Attempt>((resolve) => (release = () => resolve({ ok: true }))));
    // One probe at a time: another attempt while it runs is not made.
    expect(await breaker.run(ok)).toBeUndefined();
    release();
    expect(await probe).toEqual({ ok: true });
    expect(breaker.paused || breaker.probing).toBe(false);
    expect(said.at(-1)).toBe('Delivery to webhook:x resumed');
  });
});
