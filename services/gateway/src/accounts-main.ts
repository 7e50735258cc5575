import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { runMain } from '@pum/platform';
import { HELP, runAccountsCli, type AccountsCliIo } from './accounts/accounts-cli';
import { openAccountsStore } from './accounts/accounts-store';
import { loadGatewayConfig } from './config';

const io: AccountsCliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  readFile: (path) => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return null;
    }
  },
  writeSecretFile: (path, text) => writeFileSync(path, text, { mode: 0o600 }),
};

/** `npm run -s accounts -- <command>`: the operator command over the gateway's accounts (accounts/accounts-cli.ts). */
runMain('accounts', async () => {
  const argv = process.argv.slice(2);
  if (argv.length === 0 || argv[0] === 'help' || argv[0] === '--help') {
    io.stdout(HELP);
    return;
  }
  const store = await openAccountsStore(loadGatewayConfig(process.env));
  try {
    process.exitCode = await runAccountsCli(argv, store.accounts, io);
  } finally {
    await store.close();
  }
});
