import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { entriesWithoutIntegrity } from './lockfile-integrity';

const root = join(__dirname, '..');
type Lock = { packages: Record<string, Record<string, unknown>> };
const lockfile = (): Lock => JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as Lock;

/** `npm run -s lint:lockfile` on a copy of the lockfile changed by `tamper`. */
function lintLockfile(tamper: (lock: Lock) => void): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'lockfile-lint-'));
  try {
    const lock = lockfile();
    tamper(lock);
    writeFileSync(join(dir, 'package-lock.json'), JSON.stringify(lock));
    const run = spawnSync('npm', ['run', '-s', 'lint:lockfile', '--', join(dir, 'package-lock.json')], { cwd: root, encoding: 'utf8' });
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('the lockfile check of npm run lint', () => {
  it('passes the repository lockfile', () => {
    expect(entriesWithoutIntegrity(lockfile())).toEqual([]);
    expect(lintLockfile(() => undefined).status).toBe(0);
  });

  it('refuses a package fetched over plain http or from another host', () => {
    const run = lintLockfile((lock) => void (lock.packages['node_modules/zod']!.resolved = 'http://evil.example/zod/-/zod-4.6.7.tgz'));
    expect(run.status).not.toBe(0);
    expect(run.output).toContain('evil.example');
  });

  it('refuses a weak integrity hash and a package without one', () => {
    expect(lintLockfile((lock) => void (lock.packages['node_modules/zod']!.integrity = 'sha1-Vx0OzRZbq1Sk7lq4uWIvHsfa5Ys=')).status).not.toBe(0);
    const missing = lintLockfile((lock) => void delete lock.packages['node_modules/zod']!.integrity);
    expect(missing.status).not.toBe(0);
    expect(missing.output).toContain('node_modules/zod');
  });
});
