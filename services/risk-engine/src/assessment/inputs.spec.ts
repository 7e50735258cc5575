import { inputsHash, stepped, steppedLevel } from './inputs';
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

  it('moves a level only after about a step', () => {
    expect(steppedLevel(1_000_000, 0.05)).toBe(steppedLevel(1_020_000, 0.05));
    expect(steppedLevel(1_000_000, 0.05)).not.toBe(steppedLevel(1_120_000, 0.05));
    expect(steppedLevel(0, 0.05)).toBe(0);
  });
});
