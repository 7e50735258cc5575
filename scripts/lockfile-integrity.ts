/**
 * The lockfile check lockfile-lint leaves out: it validates the hash type of an `integrity` it finds, but
 * passes an entry that has none. Every package fetched from a registry must carry a sha512 one; workspace
 * links and the workspaces' own entries are not fetched and carry none.
 *
 * @example
 * npx ts-node --transpile-only scripts/lockfile-integrity.ts package-lock.json   # exit 1 listing each entry without one
 */
import { readFileSync } from 'node:fs';

interface LockEntry {
  link?: boolean;
  resolved?: string;
  integrity?: string;
  inBundle?: boolean;
}

/** Entries of an npm v2/v3 lockfile that would be downloaded without an sha512 integrity hash. */
export function entriesWithoutIntegrity(lock: { packages?: Record<string, LockEntry> }): string[] {
  return Object.entries(lock.packages ?? {})
    .filter(([path, entry]) => path.includes('node_modules/') && !entry.link && !entry.inBundle)
    .filter(([, entry]) => !entry.integrity?.startsWith('sha512-'))
    .map(([path]) => path);
}

if (require.main === module) {
  const file = process.argv[2] ?? 'package-lock.json';
  const missing = entriesWithoutIntegrity(JSON.parse(readFileSync(file, 'utf8')) as { packages?: Record<string, LockEntry> });
  if (missing.length > 0) {
    process.stderr.write(`${file}: ${missing.length} package(s) without an sha512 integrity hash:\n${missing.map((path) => `  ${path}\n`).join('')}`);
    process.exit(1);
  }
  process.stdout.write(`${file}: every package has an sha512 integrity hash\n`);
}
