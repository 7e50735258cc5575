import type { UpgradedEvent } from '@pum/contracts';
import { levelOf, scoreEvent, scoreUpgrade } from './upgrade-rules';

const event = (overrides: Partial<UpgradedEvent> = {}): UpgradedEvent => ({
  kind: 'upgraded',
  standard: 'eip1967',
  eventId: `31337:0x${'a'.repeat(64)}:0`,
  status: 'confirmed',
  chainId: 31337,
  contract: `0x${'1'.repeat(40)}`,
  blockNumber: '10',
  blockHash: `0x${'b'.repeat(64)}`,
  transactionHash: `0x${'a'.repeat(64)}`,
  logIndex: 0,
  protocolId: null,
  previousImplementation: `0x${'2'.repeat(40)}`,
  newImplementation: `0x${'3'.repeat(40)}`,
  newImplementationCodeSize: 1200,
  newImplementationCodeHash: `0x${'c'.repeat(64)}`,
  ...overrides,
});

describe('scoreUpgrade', () => {
  const quiet = { recentUpgrades: 0, windowSeconds: 86_400 };

  it('scores a plain implementation change as medium', () => {
    const sut = scoreUpgrade(event(), quiet);

    expect(sut.score).toBe(30);
    expect(sut.level).toBe('medium');
    expect(sut.factors.map((f) => f.rule)).toEqual(['implementation_change']);
  });

  it('scores a first implementation as low', () => {
    const sut = scoreUpgrade(event({ previousImplementation: null }), quiet);

    expect(sut).toMatchObject({ score: 10, level: 'low' });
  });

  it('flags an implementation without code as critical', () => {
    const sut = scoreUpgrade(event({ newImplementationCodeSize: 0, newImplementationCodeHash: null }), quiet);

    expect(sut.level).toBe('critical');
    expect(sut.factors.map((f) => f.rule)).toContain('no_code_at_implementation');
  });

  it('adds points for an upgrade soon after another', () => {
    const sut = scoreUpgrade(event(), { recentUpgrades: 2, windowSeconds: 3600 });

    expect(sut.score).toBe(50);
    expect(sut.level).toBe('high');
  });

  it('clamps the score to 100', () => {
    const sut = scoreUpgrade(event({ newImplementationCodeSize: 0 }), { recentUpgrades: 1, windowSeconds: 60 });

    expect(sut.score).toBe(100);
  });

  it.each([
    [0, 'low'],
    [24, 'low'],
    [25, 'medium'],
    [50, 'high'],
    [75, 'critical'],
  ])('maps score %i to %s', (score, level) => {
    expect(levelOf(score)).toBe(level);
  });
});

describe('scoreUpgrade of a retracted upgrade', () => {
  it('scores zero with the retraction as the only factor', () => {
    const sut = scoreUpgrade(event({ status: 'retracted', newImplementationCodeSize: null }), { recentUpgrades: 3, windowSeconds: 60 });

    expect(sut).toEqual({ score: 0, level: 'low', factors: [expect.objectContaining({ rule: 'retracted' })] });
  });
});

