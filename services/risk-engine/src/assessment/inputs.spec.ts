import { impactBucket, inputsHash, observationsBucket, stepped, steppedLevel } from './inputs';
import { baseInputs } from './test-inputs';

describe('inputsHash', () => {
  it('is the hex sha256 of the inputs, whatever the order of their keys', () => {
    const sut = baseInputs();
    const reordered = Object.fromEntries(Object.entries(sut).reverse()) as typeof sut;

    expect(inputsHash(sut)).toMatch(/^[0-9a-f]{64}$/);
    expect(inputsHash(reordered)).toBe(inputsHash(sut));
  });

  it('changes when any input changes', () => {
    const sut = baseInputs();

    expect(inputsHash(baseInputs({ subject: { stage: 'executed' } }))).not.toBe(inputsHash(sut));
    expect(inputsHash(baseInputs({ market: { drawdown: 0.1 } }))).not.toBe(inputsHash(sut));
    expect(inputsHash(baseInputs({ liquidity: { poolDepth: { poolId: '1:0xp', sizeUsd: 1000, impactBps: 50 } } }))).not.toBe(inputsHash(sut));
    expect(inputsHash(baseInputs({ deployment: { ageDays: 3 } }))).not.toBe(inputsHash(sut));
  });

  it('leaves out what live reads saw behind the stepped figures (the exact impact, the block, the pools)', () => {
    const depth = { poolDepth: { poolId: '1:0xp', sizeUsd: 1000, impactBps: 50 } };
    const sut = baseInputs({ liquidity: depth, observed: { poolDepth: { impactBps: 61.2, blockNumber: '100' } } });

    expect(inputsHash(baseInputs({ liquidity: depth, observed: { poolDepth: { impactBps: 88.9, blockNumber: '250' } } }))).toBe(inputsHash(sut));
  });
});

describe('stepped figures', () => {
  it('keeps a ratio within one step of another equal', () => {
    expect(stepped(0.137, 0.05)).toBe(0.1);
    expect(stepped(0.149, 0.05)).toBe(0.1);
    expect(stepped(0.151, 0.05)).toBe(0.15);
    expect(stepped(-0.12, 0.05)).toBe(-0.1);
    expect(stepped(null, 0.05)).toBeNull();
  });

  it('keeps a value on a step on it, despite float error', () => {
    expect(stepped(0.15, 0.05)).toBe(0.15);
    expect(stepped(2 - 1e-15, 0.05)).toBe(2);
    expect(stepped(-0.15, 0.05)).toBe(-0.15);
  });

  it('rounds a price impact down to the 1-2-5 grid and the grading thresholds', () => {
    expect(impactBucket(476, [50, 200])).toBe(200);
    expect(impactBucket(520, [50, 200])).toBe(500);
    expect(impactBucket(49.9, [50, 200])).toBe(20);
    expect(impactBucket(80, [75, 300])).toBe(75);
    expect(impactBucket(0.4)).toBe(0);
    expect(impactBucket(-1)).toBe(0);
  });

  it('reads a sample size as the largest min × 2^k it reaches', () => {
    expect(observationsBucket(30, 30)).toBe(30);
    expect(observationsBucket(59, 30)).toBe(30);
    expect(observationsBucket(70, 30)).toBe(60);
    expect(observationsBucket(167, 30)).toBe(120);
  });

  it('moves a level only after about a step', () => {
    expect(steppedLevel(1_000_000, 0.05)).toBe(steppedLevel(1_020_000, 0.05));
    expect(steppedLevel(1_000_000, 0.05)).not.toBe(steppedLevel(1_120_000, 0.05));
    expect(steppedLevel(0, 0.05)).toBe(0);
  });
});
