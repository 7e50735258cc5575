import { concentration } from './concentration';

describe('concentration', () => {
  it('measures an even spread as equal', () => {
    const sut = concentration(Array(20).fill(5));

    expect(sut).toEqual({ voters: 20, top10Share: 0.5, gini: 0, nakamoto: 11 });
  });

  it('measures one whale holding almost everything', () => {
    const sut = concentration([1000, 1, 1, 1]);

    expect(sut.nakamoto).toBe(1);
    expect(sut.gini).toBeCloseTo((3 * 1000 - 3) / (4 * 1003), 6);
    expect(sut.top10Share).toBe(1);
  });

  it('counts the voters whose power together exceeds half', () => {
    expect(concentration([50, 30, 20]).nakamoto).toBe(2);
    expect(concentration([40, 10, 10, 10, 10, 10, 10]).nakamoto).toBe(3);
    expect(concentration([]).voters).toBe(0);
  });
});
