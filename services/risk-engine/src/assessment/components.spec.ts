import { governanceComponent } from './governance-component';
import { liquidityComponent } from './liquidity-component';
import { marketComponent } from './market-component';
import { technicalComponent } from './technical-component';
import { baseInputs } from './test-inputs';

const liquiditySettings = { poolImpactBps: { elevated: 50, severe: 200 } };
const settings = { delayLoweredWindowSeconds: 30 * 86_400, fastExecutionSeconds: 3 * 86_400 };
const timelock = (delaySeconds: number | null, changed: { previousDelaySeconds: number; changedAt: string } | null = null) => ({
  address: `0x${'7'.repeat(40)}`,
  delaySeconds,
  previousDelaySeconds: changed?.previousDelaySeconds ?? null,
  changedAt: changed?.changedAt ?? null,
});
const rules = (component: { factors: { rule: string }[] }) => component.factors.map((f) => f.rule);

describe('governanceComponent', () => {
  it.each([
    [3600, 'exit_window_short', 30],
    [10 * 86_400, 'exit_window_limited', 15],
    [30 * 86_400, 'exit_window_long', 0],
  ])('grades a %i s timelock delay like an exit window (%s)', (delay, rule, points) => {
    const sut = governanceComponent(baseInputs({ authority: { timelock: timelock(delay) } }), settings);

    expect(sut.factors).toContainEqual(expect.objectContaining({ rule, points, evidence: expect.objectContaining({ delaySeconds: delay }) }));
  });

  it('treats a 1-of-N Safe as a single key and a 3-of-5 Safe as a real multisig', () => {
    const single = governanceComponent(baseInputs({ authority: { kind: 'multisig', safe: { address: '0xs', threshold: 1, owners: 3 } } }), settings);
    const three = governanceComponent(baseInputs({ authority: { kind: 'multisig', safe: { address: '0xs', threshold: 3, owners: 5 } } }), settings);

    expect(rules(single)).toContain('single_key_control');
    expect(rules(three)).toContain('multisig_threshold');
    expect(single.score).toBeGreaterThan(three.score);
  });

  it('flags an EOA bypassing the governance of a protocol that has a governor', () => {
    const sut = governanceComponent(baseInputs({ authority: { kind: 'eoa', eoa: '0xe', protocolHasGovernor: true } }), settings);

    expect(rules(sut)).toEqual(expect.arrayContaining(['no_timelock', 'eoa_authority', 'governance_bypassed']));
  });

  it('flags a delay lowered within the window before the upgrade, not one lowered long before', () => {
    const recent = governanceComponent(baseInputs({ authority: { timelock: timelock(3600, { previousDelaySeconds: 172_800, changedAt: '2026-11-08T00:00:00.000Z' }) } }), settings);
    const old = governanceComponent(baseInputs({ authority: { timelock: timelock(3600, { previousDelaySeconds: 172_800, changedAt: '2026-01-01T00:00:00.000Z' }) } }), settings);

    expect(recent.factors.find((f) => f.rule === 'delay_lowered')?.evidence).toMatchObject({ previousDelaySeconds: 172_800, delaySeconds: 3600 });
    expect(rules(old)).not.toContain('delay_lowered');
  });

  it('reads the vote: margin, concentration, pass probability and a fast execution', () => {
    const sut = governanceComponent(
      baseInputs({ subject: { eta: '2026-11-02T00:00:00.000Z' }, proposal: { margin: 0.02, top10Share: 0.95, nakamoto: 1, passProbability: 1, quorumRatio: 0.8 } }),
      settings,
    );

    expect(rules(sut)).toEqual(expect.arrayContaining(['narrow_margin', 'below_quorum', 'concentrated_voting_power', 'low_nakamoto_coefficient', 'pass_probability', 'fast_execution']));
    expect(sut.factors.find((f) => f.rule === 'pass_probability')?.points).toBe(15);
  });

  it('scores a timelock delay cut as an attack signature', () => {
    const sut = governanceComponent(
      baseInputs({ subject: { type: 'control_event', stage: null, eta: null }, action: { kind: 'timelock_min_delay_changed', event: { oldDelay: 172_800, newDelay: 3600 } } }),
      settings,
    );

    expect(sut.factors[0]).toMatchObject({ rule: 'delay_cut', points: 50 });
  });
});

