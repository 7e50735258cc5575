import type { MessageOf } from '@pum/contracts';
import { JsonLogger } from '@pum/platform';
import { Injectable } from '@nestjs/common';
import { RulesRepository } from './rules.repository';

/** Keeps the rules of alerts.rules.v1: a replay of the compacted topic rebuilds them. */
@Injectable()
export class RulesService {
  constructor(
    private readonly rules: RulesRepository,
    private readonly logger: JsonLogger,
  ) {}

  async onRule(message: MessageOf<'alerts.rules.v1'>): Promise<void> {
    const stored = await this.rules.upsert(message.payload);
    this.logger.log({
      msg: stored ? 'rule stored' : 'older rule version ignored',
      rule_id: message.payload.ruleId,
      owner_id: message.payload.ownerId,
      deleted: message.payload.deleted === true,
      message_id: message.id,
    });
  }
}
