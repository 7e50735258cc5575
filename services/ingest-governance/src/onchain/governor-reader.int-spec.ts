/**
 * The Governor reader against real contracts on a private Hardhat node, behind a JSON-RPC relay that
 * can fail chosen calls as a broken transport would (503): a fallback is for a contract that does not
 * answer, never for an RPC failure.
 */
import { deployContract, deployOzGovernance, deployUupsProxy, devnetClients, loadArtifacts, mineUntil, propose, sendTx, type DevnetClients, type GovernanceDeployment, type GovernorProposal } from '@pum/devnet';
import { PermanentMessageError } from '@pum/platform';
import { startDevnetNode, type DevnetNode } from '@pum/testing';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BaseError, createPublicClient, encodeFunctionData, http, HttpRequestError, parseAbi, parseEther, toFunctionSelector, type Address, type PublicClient } from 'viem';
import { GovernorReader, UnsupportedGovernorError } from './governor-reader';

/** The devnet shortcuts of tools/devnet/contracts/compound/GovernorBravoLike.sol (its reads are Bravo's). */
const bravoLikeAbi = parseAbi([
  'function propose(address[] targets, uint256[] values, string[] signatures, bytes[] calldatas, string description) returns (uint256)',
  'function castVoteWithWeight(uint256 proposalId, uint8 support, uint256 votes)',
  'function queue(uint256 proposalId, uint256 eta)',
]);

