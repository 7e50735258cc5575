import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readNetworksFile as sut } from './networks-file';

describe('readNetworksFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'networks-'));
  const fileWith = (text: string) => {
    const file = join(dir, `${Math.random()}.yaml`);
    writeFileSync(file, text);
    return file;
  };
  const network = 'name: alpha, chainId: 5, blockTimeMs: 1000, confirmations: 1, finalityDepth: 4';

  it('reads a network with defaults for what it leaves out', () => {
    const { networks, problems } = sut(fileWith(`networks:\n  - { ${network} }\n`));

    expect(problems).toEqual([]);
    expect(networks).toEqual([{ name: 'alpha', chainId: 5, blockTimeMs: 1000, confirmations: 1, finalityDepth: 4, enabled: true, maxBlockRange: 2000, startBlock: 'latest', dexSwaps: 'registry' }]);
  });

  it.each([
    ['a missing file', null, /^CHAIN_NETWORKS_FILE: cannot read/],
    ['invalid YAML', 'networks: [', /^CHAIN_NETWORKS_FILE: cannot read .*: /],
    ['a finality depth below the confirmations', `networks:\n  - { ${network.replace('confirmations: 1', 'confirmations: 5')} }\n`, /: networks\.0\.finalityDepth: /],
    ['a misspelt key', `networks:\n  - { ${network}, confirmation: 3 }\n`, /: networks\.0: Unrecognized key: "confirmation"/],
    ['a chain id listed twice', `networks:\n  - { ${network} }\n  - { ${network.replace('alpha', 'beta')} }\n`, /: networks\.1: chainId 5 is already used by networks\.0/],
    ['an RPC endpoint that is not http', `networks:\n  - { ${network}, rpcEndpoints: [{ url: 'wss://a.example' }] }\n`, /: networks\.0\.rpcEndpoints\.0\.url: /],
  ])('names the key at fault for %s', (_case, text, problem) => {
    const file = text === null ? join(dir, 'missing.yaml') : fileWith(text);

    expect(sut(file).problems).toEqual([expect.stringMatching(problem)]);
  });
});
