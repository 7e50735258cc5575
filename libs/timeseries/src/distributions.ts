/**
 * Scalar distribution functions used by the models (normal and Student-t),
 * written by hand so the numerical core has no runtime dependencies.
 *
 * Accuracy: normalCdf ~1e-15 absolute (Marsaglia 2004 series, continued
 * fraction in the tails); normalQuantile ~1e-15 relative (Acklam's rational
 * approximation refined by one Halley step); logGamma ~1e-14 (Lanczos g=7).
 */

const LOG_SQRT_2PI = 0.918938533204672741780329736406;
const SQRT_2PI = 2.506628274631000502415765284811;

/** Standard normal density φ(x). Example: `normalPdf(0) // 0.3989…` */
export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x - LOG_SQRT_2PI);
}

/** Upper tail Q(x) = 1 − Φ(x) for x ≥ 3 by the Laplace continued fraction (modified Lentz). */
function upperTailContinuedFraction(x: number): number {
  // Q(x) = φ(x) / (x + 1/(x + 2/(x + 3/(x + …))))
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let k = 1; k < 500; k++) {
    d = x + k * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = x + k / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return normalPdf(x) / f;
}

/**
 * Standard normal cumulative distribution Φ(x).
 * @example normalCdf(1.959963984540054) // 0.975
 */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= -3) return x < -40 ? 0 : upperTailContinuedFraction(-x);
  if (x >= 3) return x > 40 ? 1 : 1 - upperTailContinuedFraction(x);
  // Marsaglia: Φ(x) = 1/2 + φ(x)(x + x³/3 + x⁵/(3·5) + …)
  let sum = x;
  let term = x;
  const q = x * x;
  for (let i = 3; i < 400; i += 2) {
    term *= q / i;
    const next = sum + term;
    if (next === sum) break;
    sum = next;
  }
  return 0.5 + sum * normalPdf(x);
}

/** Upper tail 1 − Φ(x) without cancellation for large x. */
function normalUpperTail(x: number): number {
  if (x >= 3) return x > 40 ? 0 : upperTailContinuedFraction(x);
  return normalCdf(-x);
}

/** log Φ(x), accurate in the far lower tail. Example: `logNormalCdf(-40) // ≈ -804.6` */
export function logNormalCdf(x: number): number {
  if (x > -3) return Math.log(normalCdf(x));
  // log Q(|x|) via the continued fraction without underflow.
  const z = -x;
  const tiny = 1e-300;
  let f = z;
  let c = z;
  let d = 0;
  for (let k = 1; k < 500; k++) {
    d = z + k * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = z + k / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return -0.5 * z * z - LOG_SQRT_2PI - Math.log(f);
}

const ACKLAM_A = [
  -3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2,
  -3.066479806614716e1, 2.506628277459239,
];
const ACKLAM_B = [
  -5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1,
  -1.328068155288572e1,
];
const ACKLAM_C = [
  -7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734,
  4.374664141464968, 2.938163982698783,
];
const ACKLAM_D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];

