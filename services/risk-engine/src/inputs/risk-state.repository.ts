import type { UpgradeLifecycle } from '@pum/contracts';
import { quotedSchema } from '@pum/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { ProposalInputs } from '../assessment/inputs';

export interface ContractFacts {
  codeSize: number | null;
  admin: string | null;
  adminCodeSize: number | null;
  owner: string | null;
  ownerCodeSize: number | null;
  timelockDelaySeconds: number | null;
  timelockPreviousDelaySeconds: number | null;
  timelockDelayChangedAt: string | null;
  safeThreshold: number | null;
  safeOwners: number | null;
}

export type ContractFactsUpdate = Partial<ContractFacts>;

export interface StoredLifecycle {
  payload: UpgradeLifecycle;
  closed: boolean;
  messageId: string;
}

export interface ForecastSummary {
  /** Volatility: annualised per-step volatility of the series' next step, or of the ETA window. */
  annualisedVolatility?: number;
  perStepVolatility?: number;
  /** Volatility: the forecast's bar length, and an event window's summed variance over its steps (guidance's σ per bar). */
  barSeconds?: number;
  window?: { variance: number; steps: number } | null;
  /** Liquidity: regime and forecast change. */
  regime?: 'expanding' | 'stable' | 'contracting' | 'stressed' | null;
  forecastChange?: number | null;
}

export interface MarketPoint {
  observedAt: string;
  value: number;
  source: string;
}

const iso = (value: Date | null) => (value === null ? null : value.toISOString());
const int = (value: string | number | null) => (value === null ? null : Number(value));

/** The engine's stored inputs (see the migration): latest per entity, every write an idempotent upsert. */
@Injectable()
export class RiskStateRepository {
  private readonly schema: string;

  constructor(@InjectDataSource() private readonly db: DataSource) {
    this.schema = quotedSchema(db);
  }

  /**
   * Sets the given facts of a contract; facts not given keep their value. Facts from an event older than
   * the row's newest are ignored, so a replay of the topic never puts an earlier state back.
   */
  async updateContractFacts(chainId: number, address: string, update: ContractFactsUpdate, at: string): Promise<void> {
    const columns: [keyof ContractFacts, string][] = [
      ['codeSize', 'code_size'],
      ['admin', 'admin'],
      ['adminCodeSize', 'admin_code_size'],
      ['owner', 'owner'],
      ['ownerCodeSize', 'owner_code_size'],
      ['timelockDelaySeconds', 'timelock_delay_seconds'],
      ['timelockPreviousDelaySeconds', 'timelock_previous_delay_seconds'],
      ['timelockDelayChangedAt', 'timelock_delay_changed_at'],
      ['safeThreshold', 'safe_threshold'],
      ['safeOwners', 'safe_owners'],
    ];
    const given = columns.filter(([key]) => update[key] !== undefined);
    if (given.length === 0) return;
    const names = given.map(([, column]) => column);
    const values = given.map(([key]) => update[key] ?? null);
    await this.db.query(
      `INSERT INTO ${this.schema}.contract_facts (chain_id, address, updated_at, ${names.join(', ')})
       VALUES ($1, $2, $3, ${names.map((_, i) => `$${i + 4}`).join(', ')})
       ON CONFLICT (chain_id, address) DO UPDATE SET updated_at = GREATEST(${this.schema}.contract_facts.updated_at, EXCLUDED.updated_at),
         ${names.map((column) => `${column} = EXCLUDED.${column}`).join(', ')}
       WHERE ${this.schema}.contract_facts.updated_at <= EXCLUDED.updated_at`,
      [chainId, address, at, ...values],
    );
  }

  async contractFacts(chainId: number, address: string): Promise<ContractFacts | null> {
    const rows = (await this.db.query(`SELECT * FROM ${this.schema}.contract_facts WHERE chain_id = $1 AND address = $2`, [chainId, address])) as Record<string, never>[];
    const row = rows[0] as Record<string, string | number | Date | null> | undefined;
    if (!row) return null;
    return {
      codeSize: row.code_size as number | null,
      admin: row.admin as string | null,
      adminCodeSize: row.admin_code_size as number | null,
      owner: row.owner as string | null,
      ownerCodeSize: row.owner_code_size as number | null,
      timelockDelaySeconds: int(row.timelock_delay_seconds as string | null),
      timelockPreviousDelaySeconds: int(row.timelock_previous_delay_seconds as string | null),
      timelockDelayChangedAt: iso(row.timelock_delay_changed_at as Date | null),
      safeThreshold: row.safe_threshold as number | null,
      safeOwners: row.safe_owners as number | null,
    };
  }

