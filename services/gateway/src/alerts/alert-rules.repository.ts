import { quotedSchema } from '@pum/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { PagePosition } from '../http/page-cursor';
import type { AlertRuleBody } from './alert-rule-body';

/** A stored rule: the body as the client set it (secrets included), its owner and its versions' times. */
export interface AlertRuleRow {
  ruleId: string;
  ownerId: string;
  rule: AlertRuleBody;
  createdAt: Date;
  /** The latest version's time: strictly increasing per rule (at least 1 ms after the previous). */
  updatedAt: Date;
  deletedAt: Date | null;
  /** The `updatedAt` of the version last put on alerts.rules.v1. */
  publishedAt: Date | null;
}

interface DbRow {
  rule_id: string;
  owner_id: string;
  rule: AlertRuleBody;
  created_at: Date;
  updated_at: Date;
  deleted_at: Date | null;
  published_at: Date | null;
}

const toRow = (row: DbRow): AlertRuleRow => ({
  ruleId: row.rule_id,
  ownerId: row.owner_id,
  rule: row.rule,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
  deletedAt: row.deleted_at,
  publishedAt: row.published_at,
});

const COLUMNS = 'rule_id, owner_id, rule, created_at, updated_at, deleted_at, published_at';
/** A new version's time: now to the millisecond (what an ISO timestamp holds), and always after the previous one. */
const NEXT_VERSION = `GREATEST(date_trunc('milliseconds', clock_timestamp()), updated_at + interval '1 millisecond')`;

/** SQL of users' alert rules and of their publication on alerts.rules.v1. */
@Injectable()
export class AlertRulesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private get table(): string {
    return `${quotedSchema(this.dataSource)}.alert_rules`;
  }

  /**
   * Stores a new rule unless its owner already has `limit` live rules; counted and inserted under a per-owner lock,
   * so concurrent creations never exceed the limit. Null when the limit is reached.
   */
  async insertWithinLimit(ruleId: string, ownerId: string, rule: AlertRuleBody, limit: number): Promise<AlertRuleRow | null> {
    return this.dataSource.transaction(async (manager) => {
      await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 12))`, [`alert_rules:${ownerId}`]);
      const [count] = (await manager.query(`SELECT count(*)::int AS n FROM ${this.table} WHERE owner_id = $1 AND deleted_at IS NULL`, [ownerId])) as { n: number }[];
      if ((count?.n ?? 0) >= limit) return null;
      const rows = (await manager.query(
        `INSERT INTO ${this.table} (rule_id, owner_id, rule, created_at, updated_at)
         VALUES ($1, $2, $3, date_trunc('milliseconds', clock_timestamp()), date_trunc('milliseconds', clock_timestamp()))
         RETURNING ${COLUMNS}`,
        [ruleId, ownerId, rule],
      )) as DbRow[];
      return toRow(rows[0]!);
    });
  }

  /** The owner's live rule of that id; null for an unknown, deleted or another owner's rule. */
  async findLive(ownerId: string, ruleId: string): Promise<AlertRuleRow | null> {
    const rows = (await this.dataSource.query(`SELECT ${COLUMNS} FROM ${this.table} WHERE rule_id = $1 AND owner_id = $2 AND deleted_at IS NULL`, [ruleId, ownerId])) as DbRow[];
    return rows[0] ? toRow(rows[0]) : null;
  }

  /** `limit + 1` of the owner's live rules, newest first, after `after`. */
  async listLive(ownerId: string, limit: number, after: PagePosition | null): Promise<AlertRuleRow[]> {
    const rows = (await this.dataSource.query(
      `SELECT ${COLUMNS} FROM ${this.table}
        WHERE owner_id = $1 AND deleted_at IS NULL AND ($2::timestamptz IS NULL OR (created_at, rule_id) < ($2, $3))
        ORDER BY created_at DESC, rule_id DESC
        LIMIT $4`,
      [ownerId, after?.at ?? null, after?.key ?? null, limit + 1],
    )) as DbRow[];
    return rows.map(toRow);
  }

  /** Replaces the owner's live rule with a new version; null when there is none. */
  async replace(ownerId: string, ruleId: string, rule: AlertRuleBody): Promise<AlertRuleRow | null> {
    const [rows] = (await this.dataSource.query(
      `UPDATE ${this.table} SET rule = $3, updated_at = ${NEXT_VERSION}
        WHERE rule_id = $1 AND owner_id = $2 AND deleted_at IS NULL
        RETURNING ${COLUMNS}`,
      [ruleId, ownerId, rule],
    )) as [DbRow[], number];
    return rows[0] ? toRow(rows[0]) : null;
  }

  /** Marks the owner's live rule deleted (a new version: its deletion is published like any other); null when there is none. */
  async markDeleted(ownerId: string, ruleId: string): Promise<AlertRuleRow | null> {
    const [rows] = (await this.dataSource.query(
      `UPDATE ${this.table} SET updated_at = ${NEXT_VERSION}, deleted_at = ${NEXT_VERSION}
        WHERE rule_id = $1 AND owner_id = $2 AND deleted_at IS NULL
        RETURNING ${COLUMNS}`,
      [ruleId, ownerId],
    )) as [DbRow[], number];
    return rows[0] ? toRow(rows[0]) : null;
  }

  /**
   * Publishes rules whose latest version is not on the topic yet — one rule (`ruleId`) or the oldest `limit` — with
   * their rows locked until `send` resolved, then records them published. The lock orders publications of one rule
   * as its versions (a newer write waits, then publishes after), so the compacted topic's last record of a rule is
   * always its latest version; rows another publisher holds are skipped (it publishes them). Returns how many.
   */
  async publishPending(send: (rows: AlertRuleRow[]) => Promise<void>, options: { ruleId?: string; limit: number }): Promise<number> {
    return this.dataSource.transaction(async (manager) => {
      const rows = (await manager.query(
        `SELECT ${COLUMNS} FROM ${this.table}
          WHERE published_at IS DISTINCT FROM updated_at AND ($1::text IS NULL OR rule_id = $1)
          ORDER BY updated_at
          LIMIT $2
          FOR UPDATE SKIP LOCKED`,
        [options.ruleId ?? null, options.limit],
      )) as DbRow[];
      if (rows.length === 0) return 0;
      await send(rows.map(toRow));
      await manager.query(`UPDATE ${this.table} SET published_at = updated_at WHERE rule_id = ANY($1)`, [rows.map((row) => row.rule_id)]);
      return rows.length;
    });
  }
}
