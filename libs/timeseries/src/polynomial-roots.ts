/** A complex number. */
export interface Complex {
  re: number;
  im: number;
}

/**
 * Roots of c₀ + c₁z + … + c_k z^k (coefficients in ascending order; trailing
 * zeros are dropped) by the Durand–Kerner (Weierstrass) iteration, which is
 * robust for the low degrees (≤ ~10) of ARMA lag polynomials.
 * @example polynomialRoots([-2, 0, 1]) // ≈ [{re: 1.414, im: 0}, {re: -1.414, im: 0}]
 */
export function polynomialRoots(coefficients: readonly number[]): Complex[] {
  let degree = coefficients.length - 1;
  while (degree > 0 && coefficients[degree] === 0) degree--;
  if (degree < 1) return [];
  const lead = coefficients[degree];
  const c = coefficients.slice(0, degree + 1).map((v) => v / lead); // monic
  if (degree === 1) return [{ re: -c[0], im: 0 }];
  const evaluate = (z: Complex): Complex => {
    let re = 1;
    let im = 0;
    for (let k = degree - 1; k >= 0; k--) {
      const nr = re * z.re - im * z.im + c[k];
      const ni = re * z.im + im * z.re;
      re = nr;
      im = ni;
    }
    return { re, im };
  };
  const radius = 1 + Math.max(...c.slice(0, degree).map(Math.abs));
  const roots: Complex[] = Array.from({ length: degree }, (_, k) => {
    const angle = (2 * Math.PI * k) / degree + 0.4;
    return { re: 0.5 * radius * Math.cos(angle), im: 0.5 * radius * Math.sin(angle) };
  });
  for (let iter = 0; iter < 1000; iter++) {
    let maxChange = 0;
    for (let i = 0; i < degree; i++) {
      const zi = roots[i];
      const num = evaluate(zi);
      let dr = 1;
      let di = 0;
      for (let j = 0; j < degree; j++) {
        if (j === i) continue;
        const ar = zi.re - roots[j].re;
        const ai = zi.im - roots[j].im;
        const nr = dr * ar - di * ai;
        di = dr * ai + di * ar;
        dr = nr;
      }
      const den = dr * dr + di * di;
      if (den === 0) {
        roots[i] = { re: zi.re + 1e-10, im: zi.im + 1e-10 };
        maxChange = Number.POSITIVE_INFINITY;
        continue;
      }
      const qr = (num.re * dr + num.im * di) / den;
      const qi = (num.im * dr - num.re * di) / den;
      roots[i] = { re: zi.re - qr, im: zi.im - qi };
      maxChange = Math.max(maxChange, Math.hypot(qr, qi) / Math.max(1, Math.hypot(zi.re, zi.im)));
    }
    if (maxChange < 1e-14) break;
  }
  return roots;
}
