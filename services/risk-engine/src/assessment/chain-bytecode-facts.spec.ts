import { ChainClients } from '@pum/evm';
import { JsonLogger } from '@pum/platform';
import { DataSource } from 'typeorm';
import { LifecycleHistoryRepository } from '../inputs/lifecycle-history.repository';
import { ChainBytecodeFacts } from './chain-bytecode-facts';

describe('ChainBytecodeFacts', () => {
  const query = { chainId: 1, target: `0x${'1'.repeat(40)}`, newImplementation: `0x${'2'.repeat(40)}`, stage: 'queued' as const, executionEventId: null, upgradeId: 'u1' };
  // Never connected: neither case reaches the history (the lifecycles are in the int-specs).
  const history = new LifecycleHistoryRepository(new DataSource({ type: 'postgres', schema: 'unused' }));
  const logger = new JsonLogger('risk-engine', 'silent');

  it('gives no facts for a chain without endpoints, and warns once per chain', async () => {
    const warn = jest.spyOn(logger, 'warn');
    const sut = new ChainBytecodeFacts(new ChainClients([]), history, logger);

    await expect(sut.factsFor(query)).resolves.toBeNull();
    await expect(sut.factsFor(query)).resolves.toBeNull();

    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]?.[0]).toMatchObject({ chain_id: 1 });
  });

  it('gives no facts for an upgrade without a new implementation, reading nothing', async () => {
    const chains = new ChainClients([{ chainId: 1, endpoints: [{ url: 'http://127.0.0.1:1' }] }]);
    const of = jest.spyOn(chains, 'of');

    await expect(new ChainBytecodeFacts(chains, history, logger).factsFor({ ...query, newImplementation: null })).resolves.toBeNull();
    expect(of).not.toHaveBeenCalled();
  });
});