  /** Records a grant or revocation, unless a later one of the same role and account is stored. */
  async setRoleMember(chainId: number, contract: string, role: string, account: string, granted: boolean, at: string): Promise<void> {
    await this.db.query(
      `INSERT INTO ${this.schema}.role_members (chain_id, contract, role, account, granted, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (chain_id, contract, role, account) DO UPDATE SET granted = EXCLUDED.granted, updated_at = EXCLUDED.updated_at
       WHERE ${this.schema}.role_members.updated_at <= EXCLUDED.updated_at`,
      [chainId, contract, role, account, granted, at],
    );
  }

  /** Accounts holding a role on a contract, in address order. */
  async roleMembers(chainId: number, contract: string, role: string): Promise<string[]> {
    const rows = (await this.db.query(`SELECT account FROM ${this.schema}.role_members WHERE chain_id = $1 AND contract = $2 AND role = $3 AND granted ORDER BY account`, [chainId, contract, role])) as { account: string }[];
    return rows.map((row) => row.account);
  }

  async recordInitData(chainId: number, target: string, newImplementation: string, initData: string): Promise<void> {
    await this.db.query(
      `INSERT INTO ${this.schema}.scheduled_init_data (chain_id, target, new_implementation, init_data) VALUES ($1, $2, $3, $4)
       ON CONFLICT (chain_id, target, new_implementation) DO UPDATE SET init_data = EXCLUDED.init_data`,
      [chainId, target, newImplementation, initData],
    );
  }

  async scheduledInitData(chainId: number, target: string, newImplementation: string | null): Promise<string | null> {
    if (newImplementation === null) return null;
    const rows = (await this.db.query(`SELECT init_data FROM ${this.schema}.scheduled_init_data WHERE chain_id = $1 AND target = $2 AND new_implementation = $3`, [chainId, target, newImplementation])) as { init_data: string }[];
    return rows[0]?.init_data ?? null;
  }

  async markGoverned(protocolId: string): Promise<void> {
    await this.db.query(`INSERT INTO ${this.schema}.protocols (protocol_id, has_governor) VALUES ($1, true) ON CONFLICT (protocol_id) DO UPDATE SET has_governor = true`, [protocolId]);
  }

  async hasGovernor(protocolId: string | null): Promise<boolean> {
    if (protocolId === null) return false;
    const rows = (await this.db.query(`SELECT has_governor FROM ${this.schema}.protocols WHERE protocol_id = $1`, [protocolId])) as { has_governor: boolean }[];
    return rows[0]?.has_governor ?? false;
  }

  /** Stores a control-plane event; false when it is already stored with the same status and block (a replay). */
  async recordControlEvent(eventId: string, status: string, blockHash: string, payload: unknown, occurredAt: string): Promise<boolean> {
    const rows = (await this.db.query(
      `INSERT INTO ${this.schema}.control_events (event_id, status, block_hash, payload, occurred_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (event_id) DO UPDATE SET status = EXCLUDED.status, block_hash = EXCLUDED.block_hash, payload = EXCLUDED.payload, occurred_at = EXCLUDED.occurred_at
         WHERE ${this.schema}.control_events.status <> EXCLUDED.status OR ${this.schema}.control_events.block_hash <> EXCLUDED.block_hash
       RETURNING event_id`,
      [eventId, status, blockHash, JSON.stringify(payload), occurredAt],
    )) as unknown[];
    return rows.length > 0;
  }

  /**
   * Stores a lifecycle's stage unless the stored one is later (by stage time) or the same message;
   * returns whether it changed.
   */
  async recordLifecycle(change: UpgradeLifecycle, messageId: string, keys: { proposalKey: string | null; snapshotKey: string | null }, closed: boolean): Promise<boolean> {
    const rows = (await this.db.query(
      `INSERT INTO ${this.schema}.lifecycles (upgrade_id, protocol_id, proposal_key, snapshot_key, stage, stage_at, first_stage_at, closed, message_id, payload)
       VALUES ($1, $2, $3, $4, $5, $6, $6, $7, $8, $9)
       ON CONFLICT (upgrade_id) DO UPDATE SET protocol_id = EXCLUDED.protocol_id, proposal_key = EXCLUDED.proposal_key, snapshot_key = EXCLUDED.snapshot_key,
         stage = EXCLUDED.stage, stage_at = EXCLUDED.stage_at, first_stage_at = LEAST(${this.schema}.lifecycles.first_stage_at, EXCLUDED.first_stage_at),
         closed = EXCLUDED.closed, message_id = EXCLUDED.message_id, payload = EXCLUDED.payload
         WHERE ${this.schema}.lifecycles.message_id <> EXCLUDED.message_id AND ${this.schema}.lifecycles.stage_at <= EXCLUDED.stage_at
       RETURNING upgrade_id`,
      [change.upgradeId, change.protocolId, keys.proposalKey, keys.snapshotKey, change.stage, change.stageAt, closed, messageId, JSON.stringify(change)],
    )) as unknown[];
    return rows.length > 0;
  }

