import { marketTickId, upgradeLifecycleMessageId, type MarketTick, type MessageOf, type UpgradeLifecycle } from '@pum/contracts';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const hex = (bytes: number) => `0x${randomBytes(bytes).toString('hex')}` as `0x${string}`;
const DAY_MS = 86_400_000;

/** The R reference data of the numerics, which the service's specs fit too. */
const FIXTURES = join(__dirname, '../../../libs/timeseries/test/fixtures');

/** A numeric fixture column of libs/timeseries/test/fixtures (first line is the header). */
export function fixture(name: string): number[] {
  return readFileSync(join(FIXTURES, name), 'utf8').trim().split('\n').slice(1).map(Number);
}

/** Prices whose log returns are the given returns, from 100. */
export function pricesFromReturns(returns: readonly number[]): number[] {
  const prices = [100];
  for (const r of returns) prices.push(prices[prices.length - 1] * Math.exp(r));
  return prices;
}

/** Midnight UTC `n` days after `start`, ISO. */
export function day(start: string, n: number): string {
  return new Date(new Date(start).getTime() + n * DAY_MS).toISOString();
}

/** A valid market.ticks.v1 message; the tick id (and message id) follow the contract's rule. */
export function tickMessage(
  tick: Pick<MarketTick, 'subject' | 'metric' | 'value' | 'timestamp'> & Partial<MarketTick>,
): MessageOf<'market.ticks.v1'> {
  const source = tick.source ?? 'coingecko';
  const payload: MarketTick = {
    tickId: marketTickId({ source, subject: tick.subject, metric: tick.metric, timestamp: tick.timestamp }),
    currency: 'usd',
    source,
    protocolId: null,
    chainId: null,
    windowSeconds: null,
    ...tick,
  };
  return { version: 1, type: 'market.tick', id: payload.tickId, occurredAt: payload.timestamp, producedAt: new Date().toISOString(), source: 'test', payload };
}

/** One tick per day from `start`, one per value. */
export function dailyTicks(values: readonly number[], start: string, tick: Omit<Parameters<typeof tickMessage>[0], 'value' | 'timestamp'>): MessageOf<'market.ticks.v1'>[] {
  return values.map((value, i) => tickMessage({ ...tick, value, timestamp: day(start, i) }));
}

/** A valid upgrades.lifecycle.v1 stage change of a timelocked upgrade. */
export function lifecycleMessage(change: Pick<UpgradeLifecycle, 'stage' | 'protocolId' | 'eta' | 'stageAt'> & Partial<UpgradeLifecycle>): MessageOf<'upgrades.lifecycle.v1'> {
  const target = hex(20);
  const newImplementation = hex(20);
  const payload: UpgradeLifecycle = {
    upgradeId: `1:${target}:${newImplementation}`,
    chainId: 1,
    target,
    upgradeKind: 'upgrade_to',
    newImplementation,
    authority: 'timelock',
    proposal: null,
    timelock: { address: hex(20), operationId: hex(32) },
    executionEventId: null,
    evidence: hex(32),
    ...change,
  };
  return {
    version: 1,
    type: 'upgrade.lifecycle',
    id: upgradeLifecycleMessageId(payload),
    occurredAt: payload.stageAt,
    producedAt: new Date().toISOString(),
    source: 'test',
    payload,
  };
}
