import { parseModel } from '@pum/risk-model';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assessInputs, modelFacts } from './assess-inputs';
import { baseInputs } from './test-inputs';

const model = parseModel(JSON.parse(readFileSync(join(__dirname, '../../../../libs/risk-model/model/upgrade-risk-model.v1.json'), 'utf8')));
const settings = { weights: { technical: 0.35, governance: 0.35, market: 0.15, liquidity: 0.15 }, modelWeight: 0.3, delayLoweredWindowSeconds: 30 * 86_400, fastExecutionSeconds: 3 * 86_400, poolImpactBps: { elevated: 50, severe: 200 } };

describe('assessInputs', () => {
  it('combines the components by their weights and shows each factor contribution, largest first', () => {
    const sut = assessInputs(baseInputs({ authority: { kind: 'eoa', eoa: '0xe' } }), model, settings);

    const contributions = sut.factors.map((f) => f.contribution ?? 0);
    expect(contributions).toEqual([...contributions].sort((a, b) => b - a));
    const weighted = (0.35 * sut.components.technical.score + 0.35 * sut.components.governance.score + 0.15 * sut.components.market.score + 0.15 * sut.components.liquidity.score) / 1;
    expect(sut.score).toBe(Math.round(weighted));
    expect(sut.model).toMatchObject({ version: model.modelVersion });
    expect(sut.recommendations[0]).toMatchObject({ code: 'single_key_control', severity: 'critical' });
  });

  it('never lets the weights dilute an implementation without code', () => {
    const sut = assessInputs(baseInputs({ action: { newImplementationCodeSize: 0 } }), model, settings);

    expect(sut.score).toBeGreaterThanOrEqual(90);
    expect(sut.level).toBe('critical');
  });

  it('recommends exiting before the ETA of a risky open upgrade', () => {
    const sut = assessInputs(
      baseInputs({ authority: { kind: 'eoa', eoa: '0xe', protocolHasGovernor: true }, action: { newImplementationCodeSize: 0 } }),
      model,
      settings,
    );

    expect(sut.recommendations.map((r) => r.code)).toContain('exit_before_eta');
  });

  it('scores a retracted subject 0', () => {
    expect(assessInputs(baseInputs({ subject: { status: 'retracted' } }), model, settings)).toMatchObject({ score: 0, level: 'low' });
  });
});

describe('modelFacts', () => {
  it('builds the training facts from the stored ones', () => {
    const sut = modelFacts(baseInputs({ authority: { kind: 'timelock', timelock: { address: '0xt', delaySeconds: 172_800, previousDelaySeconds: null, changedAt: null }, safe: { address: '0xs', threshold: 3, owners: 5 } } }));

    expect(sut).toEqual({ action: 'implementation_upgrade', authority: 'multisig', multisig: { threshold: 3, owners: 5 }, timelockDelayHours: 48, governanceBypassed: null, contractAgeDays: null, audited: null });
  });

  it("gives the model the contract's age in whole days where its deployment is known", () => {
    expect(modelFacts(baseInputs({ deployment: { ageDays: 0 } }))?.contractAgeDays).toBe(0);
    expect(modelFacts(baseInputs({ deployment: { ageDays: 60 } }))?.contractAgeDays).toBe(60);
    expect(modelFacts(baseInputs())?.contractAgeDays).toBeNull();
  });

  it('has no facts for actions the data set has no rows of', () => {
    expect(modelFacts(baseInputs({ action: { kind: 'paused' } }))).toBeNull();
  });
});
