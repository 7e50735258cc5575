import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readProtocolRegistryFile, RegistryFileError } from './protocol-registry-file';

describe('readProtocolRegistryFile', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'registry-'));
  });

  it('reads a valid registry with its optional off-chain ids', async () => {
    const file = join(dir, 'ok.yaml');
    await writeFile(file, "protocols:\n  - { id: aave, name: Aave, snapshotSpace: aave.eth, forumUrl: 'https://governance.aave.com' }\n");

    const sut = await readProtocolRegistryFile(file);

    expect(sut.protocols[0]).toMatchObject({ id: 'aave', snapshotSpace: 'aave.eth', forumUrl: 'https://governance.aave.com', contracts: [] });
  });

  it.each([
    ['a missing file', null, /cannot read/],
    ['invalid YAML', 'protocols: [', /not valid YAML/],
    ['a bad slug and a bad address at once', "protocols:\n  - { id: 'Bad Slug', name: x, contracts: [{ chainId: 1, address: '0x12' }] }\n", /protocols\.0\.id: lower-case slug; protocols\.0\.contracts\.0\.address/],
  ])('names the problem in %s', async (_case, text, reason) => {
    const file = join(dir, `${Math.random()}.yaml`);
    if (text !== null) await writeFile(file, text);

    const sut = readProtocolRegistryFile(file);

    await expect(sut).rejects.toThrow(RegistryFileError);
    await expect(readProtocolRegistryFile(file)).rejects.toThrow(reason);
  });
});