  async lifecycle(upgradeId: string): Promise<StoredLifecycle | null> {
    const rows = (await this.db.query(`SELECT payload, closed, message_id FROM ${this.schema}.lifecycles WHERE upgrade_id = $1`, [upgradeId])) as { payload: UpgradeLifecycle; closed: boolean; message_id: string }[];
    const row = rows[0];
    return row ? { payload: row.payload, closed: row.closed, messageId: row.message_id } : null;
  }

  /** Open lifecycles of a protocol, of a proposal (by its key or its Snapshot key), or of a chain. */
  async openLifecycles(by: { protocolId: string } | { proposalKey: string } | { chainId: number }): Promise<string[]> {
    const [where, value] =
      'protocolId' in by ? ['protocol_id = $1', by.protocolId] : 'proposalKey' in by ? ['(proposal_key = $1 OR snapshot_key = $1)', by.proposalKey] : [`(payload->>'chainId')::integer = $1`, by.chainId];
    const rows = (await this.db.query(`SELECT upgrade_id FROM ${this.schema}.lifecycles WHERE ${where} AND NOT closed ORDER BY upgrade_id`, [value])) as { upgrade_id: string }[];
    return rows.map((row) => row.upgrade_id);
  }

  /** Stores a proposal's analysis unless a later one is stored; returns whether it changed. */
  async recordProposal(proposalKey: string, protocolId: string | null, createdAt: string, asOf: string, analysis: Omit<ProposalInputs, 'proposalKey' | 'createdAt'> | null): Promise<boolean> {
    const rows = (await this.db.query(
      `INSERT INTO ${this.schema}.proposals (proposal_key, protocol_id, created_at, as_of, analysis) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (proposal_key) DO UPDATE SET protocol_id = EXCLUDED.protocol_id, created_at = EXCLUDED.created_at, as_of = EXCLUDED.as_of, analysis = EXCLUDED.analysis
         WHERE ${this.schema}.proposals.as_of <= EXCLUDED.as_of AND ${this.schema}.proposals.analysis IS DISTINCT FROM EXCLUDED.analysis
       RETURNING proposal_key`,
      [proposalKey, protocolId, createdAt, asOf, analysis === null ? null : JSON.stringify(analysis)],
    )) as unknown[];
    return rows.length > 0;
  }

  async proposal(proposalKey: string): Promise<ProposalInputs | null> {
    const rows = (await this.db.query(`SELECT created_at, analysis FROM ${this.schema}.proposals WHERE proposal_key = $1`, [proposalKey])) as { created_at: Date; analysis: Omit<ProposalInputs, 'proposalKey' | 'createdAt'> | null }[];
    const row = rows[0];
    return row?.analysis ? { proposalKey, createdAt: row.created_at.toISOString(), ...row.analysis } : null;
  }

  async recordSentiment(subjectType: string, subjectId: string, score: number, items: number, asOf: string): Promise<boolean> {
    const rows = (await this.db.query(
      `INSERT INTO ${this.schema}.sentiment (subject_type, subject_id, score, items, as_of) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (subject_type, subject_id) DO UPDATE SET score = EXCLUDED.score, items = EXCLUDED.items, as_of = EXCLUDED.as_of
         WHERE ${this.schema}.sentiment.as_of < EXCLUDED.as_of OR (${this.schema}.sentiment.as_of = EXCLUDED.as_of AND ${this.schema}.sentiment.items < EXCLUDED.items)
       RETURNING subject_id`,
      [subjectType, subjectId, score, items, asOf],
    )) as unknown[];
    return rows.length > 0;
  }

  async sentiment(subjectType: string, subjectId: string): Promise<{ score: number; items: number } | null> {
    const rows = (await this.db.query(`SELECT score, items FROM ${this.schema}.sentiment WHERE subject_type = $1 AND subject_id = $2`, [subjectType, subjectId])) as { score: number; items: number }[];
    return rows[0] ?? null;
  }

