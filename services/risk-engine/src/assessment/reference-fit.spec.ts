import { referenceFitOf } from './reference-fit';

const HOUR_MS = 3_600_000;
const settings = { assetId: 'ethereum', barSeconds: 3600, windowSeconds: 7 * 86_400, minObservations: 10, step: 0.05 };
const at = (hour: number, minute = 0) => new Date(Date.UTC(2026, 10, 1) + hour * HOUR_MS + minute * 60_000).toISOString();

/** A reference series of `n` hourly prices with varied moves, and a protocol series whose log returns are `k` × the reference's. */
function series(n: number, k: number, noise = 0) {
  const reference: { observedAt: string; value: number }[] = [];
  const protocol: { observedAt: string; value: number }[] = [];
  let logReference = Math.log(2000);
  let logProtocol = Math.log(3);
  for (let i = 0; i < n; i++) {
    const move = 0.02 * Math.sin(i * 1.7) + 0.01 * Math.cos(i * 3.1);
    logReference += move;
    logProtocol += k * move + noise * Math.sin(i * 5.3);
    // Ticks a few minutes apart within each hour: the bars align them.
    reference.push({ observedAt: at(i, 5), value: Math.exp(logReference) });
    protocol.push({ observedAt: at(i, 40), value: Math.exp(logProtocol) });
  }
  return { reference, protocol };
}

describe('referenceFitOf', () => {
  it('fits β 2 and correlation 1 when the protocol moves twice the reference, in steps, with the exact figures seen', () => {
    const { reference, protocol } = series(25, 2);

    const sut = referenceFitOf(protocol, reference, settings);

    expect(sut?.fit).toEqual({ assetId: 'ethereum', beta: 2, correlation: 1, observationsAtLeast: 20, barSeconds: 3600, windowSeconds: 7 * 86_400 });
    expect(sut?.observed).toMatchObject({ beta: 2, correlation: 1, observations: 24, from: at(0), to: at(24) });
  });

  it('keeps the same stepped fit when one more noisy bar moves the exact figures a little', () => {
    const a = series(30, 1.72, 0.001);
    const b = series(31, 1.72, 0.001);

    const first = referenceFitOf(a.protocol, a.reference, settings);
    const second = referenceFitOf(b.protocol, b.reference, settings);

    expect(first?.observed.beta).not.toBe(second?.observed.beta);
    expect(second?.fit).toEqual(first?.fit);
  });

  it('gives no fit with fewer aligned returns than the minimum, or a reference that never moves', () => {
    const short = series(10, 2);
    const long = series(25, 2);

    expect(referenceFitOf(short.protocol, short.reference, settings)).toBeNull();
    expect(referenceFitOf(long.protocol, long.reference.map((p) => ({ ...p, value: 2000 })), settings)).toBeNull();
  });
});
