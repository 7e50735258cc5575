import { RequestSpacer } from './request-spacer';

describe('RequestSpacer', () => {
  it('spaces requests evenly to stay under the per-minute limit', async () => {
    const sut = new RequestSpacer(60_000 / 40); // one every 40 ms
    const started = Date.now();

    for (let i = 0; i < 4; i++) await sut.take();

    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * 40 - 5);
  });

  it('holds every request back after a Retry-After', async () => {
    const sut = new RequestSpacer(60_000);
    sut.holdFor(150);
    const started = Date.now();

    await sut.take();

    expect(Date.now() - started).toBeGreaterThanOrEqual(145);
  });

  it('ends a wait when its signal aborts, and refuses one already aborted', async () => {
    const sut = new RequestSpacer(60_000);
    sut.holdFor(30_000);
    const controller = new AbortController();
    const waiting = sut.take(controller.signal);
    const abortedAt = Date.now();

    controller.abort();

    await expect(waiting).rejects.toMatchObject({ name: 'AbortError' });
    expect(Date.now() - abortedAt).toBeLessThan(100);
    await expect(sut.take(controller.signal)).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('refuses a limit that is not positive', () => {
    expect(() => new RequestSpacer(0)).toThrow(/positive/);
  });
});