  /** Stores a forecast unless a newer one (by input end) is stored; returns whether it changed. */
  async recordForecast(protocolId: string, kind: 'volatility' | 'liquidity', upgradeId: string, forecastId: string, inputTo: string, summary: ForecastSummary): Promise<boolean> {
    const rows = (await this.db.query(
      `INSERT INTO ${this.schema}.forecasts (protocol_id, kind, upgrade_id, forecast_id, input_to, summary) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (protocol_id, kind, upgrade_id) DO UPDATE SET forecast_id = EXCLUDED.forecast_id, input_to = EXCLUDED.input_to, summary = EXCLUDED.summary
         WHERE ${this.schema}.forecasts.input_to <= EXCLUDED.input_to AND ${this.schema}.forecasts.forecast_id <> EXCLUDED.forecast_id
       RETURNING forecast_id`,
      [protocolId, kind, upgradeId, forecastId, inputTo, JSON.stringify(summary)],
    )) as unknown[];
    return rows.length > 0;
  }

  async forecast(protocolId: string, kind: 'volatility' | 'liquidity', upgradeId: string): Promise<ForecastSummary | null> {
    const rows = (await this.db.query(`SELECT summary FROM ${this.schema}.forecasts WHERE protocol_id = $1 AND kind = $2 AND upgrade_id = $3`, [protocolId, kind, upgradeId])) as { summary: ForecastSummary }[];
    return rows[0]?.summary ?? null;
  }

  /** Stores a protocol tick and drops the points of that metric more than `keepSeconds` older than the newest; returns whether it was new. */
  async recordMarketPoint(protocolId: string, metric: string, source: string, observedAt: string, value: number, keepSeconds: number): Promise<boolean> {
    const rows = (await this.db.query(
      `INSERT INTO ${this.schema}.market_points (protocol_id, metric, source, observed_at, value) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING RETURNING observed_at`,
      [protocolId, metric, source, observedAt, value],
    )) as unknown[];
    await this.db.query(
      `DELETE FROM ${this.schema}.market_points WHERE protocol_id = $1 AND metric = $2
         AND observed_at < (SELECT max(observed_at) FROM ${this.schema}.market_points WHERE protocol_id = $1 AND metric = $2) - make_interval(secs => $3)`,
      [protocolId, metric, keepSeconds],
    );
    return rows.length > 0;
  }

  /** A metric's points of one protocol within `windowSeconds` of its newest point, from the newest point's source, oldest first. */
  async marketWindow(protocolId: string, metric: string, windowSeconds: number): Promise<MarketPoint[]> {
    const rows = (await this.db.query(
      `WITH newest AS (SELECT source, observed_at FROM ${this.schema}.market_points WHERE protocol_id = $1 AND metric = $2 ORDER BY observed_at DESC, source LIMIT 1)
       SELECT p.observed_at, p.value, p.source FROM ${this.schema}.market_points p, newest n
       WHERE p.protocol_id = $1 AND p.metric = $2 AND p.source = n.source AND p.observed_at >= n.observed_at - make_interval(secs => $3)
       ORDER BY p.observed_at`,
      [protocolId, metric, windowSeconds],
    )) as { observed_at: Date; value: number; source: string }[];
    return rows.map((row) => ({ observedAt: row.observed_at.toISOString(), value: row.value, source: row.source }));
  }

  /** Stores a price tick of a reference asset (the hedge) and prunes that asset's points older than `keepSeconds` before its newest. */
  async recordReferencePrice(subjectId: string, source: string, observedAt: string, value: number, keepSeconds: number): Promise<void> {
    await this.db.query(
      `INSERT INTO ${this.schema}.reference_prices (subject_id, source, observed_at, value) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
      [subjectId, source, observedAt, value],
    );
    await this.db.query(
      `DELETE FROM ${this.schema}.reference_prices WHERE subject_id = $1
         AND observed_at < (SELECT max(observed_at) FROM ${this.schema}.reference_prices WHERE subject_id = $1) - make_interval(secs => $2)`,
      [subjectId, keepSeconds],
    );
  }

  /** A reference asset's prices within `windowSeconds` of its newest, from the newest point's source, oldest first. */
  async referenceWindow(subjectId: string, windowSeconds: number): Promise<MarketPoint[]> {
    const rows = (await this.db.query(
      `WITH newest AS (SELECT source, observed_at FROM ${this.schema}.reference_prices WHERE subject_id = $1 ORDER BY observed_at DESC, source LIMIT 1)
       SELECT p.observed_at, p.value, p.source FROM ${this.schema}.reference_prices p, newest n
       WHERE p.subject_id = $1 AND p.source = n.source AND p.observed_at >= n.observed_at - make_interval(secs => $2)
       ORDER BY p.observed_at`,
      [subjectId, windowSeconds],
    )) as { observed_at: Date; value: number; source: string }[];
    return rows.map((row) => ({ observedAt: row.observed_at.toISOString(), value: row.value, source: row.source }));
  }
}