describe('scoreEvent', () => {
  const quiet = { recentUpgrades: 0, windowSeconds: 86_400 };
  const base = { ...event(), status: 'confirmed' as const };
  const { previousImplementation: _p, newImplementation: _n, newImplementationCodeSize: _s, newImplementationCodeHash: _h, ...common } = base;

  it('scores an admin handed to an EOA as high', () => {
    const sut = scoreEvent({ ...common, kind: 'admin_changed', previousAdmin: `0x${'4'.repeat(40)}`, newAdmin: `0x${'5'.repeat(40)}`, newAdminCodeSize: 0 }, quiet);

    expect(sut).toMatchObject({ score: 55, level: 'high' });
    expect(sut?.factors.map((f) => f.rule)).toEqual(['admin_change', 'eoa_admin']);
  });

  it('scores the first admin of a proxy as low', () => {
    const sut = scoreEvent({ ...common, kind: 'admin_changed', previousAdmin: null, newAdmin: `0x${'5'.repeat(40)}`, newAdminCodeSize: 1500 }, quiet);

    expect(sut).toMatchObject({ score: 10, level: 'low' });
  });

  it('scores a beacon switch like an implementation change', () => {
    const sut = scoreEvent(
      { ...common, kind: 'beacon_upgraded', previousBeacon: `0x${'6'.repeat(40)}`, newBeacon: `0x${'7'.repeat(40)}`, newImplementation: `0x${'8'.repeat(40)}`, newImplementationCodeSize: 900 },
      quiet,
    );

    expect(sut).toMatchObject({ score: 30, level: 'medium' });
  });

  it('scores a diamond cut that replaces functions higher than one that only adds', () => {
    const cut = (action: 'add' | 'replace') => ({ facetAddress: `0x${'9'.repeat(40)}` as const, action, functionSelectors: ['0x12345678'] });
    const adds = scoreEvent({ ...common, kind: 'diamond_cut', standard: 'eip2535', facetCuts: [cut('add')], init: null, initCalldata: '0x' }, quiet);
    const replaces = scoreEvent({ ...common, kind: 'diamond_cut', standard: 'eip2535', facetCuts: [cut('add'), cut('replace')], init: `0x${'a'.repeat(40)}`, initCalldata: '0x1234' }, quiet);

    expect(adds?.score).toBe(15);
    expect(replaces?.score).toBe(40);
    expect(replaces?.factors.map((f) => f.rule)).toEqual(['facets_replaced_or_removed', 'init_delegatecall']);
  });

  const { standard: _standard, ...event0 } = common;
  const owner = (previousOwner: `0x${string}`, newOwner: `0x${string}`, newOwnerCodeSize: number | null) =>
    ({ ...event0, kind: 'ownership_transferred', standard: 'ownable', previousOwner, newOwner, newOwnerCodeSize }) as const;
  const ZERO = `0x${'0'.repeat(40)}` as const;
  const A = `0x${'4'.repeat(40)}` as const;
  const B = `0x${'5'.repeat(40)}` as const;

  it('scores ownership handed to an EOA as high, to a contract as medium', () => {
    const toEoa = scoreEvent(owner(A, B, 0), quiet);
    const toContract = scoreEvent(owner(A, B, 3000), quiet);

    expect(toEoa).toMatchObject({ score: 55, level: 'high' });
    expect(toEoa?.factors.map((f) => f.rule)).toEqual(['ownership_change', 'eoa_owner']);
    expect(toContract).toMatchObject({ score: 40, level: 'medium', factors: [{ rule: 'ownership_change' }] });
  });

  it('scores a first owner and a renounced ownership as low', () => {
    expect(scoreEvent(owner(ZERO, B, 3000), quiet)).toMatchObject({ score: 5, factors: [{ rule: 'initial_owner' }] });
    expect(scoreEvent(owner(A, ZERO, 0), quiet)).toMatchObject({ score: 10, factors: [{ rule: 'ownership_renounced' }] });
  });

  const threshold = (value: string, previousSafeThreshold: number | null, owners = 3) =>
    ({
      ...event0,
      kind: 'safe_threshold_changed',
      standard: 'safe',
      safeVersion: null,
      threshold: value,
      safeOwners: Array.from({ length: owners }, (_, i) => `0x${String(i + 1).repeat(40)}` as const),
      safeThreshold: Number(value),
      previousSafeThreshold,
    }) as const;

  it('scores a Safe whose threshold fell to a single signer of many as high', () => {
    const sut = scoreEvent(threshold('1', 2), quiet);

    expect(sut).toMatchObject({ score: 55, level: 'high' });
    expect(sut?.factors.map((f) => f.rule)).toEqual(['safe_threshold_lowered', 'single_signer_safe']);
  });

  it('scores a raised Safe threshold as low', () => {
    expect(scoreEvent(threshold('3', 2), quiet)).toMatchObject({ score: 5, level: 'low', factors: [{ rule: 'safe_threshold_changed' }] });
  });

  it('does not score governance, timelock and other Safe events', () => {
    const vote = { ...event0, kind: 'vote_cast', standard: 'governor', proposalId: '1', voter: A, support: 1, weight: '5', reason: '', params: null, quorum: null, votingPeriod: null, proposalState: null, proposalEta: null } as const;

    expect(scoreEvent(vote, quiet)).toBeNull();
  });
});
