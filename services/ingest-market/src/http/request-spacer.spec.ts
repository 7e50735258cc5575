import { RequestSpacer } from './request-spacer';

describe('RequestSpacer', () => {
  it('spaces requests evenly to stay under the per-minute limit', async () => {
    const sut = new RequestSpacer(60_000 / 40); // one every 40 ms
    const started = Date.now();

    for (let i = 0; i < 4; i++) await sut.acquire();

    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * 40 - 5);
  });

  it('holds every request back after a Retry-After', async () => {
    const sut = new RequestSpacer(60_000);
    sut.pauseFor(150);
    const started = Date.now();

    await sut.acquire();

    expect(Date.now() - started).toBeGreaterThanOrEqual(145);
  });

  it('refuses a limit that is not positive', () => {
    expect(() => new RequestSpacer(0)).toThrow(/positive/);
  });
});
