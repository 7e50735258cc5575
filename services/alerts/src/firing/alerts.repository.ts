import type { AlertChannel, AlertPayload, AlertSubject } from '@pum/contracts';
import { quotedSchema } from '@pum/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import type { SubjectFacts, WindowRange } from '../evaluation/subject-facts';

export type Decision = 'sent' | 'throttled' | 'quiet';
type Fired = Extract<AlertPayload, { kind: 'fired' }>;
type Withdrawn = Extract<AlertPayload, { kind: 'withdrawn' }>;
type Digest = Extract<AlertPayload, { kind: 'digest' }>;

/** An alert (or digest) stored but not yet on alerts.v1. */
export interface Unpublished {
  table: 'fired' | 'withdrawn' | 'digest';
  id: string;
  payload: AlertPayload;
}

/**
 * One transaction of the firing path. The subject's row is locked first, then rule rows in rule id
 * order, so two replicas handling the same subject or the same rule serialise and never deadlock.
 */
export class FiringTransaction {
  constructor(
    private readonly manager: EntityManager,
    private readonly schema: string,
  ) {}

  /** The subject's facts, its row locked until the transaction ends (created empty when new). */
  async lockSubject(type: AlertSubject['type'], id: string): Promise<SubjectFacts | undefined> {
    await this.manager.query(`INSERT INTO ${this.schema}.subjects (subject_type, subject_id, facts) VALUES ($1, $2, 'null') ON CONFLICT DO NOTHING`, [type, id]);
    const rows = (await this.manager.query(`SELECT facts FROM ${this.schema}.subjects WHERE subject_type = $1 AND subject_id = $2 FOR UPDATE`, [type, id])) as { facts: SubjectFacts | null }[];
    return rows[0]?.facts ?? undefined;
  }

  async saveSubject(facts: SubjectFacts): Promise<void> {
    await this.manager.query(`UPDATE ${this.schema}.subjects SET facts = $3, updated_at = now() WHERE subject_type = $1 AND subject_id = $2`, [facts.subject.type, facts.subject.id, facts]);
  }

  async exists(alertId: string): Promise<boolean> {
    const rows = (await this.manager.query(`SELECT 1 FROM ${this.schema}.alerts WHERE alert_id = $1`, [alertId])) as unknown[];
    return rows.length > 0;
  }

  /**
   * What becomes of a new alert of a rule, the rule's row locked: `quiet` when the rule sent one for the
   * subject within its quiet period, `throttled` when it sent `maxAlerts` within the window, else `sent`.
   */
  async decide(ruleId: string, subject: AlertSubject, quietPeriodSeconds: number, throttle: { maxAlerts: number; windowSeconds: number } | null): Promise<Decision> {
    await this.manager.query(`SELECT 1 FROM ${this.schema}.rules WHERE rule_id = $1 FOR UPDATE`, [ruleId]);
    if (quietPeriodSeconds > 0) {
      const recent = (await this.manager.query(
        `SELECT 1 FROM ${this.schema}.alerts WHERE rule_id = $1 AND subject_type = $2 AND subject_id = $3 AND decision = 'sent'
           AND recorded_at > now() - make_interval(secs => $4) LIMIT 1`,
        [ruleId, subject.type, subject.id, quietPeriodSeconds],
      )) as unknown[];
      if (recent.length > 0) return 'quiet';
    }
    if (throttle) {
      const [{ sent }] = (await this.manager.query(
        `SELECT count(*)::int AS sent FROM ${this.schema}.alerts WHERE rule_id = $1 AND decision = 'sent' AND recorded_at > now() - make_interval(secs => $2)`,
        [ruleId, throttle.windowSeconds],
      )) as [{ sent: number }];
      if (sent >= throttle.maxAlerts) return 'throttled';
    }
    return 'sent';
  }

