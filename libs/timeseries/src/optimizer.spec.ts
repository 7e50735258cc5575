import { minimize, numericalGradient, numericalHessian, numericalJacobian } from './optimizer';

const rosenbrock = ([a, b]: readonly number[]): number => (1 - a) ** 2 + 100 * (b - a * a) ** 2;

describe('minimize', () => {
  const sut = minimize;

  it('finds the Rosenbrock minimum with BFGS', () => {
    const r = sut(rosenbrock, [-1.2, 1]);
    expect(r.converged).toBe(true);
    expect(r.method).toBe('bfgs');
    expect(r.x[0]).toBeCloseTo(1, 6);
    expect(r.x[1]).toBeCloseTo(1, 6);
  });

  it('finds the Rosenbrock minimum with Nelder–Mead when asked', () => {
    const r = sut(rosenbrock, [-1.2, 1], { method: 'nelder-mead' });
    expect(r.method).toBe('nelder-mead');
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 5);
  });

  it('respects box bounds through the change of variables', () => {
    const r = sut(([a, b]) => (a - 3) ** 2 + (b + 1) ** 2, [0.5, 0], { lower: [0, -2], upper: [1, 2] });
    expect(r.x[0]).toBeLessThanOrEqual(1);
    expect(r.x[0]).toBeCloseTo(1, 4);
    expect(r.x[1]).toBeCloseTo(-1, 6);
  });

  it('treats NaN/Infinity as an infeasible region and still converges inside it', () => {
    const f = ([a, b]: readonly number[]): number => (a <= 0 ? Number.NaN : a - Math.log(a) + (b - 2) ** 2);
    const r = sut(f, [5, 0]);
    expect(r.converged).toBe(true);
    expect(r.x[0]).toBeCloseTo(1, 5);
    expect(r.x[1]).toBeCloseTo(2, 6);
  });

  it('falls back to Nelder–Mead on a non-smooth objective and still reaches the minimum', () => {
    const r = sut(([a, b]) => Math.abs(a - 1) + 2 * Math.abs(b + 0.5), [3, 3]);
    expect(r.value).toBeLessThan(1e-6);
    expect(r.x[0]).toBeCloseTo(1, 5);
  });

  it('reports a non-finite start instead of throwing', () => {
    const r = sut(() => Number.NaN, [0, 0], { method: 'bfgs' });
    expect(r.converged).toBe(false);
  });
});

describe('numerical derivatives', () => {
  const f = ([a, b, c]: readonly number[]): number => Math.exp(a) * Math.sin(b) + a * c * c;
  const x = [0.3, 1.1, -0.7];

  it('numericalGradient is accurate to ~1e-9', () => {
    const sut = numericalGradient(f, x);
    const [a, b, c] = x;
    const exact = [Math.exp(a) * Math.sin(b) + c * c, Math.exp(a) * Math.cos(b), 2 * a * c];
    sut.forEach((g, i) => expect(g).toBeCloseTo(exact[i], 9));
  });

  it('numericalHessian (Richardson) is accurate to ~1e-8', () => {
    const sut = numericalHessian(f, x);
    const [a, b, c] = x;
    const ea = Math.exp(a);
    const exact = [
      [ea * Math.sin(b), ea * Math.cos(b), 2 * c],
      [ea * Math.cos(b), -ea * Math.sin(b), 0],
      [2 * c, 0, 2 * a],
    ];
    sut.forEach((row, i) => row.forEach((v, j) => expect(v).toBeCloseTo(exact[i][j], 8)));
  });

  it('numericalJacobian differentiates every output', () => {
    const sut = numericalJacobian(([a, b]) => [a * b, a + b, a * a], [2, 3]);
    expect(sut).toEqual([
      [expect.closeTo(3, 8), expect.closeTo(2, 8)],
      [expect.closeTo(1, 8), expect.closeTo(1, 8)],
      [expect.closeTo(4, 8), expect.closeTo(0, 8)],
    ]);
  });
});
