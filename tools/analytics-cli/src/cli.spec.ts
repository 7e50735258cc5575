import { EXIT_DATA_ERROR, EXIT_OK, EXIT_USAGE_ERROR, runCli as sut } from './cli';

const a = (n: number) => `0x${n.toString(16).padStart(40, '0')}`;
const t = (n: number) => `0x${n.toString(16).padStart(64, '0')}`;
const [usd, eth, pool, bot, victim, router] = [a(1), a(2), a(3), a(4), a(5), a(6)];
const swap = (i: number, who: string, tokenIn: string, tokenOut: string, amountIn: string, amountOut: string) => ({
  transactionHash: t(i + 1),
  transactionIndex: i,
  logIndex: i * 2,
  pool,
  protocol: 'uniswap-v2',
  sender: router,
  recipient: who,
  txFrom: who,
  tokenIn,
  tokenOut,
  amountIn,
  amountOut,
});

function run(document: unknown, argv = ['mev', '--file', 'blocks.json']) {
  const out: string[] = [];
  const err: string[] = [];
  const status = sut(argv, { stdout: (text) => out.push(text), stderr: (text) => err.push(text), readFile: () => (typeof document === 'string' ? document : JSON.stringify(document)) });
  return { status, out: out.join(''), err: err.join('') };
}

describe('analytics mev CLI', () => {
  it('prints the sandwich of a labelled block with raw amounts as decimal strings', () => {
    const swaps = [swap(0, bot, usd, eth, '1000', '500'), swap(1, victim, usd, eth, '2000', '900'), swap(2, bot, eth, usd, '500', '1150')];

    const { status, out } = run({ blocks: [{ chainId: 1, blockNumber: 19_000_000, swaps }] });

    expect(status).toBe(EXIT_OK);
    expect(JSON.parse(out)).toEqual({
      detections: [{ type: 'sandwich', blockNumber: '19000000', attacker: bot, transactions: [t(1), t(3)], victims: [t(2)], profitToken: usd, profitAmount: '150' }],
    });
  });

  it('names the place of a malformed swap', () => {
    const { status, err } = run({ blocks: [{ chainId: 1, blockNumber: '1', swaps: [{ ...swap(0, bot, usd, eth, '1', '1'), pool: '0x12' }] }] });

    expect(status).toBe(EXIT_DATA_ERROR);
    expect(err).toMatch(/^blocks\.json: blocks\.0\.swaps\.0\.pool: expected a 20-byte hex address/);
  });

  it('says what is wrong with a file that is not JSON, and with a wrong command line', () => {
    expect(run('{').status).toBe(EXIT_DATA_ERROR);
    expect(run({}, ['mev']).status).toBe(EXIT_USAGE_ERROR);
  });
});