  /** Inserts the alert unless its id is stored (insert-or-nothing: the arbiter); true when this call inserted it. */
  async insertAlert(alert: Fired, state: string, decision: Decision): Promise<boolean> {
    const rows = (await this.manager.query(
      `INSERT INTO ${this.schema}.alerts (alert_id, rule_id, owner_id, subject_type, subject_id, state, payload, decision) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (alert_id) DO NOTHING RETURNING alert_id`,
      [alert.alertId, alert.ruleId, alert.ownerId, alert.subject.type, alert.subject.id, state, alert, decision],
    )) as unknown[];
    return rows.length > 0;
  }

  /** Queues one delivery per channel of an alert message (idempotent by delivery id). */
  async enqueue(alert: AlertPayload, channels: readonly AlertChannel[]): Promise<void> {
    for (const [index, channel] of channels.entries()) {
      await this.manager.query(
        `INSERT INTO ${this.schema}.deliveries (delivery_id, alert_id, alert_kind, rule_id, owner_id, channel_index, channel, alert, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'pending') ON CONFLICT DO NOTHING`,
        [`${alert.alertId}:${alert.kind}:${index}`, alert.alertId, alert.kind, alert.ruleId, alert.ownerId, index, channel, alert],
      );
    }
  }

  /** Alerts of a subject not withdrawn yet. */
  async activeOf(subject: AlertSubject): Promise<{ alertId: string; decision: Decision; payload: Fired }[]> {
    const rows = (await this.manager.query(
      `SELECT alert_id, decision, payload FROM ${this.schema}.alerts WHERE subject_type = $1 AND subject_id = $2 AND withdrawn_at IS NULL ORDER BY alert_id`,
      [subject.type, subject.id],
    )) as { alert_id: string; decision: Decision; payload: Fired }[];
    return rows.map((row) => ({ alertId: row.alert_id, decision: row.decision, payload: row.payload }));
  }

  /**
   * Marks an alert withdrawn (once: the first caller wins) and, when it was sent, queues the withdrawal
   * on the channels the alert was queued on. True when this call withdrew it.
   */
  async withdraw(withdrawal: Withdrawn, sent: boolean): Promise<boolean> {
    // pg through TypeORM answers an UPDATE with [rows, affected].
    const [, withdrawn] = (await this.manager.query(
      `UPDATE ${this.schema}.alerts SET withdrawn_at = now(), withdrawal = $2 WHERE alert_id = $1 AND withdrawn_at IS NULL`,
      [withdrawal.alertId, withdrawal],
    )) as [unknown, number];
    if (withdrawn === 0 || !sent) return withdrawn > 0;
    await this.manager.query(
      `INSERT INTO ${this.schema}.deliveries (delivery_id, alert_id, alert_kind, rule_id, owner_id, channel_index, channel, alert, status)
       SELECT alert_id || ':withdrawn:' || channel_index, alert_id, 'withdrawn', rule_id, owner_id, channel_index, channel, $2, 'pending'
         FROM ${this.schema}.deliveries WHERE alert_id = $1 AND alert_kind = 'fired'
       ON CONFLICT DO NOTHING`,
      [withdrawal.alertId, withdrawal],
    );
    return true;
  }

  /** Throttled alerts of a rule whose window is over, oldest first, locked; at most `limit`. */
  async dueForDigest(ruleId: string, windowSeconds: number, limit: number): Promise<Fired[]> {
    const rows = (await this.manager.query(
      `SELECT payload FROM ${this.schema}.alerts WHERE rule_id = $1 AND decision = 'throttled' AND digest_id IS NULL AND withdrawn_at IS NULL
       ORDER BY recorded_at, alert_id LIMIT $2 FOR UPDATE SKIP LOCKED`,
      [ruleId, limit],
    )) as { payload: Fired }[];
    const oldest = (await this.manager.query(
      `SELECT 1 FROM ${this.schema}.alerts WHERE alert_id = $1 AND recorded_at <= now() - make_interval(secs => $2)`,
      [rows[0]?.payload.alertId ?? '', windowSeconds],
    )) as unknown[];
    return oldest.length > 0 ? rows.map((row) => row.payload) : [];
  }

