import { alertRule, type AlertRule, type AlertRulePayload, type AlertSubject } from '@pum/contracts';
import { quotedSchema } from '@pum/platform';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { subjectTypesOf } from '../evaluation/evaluate-rule';

/** The rules of alerts.rules.v1, latest version per rule id; every replica reads them from here. */
@Injectable()
export class RulesRepository {
  private readonly schema: string;

  constructor(@InjectDataSource() private readonly db: DataSource) {
    this.schema = quotedSchema(db);
  }

  /** Stores a rule version unless a newer one is stored (an older one arriving late changes nothing); true when stored. */
  async upsert(payload: AlertRulePayload): Promise<boolean> {
    const live = payload.deleted === true ? null : payload;
    const rows = (await this.db.query(
      `INSERT INTO ${this.schema}.rules (rule_id, owner_id, rule, enabled, deleted, subject_types, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (rule_id) DO UPDATE SET owner_id = EXCLUDED.owner_id, rule = EXCLUDED.rule, enabled = EXCLUDED.enabled, deleted = EXCLUDED.deleted,
         subject_types = EXCLUDED.subject_types, updated_at = EXCLUDED.updated_at
       WHERE ${this.schema}.rules.updated_at <= EXCLUDED.updated_at
       RETURNING rule_id`,
      [payload.ruleId, payload.ownerId, live, live?.enabled ?? false, live === null, live ? subjectTypesOf(live) : [], payload.updatedAt],
    )) as unknown[];
    return rows.length > 0;
  }

  /** Enabled, not deleted rules that can fire on a subject type, in rule id order (the order their rows are locked in). */
  async liveFor(subjectType: AlertSubject['type']): Promise<AlertRule[]> {
    const rows = (await this.db.query(
      `SELECT rule FROM ${this.schema}.rules WHERE enabled AND NOT deleted AND $1 = ANY(subject_types) ORDER BY rule_id`,
      [subjectType],
    )) as { rule: unknown }[];
    return rows.map((row) => alertRule.parse(row.rule));
  }

  /** A live rule by id; null when unknown, deleted or disabled. */
  async live(ruleId: string): Promise<AlertRule | null> {
    const rows = (await this.db.query(`SELECT rule FROM ${this.schema}.rules WHERE rule_id = $1 AND enabled AND NOT deleted`, [ruleId])) as { rule: unknown }[];
    return rows[0] ? alertRule.parse(rows[0].rule) : null;
  }
}