describe('technicalComponent', () => {
  it('keeps the first rule set: implementation change, no code, rapid succession', () => {
    const sut = technicalComponent(baseInputs({ action: { newImplementationCodeSize: 0, recentUpgrades: 1 } }));

    expect(rules(sut)).toEqual(['implementation_change', 'no_code_at_implementation', 'rapid_successive_upgrades']);
    expect(sut.score).toBe(100);
  });

  it('reads the initialiser of upgradeToAndCall', () => {
    const sut = technicalComponent(baseInputs({ action: { kind: 'upgrade_to_and_call', initData: '0x8129fc1c' } }));

    expect(sut.factors.find((f) => f.rule === 'initializer_call')?.evidence).toMatchObject({ selector: '0x8129fc1c' });
  });

  it('raises the score with the bytecode facts from the seam', () => {
    const sut = technicalComponent(baseInputs({ bytecode: { opcodesAdded: ['SELFDESTRUCT'], selectorsRemoved: ['0x8456cb59'], removedFunctions: ['pause()'] } }));

    expect(rules(sut)).toEqual(expect.arrayContaining(['selfdestruct_added', 'functions_removed']));
    expect(sut.factors.find((f) => f.rule === 'functions_removed')?.detail).toContain('pause()');
  });

  it('flags code changed since the proposal with both readings as evidence, and a never-seen implementation', () => {
    const change = { address: `0x${'2'.repeat(40)}`, kind: 'changed' as const, fromBlock: '10', fromHash: `0x${'a'.repeat(64)}`, fromSize: 120, toBlock: '14', toHash: `0x${'b'.repeat(64)}`, toSize: 80 };
    const sut = technicalComponent(baseInputs({ bytecode: { codeChangedSinceProposal: true, codeChanges: [change], implementationNeverSeen: true } }));

    expect(sut.factors.find((f) => f.rule === 'code_changed_since_proposal')).toMatchObject({ points: 70, evidence: { ...change, addresses: change.address } });
    expect(rules(sut)).toContain('implementation_never_seen');
  });

  it('flags a contract younger than 30 days at the action, with its deployment as evidence, and shows an older one at 0 points', () => {
    const young = technicalComponent(baseInputs({ deployment: { blockNumber: '42', deployedAt: '2026-11-10T00:00:00.000Z', ageDays: 0 } }));
    const month = technicalComponent(baseInputs({ deployment: { ageDays: 29 } }));
    const old = technicalComponent(baseInputs({ deployment: { ageDays: 30 } }));

    expect(young.factors.find((f) => f.rule === 'young_contract')).toMatchObject({
      points: 10,
      evidence: { contract: `0x${'1'.repeat(40)}`, contractAgeDays: 0, deploymentBlock: '42', deployedAt: '2026-11-10T00:00:00.000Z' },
    });
    expect(rules(month)).toContain('young_contract');
    expect(old.factors.find((f) => f.rule === 'contract_age')).toMatchObject({ points: 0, evidence: { contractAgeDays: 30 } });
    expect(rules(old)).not.toContain('young_contract');
    expect(rules(technicalComponent(baseInputs()))).not.toContain('contract_age');
  });

  it('raises neither when the code is unchanged since the proposal and the implementation was seen before', () => {
    const sut = technicalComponent(baseInputs({ bytecode: { codeChangedSinceProposal: false, codeChanges: [], implementationNeverSeen: false } }));

    expect(rules(sut)).not.toContain('code_changed_since_proposal');
    expect(rules(sut)).not.toContain('implementation_never_seen');
  });
});