  async insertDigest(digest: Digest): Promise<boolean> {
    const rows = (await this.manager.query(
      `INSERT INTO ${this.schema}.digests (digest_id, rule_id, payload) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING digest_id`,
      [digest.alertId, digest.ruleId, digest],
    )) as unknown[];
    if (rows.length === 0) return false;
    await this.manager.query(`UPDATE ${this.schema}.alerts SET digest_id = $1 WHERE alert_id = ANY($2)`, [digest.alertId, digest.alerts.map((a) => a.alertId)]);
    return true;
  }

  /** Stores a price or TVL point of a series (the same instant again replaces it) and deletes what fell out of `retainSeconds` before it. */
  async recordPoint(seriesId: string, at: string, value: number, retainSeconds: number): Promise<void> {
    await this.manager.query(
      `INSERT INTO ${this.schema}.market_points (series_id, at, value) VALUES ($1, $2, $3) ON CONFLICT (series_id, at) DO UPDATE SET value = EXCLUDED.value`,
      [seriesId, at, value],
    );
    await this.manager.query(`DELETE FROM ${this.schema}.market_points WHERE series_id = $1 AND at < $2::timestamptz - make_interval(secs => $3)`, [seriesId, at, retainSeconds]);
  }

  /** The low and high (the latest instant of each on a tie) of a series within `[at − window, at]`, per window length in seconds. */
  async windowRanges(seriesId: string, at: string, windows: readonly number[]): Promise<Record<string, WindowRange>> {
    if (windows.length === 0) return {};
    const rows = (await this.manager.query(
      `SELECT w.seconds, lo.value AS low, lo.at AS low_at, hi.value AS high, hi.at AS high_at, n.points
         FROM unnest($3::int[]) AS w(seconds)
         CROSS JOIN LATERAL (SELECT value, at FROM ${this.schema}.market_points
                              WHERE series_id = $1 AND at BETWEEN $2::timestamptz - make_interval(secs => w.seconds) AND $2 ORDER BY value, at DESC LIMIT 1) lo
         CROSS JOIN LATERAL (SELECT value, at FROM ${this.schema}.market_points
                              WHERE series_id = $1 AND at BETWEEN $2::timestamptz - make_interval(secs => w.seconds) AND $2 ORDER BY value DESC, at DESC LIMIT 1) hi
         CROSS JOIN LATERAL (SELECT count(*)::int AS points FROM ${this.schema}.market_points
                              WHERE series_id = $1 AND at BETWEEN $2::timestamptz - make_interval(secs => w.seconds) AND $2) n`,
      [seriesId, at, windows],
    )) as { seconds: number; low: number; low_at: Date; high: number; high_at: Date; points: number }[];
    return Object.fromEntries(
      rows.map((row) => [String(row.seconds), { low: row.low, lowAt: row.low_at.toISOString(), high: row.high, highAt: row.high_at.toISOString(), points: row.points }]),
    );
  }

  /** Schedules ETA timers of a subject (one per due time; a timer already there stays). */
  async scheduleTimers(subject: AlertSubject, dueAt: readonly string[]): Promise<void> {
    if (dueAt.length === 0) return;
    await this.manager.query(
      `INSERT INTO ${this.schema}.eta_timers (subject_type, subject_id, due_at) SELECT $1, $2, unnest($3::timestamptz[]) ON CONFLICT DO NOTHING`,
      [subject.type, subject.id, dueAt],
    );
  }

  /** Takes a timer that is due (deletes it, in this transaction); false when another instance took it or it is not due. */
  async takeTimer(subjectType: string, subjectId: string, dueAt: string): Promise<boolean> {
    const [, deleted] = (await this.manager.query(
      `DELETE FROM ${this.schema}.eta_timers WHERE subject_type = $1 AND subject_id = $2 AND due_at = $3 AND due_at <= now()`,
      [subjectType, subjectId, dueAt],
    )) as [unknown, number];
    return deleted > 0;
  }

  async lockRule(ruleId: string): Promise<void> {
    await this.manager.query(`SELECT 1 FROM ${this.schema}.rules WHERE rule_id = $1 FOR UPDATE`, [ruleId]);
  }
}

/** Alerts, withdrawals and digests: stored in one transaction with their outbox rows, then published. */
@Injectable()
export class AlertsRepository {
  private readonly schema: string;