/** Relays JSON-RPC to `target`, answering 503 to the `eth_call`s whose selector is in `failing`. */
async function faultyRelay(target: string): Promise<{ url: string; failing: Set<string>; close: () => Promise<void> }> {
  const failing = new Set<string>();
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString();
      const request = JSON.parse(body) as { method: string; params?: [{ data?: string; input?: string }] };
      const data = request.params?.[0]?.data ?? request.params?.[0]?.input ?? '';
      if (request.method === 'eth_call' && failing.has(data.slice(0, 10))) {
        res.writeHead(503).end('upstream unavailable');
        return;
      }
      void fetch(target, { method: 'POST', headers: { 'content-type': 'application/json' }, body }).then(async (answer) => {
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(await answer.text());
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, failing, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

const selector = (signature: string) => toFunctionSelector(signature);

/** The rejection of `read`, asserted to be the relay's 503 (viem's HttpRequestError in its causes), not a contract's answer. */
async function transportFailure(read: Promise<unknown>): Promise<HttpRequestError> {
  const error = await read.then(
    () => new Error('the read resolved'),
    (rejection: unknown) => rejection,
  );
  expect(error).toBeInstanceOf(BaseError);
  const cause = (error as BaseError).walk((e) => e instanceof HttpRequestError);
  expect(cause).toBeInstanceOf(HttpRequestError);
  return cause as HttpRequestError;
}

describe('GovernorReader (private devnet)', () => {
  let node: DevnetNode;
  let c: DevnetClients;
  let oz: GovernanceDeployment;
  let vault: Address;
  let proposal: GovernorProposal;
  let relay: Awaited<ReturnType<typeof faultyRelay>>;
  let client: PublicClient;
  let bravo: Address;

  beforeAll(async () => {
    await loadArtifacts();
    node = await startDevnetNode();
    c = devnetClients(node.rpcUrl, { accountIndex: 0 });
    vault = (await deployUupsProxy(c)).proxy;
    oz = await deployOzGovernance(c, { votingDelay: 1, votingPeriod: 20, quorumPercent: 20, voters: [{ account: devnetClients(node.rpcUrl, { accountIndex: 11 }), weight: parseEther('100') }] });
    proposal = await propose(c, { governor: oz.governor, actions: [{ target: vault, data: '0x' }], description: 'Read me' });
    bravo = (await deployContract(c, 'GovernorBravoLike', [parseEther('20'), 0n, 5n])).address;
    const bravoCall = (data: `0x${string}`) => sendTx(c, bravo, data, 'GovernorBravoLike');
    await bravoCall(encodeFunctionData({ abi: bravoLikeAbi, functionName: 'propose', args: [[vault], [0n], [''], ['0x'], 'Bravo proposal'] }));
    await mineUntil(c, proposal.voteStart + 1n);
    await bravoCall(encodeFunctionData({ abi: bravoLikeAbi, functionName: 'castVoteWithWeight', args: [1n, 1, parseEther('15')] }));
    await bravoCall(encodeFunctionData({ abi: bravoLikeAbi, functionName: 'castVoteWithWeight', args: [1n, 0, parseEther('5')] }));
    await bravoCall(encodeFunctionData({ abi: bravoLikeAbi, functionName: 'castVoteWithWeight', args: [1n, 2, parseEther('7')] }));
    relay = await faultyRelay(node.rpcUrl);
    client = createPublicClient({ transport: http(relay.url, { retryCount: 0 }) });
  }, 120_000);

  afterAll(async () => {
    await relay?.close();
    await node?.stop();
  });

  afterEach(() => relay.failing.clear());

  it('reads the clock, decimals, quorum and state of an OpenZeppelin governor', async () => {
    const sut = new GovernorReader(client);

    expect(await sut.profile(oz.governor)).toEqual({ clock: 'blocknumber', decimals: 18 });
    expect(await sut.proposal(oz.governor, proposal.proposalId.toString())).toMatchObject({ state: 'active', quorum: parseEther('20'), eta: null });
  });

  it('falls back to block clock and 18 decimals for a contract that does not answer, and keeps that', async () => {
    const sut = new GovernorReader(client);

    expect(await sut.profile(vault)).toEqual({ clock: 'blocknumber', decimals: 18 });
  });

  it.each([['CLOCK_MODE()'], ['token()'], ['decimals()']])('rejects, and caches nothing, when the RPC fails the %s read', async (signature) => {
    const sut = new GovernorReader(client);
    relay.failing.add(selector(signature));

    expect((await transportFailure(sut.profile(oz.governor))).status).toBe(503);
    relay.failing.clear();
    expect(await sut.profile(oz.governor)).toEqual({ clock: 'blocknumber', decimals: 18 });
  });

  it.each([['quorum(uint256)'], ['proposalEta(uint256)']])('rejects a proposal read, rather than publishing a null, when the RPC fails %s', async (signature) => {
    const sut = new GovernorReader(client);
    await sut.profile(oz.governor);
    relay.failing.add(selector(signature));

    expect((await transportFailure(sut.proposal(oz.governor, proposal.proposalId.toString()))).status).toBe(503);
  });

  it('reads a GovernorBravo proposal through proposals(id) and quorumVotes(), having probed the governor once', async () => {
    const sut = new GovernorReader(client);

    const view = await sut.proposal(bravo, '1');

    expect(await sut.kind(bravo, '1')).toBe('bravo');
    expect(await sut.kind(oz.governor, proposal.proposalId.toString())).toBe('oz');
    expect(view).toMatchObject({ state: 'active', forVotes: parseEther('15'), againstVotes: parseEther('5'), abstainVotes: parseEther('7'), quorum: parseEther('20'), eta: null });
    expect(view.deadline - view.snapshot).toBe(5n);
    relay.failing.add(selector('proposalDeadline(uint256)'));
    expect(await sut.kind(bravo, '1')).toBe('bravo');
  });

  it('does not take a transport failure of the probe for a Bravo governor', async () => {
    const sut = new GovernorReader(client);
    relay.failing.add(selector('proposalDeadline(uint256)'));

    expect((await transportFailure(sut.kind(oz.governor, proposal.proposalId.toString()))).status).toBe(503);
    relay.failing.clear();
    expect(await sut.kind(oz.governor, proposal.proposalId.toString())).toBe('oz');
  });

  it('refuses, as a permanent error and at once, a contract that answers neither governor ABI', async () => {
    const sut = new GovernorReader(client);

    const error = await sut.proposal(vault, '1').catch((e: unknown) => e);

    expect(error).toBeInstanceOf(UnsupportedGovernorError);
    expect(error).toBeInstanceOf(PermanentMessageError);
  });
});
