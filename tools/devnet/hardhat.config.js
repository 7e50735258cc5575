// Hardhat 2.28 config for the local EVM devnet (JSON-RPC only; hardhat never compiles here).
//
//   npx hardhat --config tools/devnet/hardhat.config.js node --hostname 127.0.0.1 --port 8545
//
// Offline by design:
// - No compilation: `sources` points at a directory that never exists, and the `node` task does not
//   compile anyway. Contracts are compiled with solc-js by tools/devnet/src/compile.ts, so hardhat
//   never downloads a solc build.
// - No telemetry prompt: HARDHAT_DISABLE_TELEMETRY_PROMPT is set below, before hardhat's CLI checks it
//   (the check runs after the config is loaded). Exporting HARDHAT_DISABLE_TELEMETRY_PROMPT=true in the
//   shell works too. Without consent (never prompted), hardhat sends no analytics.
'use strict';

const path = require('node:path');

process.env.HARDHAT_DISABLE_TELEMETRY_PROMPT = 'true';

const repoRoot = path.resolve(__dirname, '../..');
const scratch = path.join(repoRoot, '.local', 'devnet', 'hardhat'); // git-ignored

/** @type {import('hardhat/config').HardhatUserConfig} */
module.exports = {
  defaultNetwork: 'hardhat',
  networks: {
    hardhat: {
      chainId: 31337,
      // Matches the solc evmVersion used by compile.ts.
      hardfork: 'cancun',
      mining: { auto: true, interval: 0 },
      // Hardhat's well-known deterministic accounts (same mnemonic/path as the defaults, spelled out).
      accounts: {
        mnemonic: 'test test test test test test test test test test test junk',
        path: "m/44'/60'/0'/0",
        count: 20,
        accountsBalance: '10000000000000000000000', // 10 000 ETH
      },
    },
  },
  paths: {
    root: __dirname,
    sources: path.join(scratch, 'no-sources'),
    tests: path.join(scratch, 'no-tests'),
    cache: path.join(scratch, 'cache'),
    artifacts: path.join(scratch, 'artifacts'),
  },
};