  constructor(@InjectDataSource() private readonly db: DataSource) {
    this.schema = quotedSchema(db);
  }

  transaction<T>(work: (tx: FiringTransaction) => Promise<T>): Promise<T> {
    return this.db.transaction((manager) => work(new FiringTransaction(manager, this.schema)));
  }

  /**
   * Publishes what is stored and not yet on alerts.v1 — sent alerts, withdrawals and digests, oldest
   * first, at most `limit` of each — with their rows locked (SKIP LOCKED) until `publish` resolved and
   * they are marked: two instances never publish one twice, and a failed publish leaves them for the next round.
   */
  async publishPending(limit: number, publish: (items: Unpublished[]) => Promise<void>): Promise<number> {
    return this.db.transaction(async (manager) => {
      const fired = (await manager.query(
        `SELECT alert_id, payload FROM ${this.schema}.alerts WHERE decision = 'sent' AND published_at IS NULL ORDER BY recorded_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      )) as { alert_id: string; payload: AlertPayload }[];
      const withdrawn = (await manager.query(
        `SELECT alert_id, withdrawal FROM ${this.schema}.alerts WHERE decision = 'sent' AND withdrawn_at IS NOT NULL AND withdrawal_published_at IS NULL
         ORDER BY withdrawn_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      )) as { alert_id: string; withdrawal: AlertPayload }[];
      const digests = (await manager.query(`SELECT digest_id, payload FROM ${this.schema}.digests WHERE published_at IS NULL ORDER BY recorded_at LIMIT $1 FOR UPDATE SKIP LOCKED`, [
        limit,
      ])) as { digest_id: string; payload: AlertPayload }[];
      // An alert and its withdrawal share a row: both unpublished, the alert goes first (same key, same partition).
      const items: Unpublished[] = [
        ...fired.map((row) => ({ table: 'fired' as const, id: row.alert_id, payload: row.payload })),
        ...withdrawn.map((row) => ({ table: 'withdrawn' as const, id: row.alert_id, payload: row.withdrawal })),
        ...digests.map((row) => ({ table: 'digest' as const, id: row.digest_id, payload: row.payload })),
      ];
      if (items.length === 0) return 0;
      await publish(items);
      const ids = (table: Unpublished['table']) => items.filter((item) => item.table === table).map((item) => item.id);
      if (ids('fired').length > 0) await manager.query(`UPDATE ${this.schema}.alerts SET published_at = now() WHERE alert_id = ANY($1)`, [ids('fired')]);
      if (ids('withdrawn').length > 0) await manager.query(`UPDATE ${this.schema}.alerts SET withdrawal_published_at = now() WHERE alert_id = ANY($1)`, [ids('withdrawn')]);
      if (ids('digest').length > 0) await manager.query(`UPDATE ${this.schema}.digests SET published_at = now() WHERE digest_id = ANY($1)`, [ids('digest')]);
      return items.length;
    });
  }

  /** ETA timers that are due, soonest first (not locked: `takeTimer` in the firing transaction decides who fires one). */
  async dueTimers(limit: number): Promise<{ subjectType: AlertSubject['type']; subjectId: string; dueAt: string }[]> {
    const rows = (await this.db.query(`SELECT subject_type, subject_id, due_at FROM ${this.schema}.eta_timers WHERE due_at <= now() ORDER BY due_at LIMIT $1`, [limit])) as {
      subject_type: AlertSubject['type'];
      subject_id: string;
      due_at: Date;
    }[];
    return rows.map((row) => ({ subjectType: row.subject_type, subjectId: row.subject_id, dueAt: row.due_at.toISOString() }));
  }

  /** Rules with throttled alerts waiting for a digest. */
  async rulesAwaitingDigest(): Promise<string[]> {
    const rows = (await this.db.query(
      `SELECT DISTINCT rule_id FROM ${this.schema}.alerts WHERE decision = 'throttled' AND digest_id IS NULL AND withdrawn_at IS NULL`,
    )) as { rule_id: string }[];
    return rows.map((row) => row.rule_id);
  }
}