/**
 * Inverse of the standard normal CDF.
 * @example normalQuantile(0.975) // 1.959963984540054
 */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return Number.NaN;
  if (p === 0) return Number.NEGATIVE_INFINITY;
  if (p === 1) return Number.POSITIVE_INFINITY;
  const pLow = 0.02425;
  let x: number;
  if (p < pLow) {
    const q = Math.sqrt(-2 * Math.log(p));
    x =
      (((((ACKLAM_C[0] * q + ACKLAM_C[1]) * q + ACKLAM_C[2]) * q + ACKLAM_C[3]) * q + ACKLAM_C[4]) * q +
        ACKLAM_C[5]) /
      ((((ACKLAM_D[0] * q + ACKLAM_D[1]) * q + ACKLAM_D[2]) * q + ACKLAM_D[3]) * q + 1);
  } else if (p <= 1 - pLow) {
    const q = p - 0.5;
    const r = q * q;
    x =
      ((((((ACKLAM_A[0] * r + ACKLAM_A[1]) * r + ACKLAM_A[2]) * r + ACKLAM_A[3]) * r + ACKLAM_A[4]) * r +
        ACKLAM_A[5]) *
        q) /
      (((((ACKLAM_B[0] * r + ACKLAM_B[1]) * r + ACKLAM_B[2]) * r + ACKLAM_B[3]) * r + ACKLAM_B[4]) * r + 1);
  } else {
    const q = Math.sqrt(-2 * Math.log1p(-p));
    x =
      -(((((ACKLAM_C[0] * q + ACKLAM_C[1]) * q + ACKLAM_C[2]) * q + ACKLAM_C[3]) * q + ACKLAM_C[4]) * q +
        ACKLAM_C[5]) /
      ((((ACKLAM_D[0] * q + ACKLAM_D[1]) * q + ACKLAM_D[2]) * q + ACKLAM_D[3]) * q + 1);
  }
  // One Halley step on the accurate CDF brings the error to machine precision.
  // e = Φ(x) − p, computed from the tail that keeps precision.
  const e = x > 0 ? 1 - p - normalUpperTail(x) : normalCdf(x) - p;
  const u = e * SQRT_2PI * Math.exp(0.5 * x * x);
  if (Number.isFinite(u)) x -= u / (1 + 0.5 * x * u);
  return x;
}

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/**
 * Natural log of the gamma function for x > 0.
 * @example logGamma(5) // Math.log(24)
 */
export function logGamma(x: number): number {
  if (x < 0.5) {
    // Reflection: Γ(x)Γ(1−x) = π / sin(πx)
    return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
  }
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (z + i);
  return LOG_SQRT_2PI + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction for the regularised incomplete beta (modified Lentz). */
function betaContinuedFraction(a: number, b: number, x: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 1000; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return h;
}

/** Regularised incomplete beta I_x(a, b). Example: `regularizedBeta(0.5, 2, 2) // 0.5` */
export function regularizedBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const logFront = logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log1p(-x);
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(logFront) * betaContinuedFraction(a, b, x)) / a;
  return 1 - (Math.exp(logFront) * betaContinuedFraction(b, a, 1 - x)) / b;
}

/**
 * Student-t CDF with `nu` degrees of freedom (nu > 0, not necessarily integer).
 * @example studentTCdf(2.228138851986, 10) // 0.975
 */
export function studentTCdf(t: number, nu: number): number {
  if (!Number.isFinite(t)) return t > 0 ? 1 : t < 0 ? 0 : Number.NaN;
  const tail = 0.5 * regularizedBeta(nu / (nu + t * t), nu / 2, 0.5);
  return t > 0 ? 1 - tail : tail;
}

/**
 * Student-t quantile (bisection-safeguarded Newton on the CDF).
 * @example studentTQuantile(0.975, 10) // 2.228138851986…
 */
export function studentTQuantile(p: number, nu: number): number {
  if (!(p > 0 && p < 1) || !(nu > 0)) return Number.NaN;
  if (nu > 1e7) return normalQuantile(p);
  if (p < 0.5) return -studentTQuantile(1 - p, nu);
  let lo = 0;
  let hi = 1;
  while (studentTCdf(hi, nu) < p) {
    lo = hi;
    hi *= 2;
    if (hi > 1e300) return Number.POSITIVE_INFINITY;
  }
  let x = Math.max(lo, Math.min(hi, normalQuantile(p)));
  const logNorm = logGamma((nu + 1) / 2) - logGamma(nu / 2) - 0.5 * Math.log(nu * Math.PI);
  for (let i = 0; i < 200; i++) {
    const f = studentTCdf(x, nu) - p;
    if (f > 0) hi = x;
    else lo = x;
    const density = Math.exp(logNorm - ((nu + 1) / 2) * Math.log1p((x * x) / nu));
    let next = x - f / density;
    if (!(next > lo && next < hi)) next = 0.5 * (lo + hi);
    if (Math.abs(next - x) <= 1e-14 * Math.max(1, Math.abs(x))) return next;
    x = next;
  }
  return x;
}
