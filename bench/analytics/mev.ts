/**
 * MEV detector benchmark: detections per second over BENCH_SWAPS (default 100,000) swaps in blocks of 200 — a third
 * of the blocks hold a sandwich, a third a three-pool arbitrage, the rest ordinary swaps — beside the bare cost of
 * reading and parsing the same swaps (JSON.parse + the CLI's file validation) in the same run.
 *
 *   npm run -s bench:mev
 *   BENCH_SWAPS=1000000 npm run -s bench:mev
 */
import { detectMev } from '@pum/dex-analytics';
import { readBlocks } from '@pum/analytics-cli';

const SWAPS = Number(process.env.BENCH_SWAPS ?? 100_000);
const PER_BLOCK = 200;
const REPS = 3;

const addr = (n: number) => `0x${n.toString(16).padStart(40, '0')}`;
const hash = (n: number) => `0x${n.toString(16).padStart(64, '0')}`;

/** Deterministic blocks of swaps in the CLI's file format. */
function blocksFile(): string {
  const blocks = [];
  let tx = 1;
  for (let b = 0; b * PER_BLOCK < SWAPS; b++) {
    const swaps = [];
    for (let i = 0; i < PER_BLOCK; i++) {
      const pool = addr(0x1000 + ((b * 7 + i) % 50));
      const who = addr(0x2000 + ((b * 13 + i) % 300));
      const kind = b % 3;
      const leg = (tokenIn: number, tokenOut: number, p: string, w: string, index: number) => ({
        transactionHash: hash(tx),
        transactionIndex: i,
        logIndex: index,
        pool: p,
        protocol: 'uniswap-v2',
        sender: addr(0x9999),
        recipient: w,
        txFrom: w,
        tokenIn: addr(tokenIn),
        tokenOut: addr(tokenOut),
        amountIn: String(1000 + i),
        amountOut: String(1001 + i),
      });
      const sandwiched = addr(0x5000);
      if (kind === 1 && i === 10) swaps.push(leg(1, 2, sandwiched, addr(0x3000), 0));
      else if (kind === 1 && i === 11) swaps.push(leg(1, 2, sandwiched, who, 0));
      else if (kind === 1 && i === 12) swaps.push(leg(2, 1, sandwiched, addr(0x3000), 0));
      else if (kind === 2 && i === 20) swaps.push(leg(1, 2, addr(0x4001), who, 0), leg(2, 3, addr(0x4002), who, 1), leg(3, 1, addr(0x4003), who, 2));
      else swaps.push(leg(1 + (i % 2), 2 - (i % 2), pool, who, 0));
      tx++;
    }
    blocks.push({ chainId: 1, blockNumber: 1_000_000 + b, swaps: swaps.slice(0, Math.min(PER_BLOCK, SWAPS - b * PER_BLOCK)) });
  }
  return JSON.stringify({ blocks });
}

function time<T>(run: () => T): { ms: number; result: T } {
  let best = Infinity;
  let result!: T;
  for (let r = 0; r < REPS; r++) {
    const start = performance.now();
    result = run();
    best = Math.min(best, performance.now() - start);
  }
  return { ms: best, result };
}

const text = blocksFile();
const parse = time(() => readBlocks(JSON.parse(text)));
const blocks = parse.result;
const swaps = blocks.reduce((n, block) => n + block.swaps.length, 0);
const detect = time(() => blocks.flatMap((block) => detectMev(block.swaps)));
const rate = (ms: number) => Math.round(swaps / (ms / 1000)).toLocaleString('en');
console.log(`swaps ${swaps.toLocaleString('en')} in ${blocks.length} blocks; detections ${detect.result.length} (best of ${REPS})`);
console.log(`baseline  read + parse + validate: ${parse.ms.toFixed(1)} ms  (${rate(parse.ms)} swaps/s)`);
console.log(`detectors sandwich + arbitrage:    ${detect.ms.toFixed(1)} ms  (${rate(detect.ms)} swaps/s, ${Math.round(detect.result.length / (detect.ms / 1000)).toLocaleString('en')} detections/s)`);
