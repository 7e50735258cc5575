import type { TransactionFacts } from '../onchain/transaction-facts';
import { authorityOf } from './lifecycle.service';

const facts = (overrides: Partial<TransactionFacts> = {}): TransactionFacts => ({
  transactionHash: '0xtx',
  blockHash: '0xblock',
  from: '0xsender',
  senderIsContract: false,
  proposalsQueued: [],
  proposalsExecuted: [],
  operationsScheduled: [],
  operationsExecuted: [],
  safeExecutions: [],
  ...overrides,
});

describe('authority of an upgrade no tracked proposal announced', () => {
  it('names a Safe that executed in the same transaction', () => {
    expect(authorityOf(facts({ safeExecutions: ['0xsafe'], operationsExecuted: [{ timelock: '0xt', operationId: '0xop' }] }))).toBe('multisig');
  });

  it('names a Governor, then a timelock, that executed in the same transaction', () => {
    expect(authorityOf(facts({ proposalsExecuted: [{ governor: '0xg', proposalId: '1' }] }))).toBe('governor');
    expect(authorityOf(facts({ operationsExecuted: [{ timelock: '0xt', operationId: '0xop' }] }))).toBe('timelock');
  });

  it('names the single key of a sender without code, and a contract sender as such', () => {
    expect(authorityOf(facts())).toBe('eoa');
    expect(authorityOf(facts({ senderIsContract: true }))).toBe('contract');
  });
});
