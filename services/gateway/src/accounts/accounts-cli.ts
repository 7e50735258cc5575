import { HttpException } from '@nestjs/common';
import type { AccountsService } from './accounts.service';
import { role, tier } from './tiers';

/**
 * The operator command over gateway accounts (`npm run -s accounts -- <command>`), on the gateway's
 * Postgres schema with the gateway's config (.env, DATABASE_URL, DATABASE_SCHEMA). Output is JSON, one
 * value per line; the key of `create-key` / `demo` is printed once and never stored.
 */
export const HELP = `usage: npm run -s accounts -- create-user --email EMAIL [--tier free|basic|pro|enterprise] [--role user|admin]
       npm run -s accounts -- update-user --user ID|EMAIL [--tier TIER] [--role ROLE]
       npm run -s accounts -- list-users
       npm run -s accounts -- create-key  --user ID|EMAIL [--name NAME]
       npm run -s accounts -- list-keys   [--user ID|EMAIL]
       npm run -s accounts -- revoke-key  --key pum_ID
       npm run -s accounts -- demo        --key-file .local/demo-api-key
`;

export const EXIT_OK = 0;
/** Not found, already exists, already revoked. */
export const EXIT_REFUSED = 1;
export const EXIT_USAGE_ERROR = 2;

/** The command line is wrong: exit status 2. */
class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** The command's contact with the outside world (injected so tests run it in-process). */
export interface AccountsCliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile(path: string): string | null;
  /** Written readable by the owner only (it holds a key). */
  writeSecretFile(path: string, text: string): void;
}

export const DEMO_EMAIL = 'demo@localhost';

function options(args: string[], allowed: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (let i = 0; i < args.length; i += 2) {
    const name = args[i]!.replace(/^--/, '');
    if (!args[i]!.startsWith('--') || !allowed.includes(name)) throw new UsageError(`unknown argument '${args[i]}'`);
    const value = args[i + 1];
    if (value === undefined || value.startsWith('--')) throw new UsageError(`--${name} needs a value`);
    out.set(name, value);
  }
  return out;
}

function required(o: Map<string, string>, name: string): string {
  const value = o.get(name);
  if (value === undefined) throw new UsageError(`--${name} is required`);
  return value;
}

function parsed<T>(schema: { safeParse(value: unknown): { success: true; data: T } | { success: false } }, name: string, value: string | undefined): T | undefined {
  if (value === undefined) return undefined;
  const result = schema.safeParse(value);
  if (!result.success) throw new UsageError(`--${name} '${value}' is not valid`);
  return result.data;
}

const line = (io: AccountsCliIo, value: unknown) => io.stdout(`${JSON.stringify(value)}\n`);

async function run(argv: string[], accounts: AccountsService, io: AccountsCliIo): Promise<void> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'create-user': {
      const o = options(rest, ['email', 'tier', 'role']);
      line(io, await accounts.createUser({ email: required(o, 'email'), tier: parsed(tier, 'tier', o.get('tier')) ?? 'free', role: parsed(role, 'role', o.get('role')) ?? 'user' }));
      return;
    }
    case 'update-user': {
      const o = options(rest, ['user', 'tier', 'role']);
      const user = await accounts.findUser(required(o, 'user'));
      const changes = { tier: parsed(tier, 'tier', o.get('tier')), role: parsed(role, 'role', o.get('role')) };
      if (changes.tier === undefined && changes.role === undefined) throw new UsageError('update-user needs --tier or --role');
      line(io, await accounts.updateUser(user.id, changes));
      return;
    }
    case 'list-users':
      options(rest, []);
      for (const user of await accounts.listUsers(100_000)) line(io, user);
      return;
    case 'create-key': {
      const o = options(rest, ['user', 'name']);
      const user = await accounts.findUser(required(o, 'user'));
      line(io, await accounts.createKey(user.id, o.get('name') ?? 'default'));
      return;
    }
    case 'list-keys': {
      const o = options(rest, ['user']);
      const userId = o.has('user') ? (await accounts.findUser(o.get('user')!)).id : undefined;
      for (const key of await accounts.listKeys(userId)) line(io, key);
      return;
    }
    case 'revoke-key': {
      const o = options(rest, ['key']);
      line(io, await accounts.revokeKey(required(o, 'key').replace(/^(pum_[0-9a-f]{12})_.*$/, '$1')));
      return;
    }
    case 'demo': {
      const o = options(rest, ['key-file']);
      const file = required(o, 'key-file');
      const user = await accounts.ensureUser({ email: DEMO_EMAIL, tier: 'pro', role: 'user' });
      const stored = io.readFile(file)?.trim();
      if (stored && (await accounts.isLiveKey(stored))) {
        line(io, { user, key: stored, created: false });
        return;
      }
      const created = await accounts.createKey(user.id, 'demo');
      io.writeSecretFile(file, `${created.key}\n`);
      line(io, { user, key: created.key, created: true });
      return;
    }
    case undefined:
    case 'help':
    case '--help':
      io.stdout(HELP);
      return;
    default:
      throw new UsageError(`unknown command '${command}'`);
  }
}

/** Runs one command; returns the exit status (0 done, 1 refused, 2 usage error). */
export async function runAccountsCli(argv: string[], accounts: AccountsService, io: AccountsCliIo): Promise<number> {
  try {
    await run(argv, accounts, io);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`accounts: ${error.message}\n${HELP}`);
      return EXIT_USAGE_ERROR;
    }
    if (error instanceof HttpException) {
      io.stderr(`accounts: ${error.message}\n`);
      return EXIT_REFUSED;
    }
    throw error;
  }
}
