/**
 * Small dense linear-algebra helpers (row-major `number[][]`), sized for the
 * handful of parameters these models estimate. Hand-written on purpose.
 */

// Local aliases: global property lookups are slow inside Jest's VM sandbox and these
// functions run in the O(n) likelihood loops.
const { abs, hypot, max, sqrt } = Math;
const isFiniteNumber = Number.isFinite;

export type Matrix = number[][];

/** n×n zero matrix. Example: `zeros(2) // [[0,0],[0,0]]` */
export function zeros(rows: number, cols: number = rows): Matrix {
  return Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
}

/** n×n identity. Example: `identity(2) // [[1,0],[0,1]]` */
export function identity(n: number): Matrix {
  const m = zeros(n);
  for (let i = 0; i < n; i++) m[i][i] = 1;
  return m;
}

/**
 * Solves A x = b by Gaussian elimination with partial pivoting.
 * Returns null when A is (numerically) singular.
 * @example solveLinearSystem([[2,0],[0,4]], [2,2]) // [1, 0.5]
 */
export function solveLinearSystem(a: Matrix, b: readonly number[]): number[] | null {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  let scale = 0;
  for (const row of a) for (const v of row) scale = max(scale, abs(v));
  if (!(scale > 0) || !isFiniteNumber(scale)) return null;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (abs(m[r][col]) > abs(m[pivot][col])) pivot = r;
    if (abs(m[pivot][col]) <= 1e-14 * scale) return null;
    if (pivot !== col) [m[pivot], m[col]] = [m[col], m[pivot]];
    const pivotRow = m[col];
    for (let r = col + 1; r < n; r++) {
      const row = m[r];
      const factor = row[col] / pivotRow[col];
      if (factor === 0) continue;
      for (let c = col; c <= n; c++) row[c] -= factor * pivotRow[c];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let r = n - 1; r >= 0; r--) {
    let s = m[r][n];
    for (let c = r + 1; c < n; c++) s -= m[r][c] * x[c];
    x[r] = s / m[r][r];
  }
  return x.every(isFiniteNumber) ? x : null;
}

/**
 * Inverse of a square matrix (Gauss–Jordan with partial pivoting); null if singular.
 * @example invertMatrix([[2,0],[0,4]]) // [[0.5,0],[0,0.25]]
 */
export function invertMatrix(a: Matrix): Matrix | null {
  const n = a.length;
  const m = a.map((row, i) => [...row, ...identity(n)[i]]);
  let scale = 0;
  for (const row of a) for (const v of row) scale = max(scale, abs(v));
  if (!(scale > 0) || !isFiniteNumber(scale)) return null;
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (abs(m[r][col]) > abs(m[pivot][col])) pivot = r;
    if (abs(m[pivot][col]) <= 1e-14 * scale) return null;
    if (pivot !== col) [m[pivot], m[col]] = [m[col], m[pivot]];
    const p = m[col][col];
    for (let c = 0; c < 2 * n; c++) m[col][c] /= p;
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const factor = m[r][col];
      if (factor === 0) continue;
      for (let c = 0; c < 2 * n; c++) m[r][c] -= factor * m[col][c];
    }
  }
  const inv = m.map((row) => row.slice(n));
  return inv.every((row) => row.every(isFiniteNumber)) ? inv : null;
}

/** Matrix product A·B. Example: `multiply([[1,2]], [[3],[4]]) // [[11]]` */
export function multiply(a: Matrix, b: Matrix): Matrix {
  const rows = a.length;
  const inner = b.length;
  const cols = inner === 0 ? 0 : b[0].length;
  const out = zeros(rows, cols);
  for (let i = 0; i < rows; i++) {
    for (let k = 0; k < inner; k++) {
      const aik = a[i][k];
      if (aik === 0) continue;
      for (let j = 0; j < cols; j++) out[i][j] += aik * b[k][j];
    }
  }
  return out;
}

/** Transpose. Example: `transpose([[1,2]]) // [[1],[2]]` */
export function transpose(a: Matrix): Matrix {
  if (a.length === 0) return [];
  return a[0].map((_, j) => a.map((row) => row[j]));
}

/** Result of an ordinary least-squares fit. */
export interface LeastSquaresFit {
  coefficients: number[];
  standardErrors: number[];
  residuals: number[];
  /** Sum of squared residuals. */
  ssr: number;
  /** Residual variance ssr / (n − k). */
  sigma2: number;
  nObservations: number;
}

/**
 * Ordinary least squares via Householder QR (numerically stable); null if
 * the design is rank deficient.
 * @example leastSquares([[1,0],[1,1],[1,2]], [1,3,5]).coefficients // [1, 2]
 */
export function leastSquares(x: Matrix, y: readonly number[]): LeastSquaresFit | null {
  const n = y.length;
  const k = n === 0 ? 0 : x[0].length;
  if (n <= k || k === 0) return null;
  const a = x.map((row) => [...row]);
  const qty = [...y];
  const rDiag = new Array<number>(k).fill(0);
  for (let j = 0; j < k; j++) {
    let norm = 0;
    for (let i = j; i < n; i++) norm = hypot(norm, a[i][j]);
    if (norm === 0) return null;
    const alpha = a[j][j] > 0 ? -norm : norm;
    // v = a[j:, j] − alpha e1 stored in place
    a[j][j] -= alpha;
    let vnorm2 = 0;
    for (let i = j; i < n; i++) vnorm2 += a[i][j] * a[i][j];
    if (vnorm2 > 0) {
      for (let c = j + 1; c < k; c++) {
        let s = 0;
        for (let i = j; i < n; i++) s += a[i][j] * a[i][c];
        const f = (2 * s) / vnorm2;
        for (let i = j; i < n; i++) a[i][c] -= f * a[i][j];
      }
      let s = 0;
      for (let i = j; i < n; i++) s += a[i][j] * qty[i];
      const f = (2 * s) / vnorm2;
      for (let i = j; i < n; i++) qty[i] -= f * a[i][j];
    }
    rDiag[j] = alpha;
  }
  const maxDiag = max(...rDiag.map(Math.abs));
  if (rDiag.some((d) => abs(d) <= 1e-12 * maxDiag)) return null;
  // R is upper triangular: diag in rDiag, above-diagonal in a[i][j] (i<j).
  const r = zeros(k);
  for (let i = 0; i < k; i++) {
    r[i][i] = rDiag[i];
    for (let j = i + 1; j < k; j++) r[i][j] = a[i][j];
  }
  const beta = new Array<number>(k).fill(0);
  for (let i = k - 1; i >= 0; i--) {
    let s = qty[i];
    for (let j = i + 1; j < k; j++) s -= r[i][j] * beta[j];
    beta[i] = s / r[i][i];
  }
  // (X'X)^{-1} = R^{-1} R^{-T}
  const rInv = zeros(k);
  for (let col = 0; col < k; col++) {
    for (let i = k - 1; i >= 0; i--) {
      let s = i === col ? 1 : 0;
      for (let j = i + 1; j < k; j++) s -= r[i][j] * rInv[j][col];
      rInv[i][col] = s / r[i][i];
    }
  }
  const residuals = y.map((yi, i) => {
    let fitted = 0;
    for (let j = 0; j < k; j++) fitted += x[i][j] * beta[j];
    return yi - fitted;
  });
  const ssr = residuals.reduce((s, e) => s + e * e, 0);
  const sigma2 = ssr / (n - k);
  const standardErrors = rInv.map((row) => sqrt(sigma2 * row.reduce((s, v) => s + v * v, 0)));
  return { coefficients: beta, standardErrors, residuals, ssr, sigma2, nObservations: n };
}