describe('marketComponent', () => {
  it('scores high forecast volatility, a spike around the ETA and a drawdown', () => {
    const sut = marketComponent(baseInputs({ market: { annualisedVolatility: 1.2, windowToBaseline: 1.6, drawdown: 0.3 } }));

    expect(rules(sut)).toEqual(['high_forecast_volatility', 'volatility_around_eta', 'recent_drawdown']);
    expect(sut.score).toBe(100);
  });

  it('is zero when the market is calm', () => {
    expect(marketComponent(baseInputs({ market: { annualisedVolatility: 0.3, drawdown: 0 } })).score).toBe(0);
  });

  const fit = (beta: number, correlation: number) => ({ assetId: 'ethereum', beta, correlation, observationsAtLeast: 30, barSeconds: 3600, windowSeconds: 604_800 });

  it.each([
    [2, 0.9, 'high_reference_beta', 20],
    [1.5, 0.9, 'elevated_reference_beta', 10],
    [1.45, 0.9, 'reference_beta', 0],
    [3, 0.45, 'reference_beta', 0],
    [-2, -0.9, 'reference_beta', 0],
  ])('grades β %d at correlation %d against the reference asset as %s (%i points)', (beta, correlation, rule, points) => {
    const sut = marketComponent(baseInputs({ market: { reference: fit(beta, correlation) } }));

    expect(sut.factors).toEqual([expect.objectContaining({ rule, points, evidence: expect.objectContaining({ referenceAsset: 'ethereum', beta, correlation, observationsAtLeast: 30, windowSeconds: 604_800 }) })]);
  });

  it("adds the fit's exact figures, as read, to the evidence", () => {
    const observed = { correlation: 0.9987, beta: 2.0123, observations: 41, from: '2026-11-01T00:00:00.000Z', to: '2026-11-10T00:00:00.000Z' };
    const sut = marketComponent(baseInputs({ market: { reference: fit(2, 0.95) }, observed: { reference: observed } }));

    expect(sut.factors[0].evidence).toMatchObject({ observedBeta: 2.0123, observedCorrelation: 0.9987, observations: 41, from: observed.from, to: observed.to });
  });

  it('has no reference factor without a fit (no reference asset, too few aligned returns)', () => {
    expect(marketComponent(baseInputs()).factors).toEqual([]);
  });
});

describe('liquidityComponent', () => {
  it('scores a stressed regime, a falling and low TVL and thin volume', () => {
    const sut = liquidityComponent(baseInputs({ liquidity: { regime: 'stressed', tvlChange: -0.25, tvlUsd: 500_000, volumeToTvl: 0.001, forecastChange: -0.2 } }), liquiditySettings);

    expect(rules(sut)).toEqual(['liquidity_stressed', 'tvl_forecast_falling', 'tvl_falling', 'low_tvl', 'thin_volume']);
  });

  it.each([
    [500, 'thin_pool_depth', 30],
    [200, 'thin_pool_depth', 30],
    [50, 'thin_pool_depth', 15],
    [20, 'pool_depth', 0],
  ])("grades a position's price impact of %i bps on the deepest pool as %s (%i points)", (impactBps, rule, points) => {
    const sut = liquidityComponent(
      baseInputs({ liquidity: { poolDepth: { poolId: '1:0xpool', sizeUsd: 100_000, impactBps } }, observed: { poolDepth: { impactBps: impactBps + 7.5, blockNumber: '123' } } }),
      liquiditySettings,
    );

    expect(sut.factors).toEqual([
      expect.objectContaining({ rule, points, evidence: { poolId: '1:0xpool', sizeUsd: 100_000, impactBpsAtLeast: impactBps, impactBps: impactBps + 7.5, blockNumber: '123' } }),
    ]);
  });

  it('grades by the configured thresholds', () => {
    const sut = liquidityComponent(baseInputs({ liquidity: { poolDepth: { poolId: '1:0xpool', sizeUsd: 1000, impactBps: 75 } } }), { poolImpactBps: { elevated: 75, severe: 300 } });

    expect(sut.factors[0]).toMatchObject({ rule: 'thin_pool_depth', points: 15 });
  });
});
