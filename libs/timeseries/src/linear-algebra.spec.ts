import { invertMatrix, leastSquares, multiply, solveLinearSystem } from './linear-algebra';

describe('linear algebra helpers', () => {
  it('solveLinearSystem solves a pivoting-requiring system and rejects singular ones', () => {
    const sut = solveLinearSystem;
    const x = sut(
      [
        [0, 2, 1],
        [1, 1, 1],
        [2, 1, 0],
      ],
      [7, 6, 4],
    );
    expect(x).not.toBeNull();
    expect(x?.[0]).toBeCloseTo(1, 12);
    expect(x?.[1]).toBeCloseTo(2, 12);
    expect(x?.[2]).toBeCloseTo(3, 12);
    expect(
      sut(
        [
          [1, 2],
          [2, 4],
        ],
        [1, 2],
      ),
    ).toBeNull();
  });

  it('invertMatrix returns A⁻¹ with A·A⁻¹ = I', () => {
    const a = [
      [4, 1, 0.5],
      [1, 3, 0.2],
      [0.5, 0.2, 2],
    ];
    const sut = invertMatrix(a);
    expect(sut).not.toBeNull();
    const prod = multiply(a, sut ?? []);
    prod.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(i === j ? 1 : 0, 12)));
  });

  it('leastSquares recovers exact coefficients and classical standard errors', () => {
    const x = [0, 1, 2, 3, 4].map((t) => [1, t]);
    const y = [1.1, 2.9, 5.2, 6.8, 9.1];
    const sut = leastSquares(x, y);
    // Closed form for simple regression.
    const slope = (5 * (0 * 1.1 + 1 * 2.9 + 2 * 5.2 + 3 * 6.8 + 4 * 9.1) - 10 * 25.1) / (5 * 30 - 100);
    expect(sut?.coefficients[1]).toBeCloseTo(slope, 12);
    expect(sut?.coefficients[0]).toBeCloseTo((25.1 - slope * 10) / 5, 12);
    const sxx = 10;
    expect(sut?.standardErrors[1]).toBeCloseTo(Math.sqrt((sut?.sigma2 ?? 0) / sxx), 12);
  });

  it('leastSquares returns null for a rank-deficient design', () => {
    expect(leastSquares([[1, 2], [2, 4], [3, 6]], [1, 2, 3])).toBeNull();
  });
});
