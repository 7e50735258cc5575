import { spawnSync } from 'child_process';
import { mkdtempSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';

const ROOT = join(__dirname, '../../..');

/** Runs `npm run -s risk -- …` as a real process from the repo root. */
function risk(args: string[]) {
  const res = spawnSync('node', ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', 'tools/risk-cli/src/cli.ts', ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true' },
  });
  return { code: res.status, out: res.stdout, err: res.stderr };
}

function file(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'risk-cli-')), name);
  writeFileSync(path, text);
  return path;
}

describe('risk CLI (spawned)', () => {
  it('scores a file without label or source columns, blank cells included, one JSON object per line', () => {
    const rows = file(
      'rows.csv',
      [
        'id,date,chain,protocol,action,authority,multisig_threshold,timelock_delay_hours,governance_bypassed',
        'N1,2025-02-01,ethereum,X,implementation_upgrade,eoa,,0,false',
        'N2,,,,,,,,',
        'N3,2025-03-01,ethereum,Y,implementation_upgrade,governor_timelock,,168,false',
      ].join('\n'),
    );
    const sut = risk(['score', '--file', rows]);
    expect(sut.err).toBe('');
    expect(sut.code).toBe(0);
    const lines = sut.out.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(['N1', 'N2', 'N3']);
    for (const l of lines) {
      expect(l.score).toBeGreaterThanOrEqual(0);
      expect(l.score).toBeLessThanOrEqual(100);
      expect(['low', 'medium', 'high', 'critical']).toContain(l.level);
      expect(l.probability).toBeGreaterThanOrEqual(0);
      expect(l.probability).toBeLessThanOrEqual(1);
      expect(l.modelVersion).toBe('upgrade-risk-rf-v1');
      expect(l.topFactors.length).toBeGreaterThan(0);
      expect(l.topFactors[0]).toEqual({ feature: expect.any(String), value: expect.anything(), contribution: expect.any(Number) });
    }
    // an EOA with no delay scores above a governor behind a 7-day timelock
    expect(lines[0].score).toBeGreaterThan(lines[2].score);
    expect(lines[1].topFactors.some((f: { value: unknown }) => f.value === null)).toBe(true);
  });

  it('fails on a malformed file with exit status 1, naming the line on stderr', () => {
    const rows = file('bad.csv', 'id,authority\nA1,eoa\nA2,"unclosed\n');
    const sut = risk(['score', '--file', rows]);
    expect(sut.code).toBe(1);
    expect(sut.out).toBe('');
    expect(sut.err).toMatch(/bad\.csv: line 3: a quoted field is never closed/);
  });

  it('fails on a bad cell with exit status 1, naming the line and column', () => {
    const sut = risk(['score', '--file', file('cell.csv', 'id,timelock_delay_hours\nA1,48\nA2,soon\n')]);
    expect(sut.code).toBe(1);
    expect(sut.err).toMatch(/line 3: column 'timelock_delay_hours': 'soon'/);
  });

  it('rejects usage errors with exit status 2', () => {
    const sut = risk(['score']);
    expect(sut.code).toBe(2);
    expect(sut.err).toMatch(/score needs --file/);
  });
});
