import type { AssessmentInputs } from './inputs';

/** Inputs of a queued upgrade with nothing known beyond the lifecycle; override what a spec is about. */
export function baseInputs(overrides: { [K in keyof AssessmentInputs]?: Partial<AssessmentInputs[K]> } = {}): AssessmentInputs {
  return {
    subject: { type: 'lifecycle', id: 'u1', chainId: 31337, contract: `0x${'1'.repeat(40)}`, protocolId: 'demo', status: 'confirmed', stage: 'queued', eta: '2026-11-12T00:00:00.000Z', at: '2026-11-10T00:00:00.000Z', ...overrides.subject },
    action: { kind: 'upgrade_to', newImplementation: `0x${'2'.repeat(40)}`, initData: null, newImplementationCodeSize: null, recentUpgrades: 0, event: null, ...overrides.action },
    authority: { kind: 'timelock', timelock: null, safe: null, eoa: null, protocolHasGovernor: false, ...overrides.authority },
    proposal: overrides.proposal === undefined ? null : { proposalKey: 'governor:0xg:1', createdAt: '2026-11-01T00:00:00.000Z', passProbability: 0.5, margin: 0.3, quorumRatio: 2, top10Share: 0.5, nakamoto: 5, largeSideChanges: 0, ...overrides.proposal },
    sentiment: overrides.sentiment === undefined ? null : { score: 0, items: 0, ...overrides.sentiment },
    market: { annualisedVolatility: null, windowToBaseline: null, drawdown: null, reference: null, ...overrides.market },
    liquidity: { tvlUsd: null, tvlChange: null, regime: null, forecastChange: null, volumeToTvl: null, poolDepth: null, ...overrides.liquidity },
    bytecode: overrides.bytecode === undefined ? null : { previousCodeSize: null, newCodeSize: null, selectorsAdded: [], selectorsRemoved: [], removedFunctions: [], opcodesAdded: [], implementationNeverSeen: null, codeChangedSinceProposal: null, codeChanges: [], ...overrides.bytecode },
    deployment: overrides.deployment === undefined ? null : { blockNumber: '1', deployedAt: '2026-11-01T00:00:00.000Z', ageDays: 9, ...overrides.deployment },
    observed: { reference: null, poolDepth: null, pools: [], ...overrides.observed },
  };
}
