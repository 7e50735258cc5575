import { BadRequestException, ForbiddenException, Inject, Injectable, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { TIER_TABLE } from '../accounts/me.service';
import type { Principal } from '../accounts/principal';
import type { TierTable } from '../accounts/tiers';
import { decodeCursor, toPage, type Page } from '../http/page-cursor';
import { NetworkDirectory } from '../networks/network-directory';
import { ProtocolDirectory } from '../protocols/protocol-directory';
import { parseRuleBody, type RuleContext } from './alert-rule-body';
import { AlertRulePublisher } from './alert-rule-publisher';
import { AlertRulesRepository, type AlertRuleRow } from './alert-rules.repository';
import { alertRuleView, type AlertRuleView, type DeletedAlertRuleView } from './alert.views';

export const MARKET_RETAIN_DAYS = Symbol('MARKET_RETAIN_DAYS');

/**
 * The id of the caller who owns rules, alerts and deliveries (the user id of an API key, a JWT's `sub`).
 *
 * @example ownerOf(request.principal) // 'b0c…' (401 for an anonymous caller)
 */
export function ownerOf(principal: Principal): string {
  if (principal.kind === 'anonymous') throw new UnauthorizedException({ statusCode: 401, error: 'Unauthorized', message: 'alerts need an API key or a JWT' });
  return principal.userId;
}

const notFound = (ruleId: string) => new NotFoundException({ statusCode: 404, error: 'Not Found', message: `no alert rule ${ruleId} of yours` });

/**
 * Users' alert rules: validated against the contract, the registry, the networks and the caller's tier (rule count
 * and channels), stored, then published on alerts.rules.v1. Another owner's rule is answered as unknown (404).
 */
@Injectable()
export class AlertRulesService {
  constructor(
    private readonly rules: AlertRulesRepository,
    private readonly publisher: AlertRulePublisher,
    private readonly protocols: ProtocolDirectory,
    private readonly networks: NetworkDirectory,
    @Inject(TIER_TABLE) private readonly tiers: TierTable,
    @Inject(MARKET_RETAIN_DAYS) private readonly marketRetainDays: number,
  ) {}

  /** Creates a rule; 403 when the tier's rule limit is reached. The answer shows the webhook secrets it generated, once. */
  async create(principal: Principal, input: unknown): Promise<AlertRuleView> {
    const ownerId = ownerOf(principal);
    const parsed = this.parse(principal, input, null);
    const limit = this.tiers[principal.tier].alertRules;
    const row = await this.rules.insertWithinLimit(randomUUID(), ownerId, parsed.body, limit);
    if (!row) {
      throw new ForbiddenException({
        statusCode: 403,
        error: 'Forbidden',
        message: `the ${principal.tier} tier allows ${limit} alert rules and you have ${limit}: delete one, or move to a higher tier`,
      });
    }
    return this.published(row, parsed.generatedSecrets);
  }

  /** Replaces a rule with a new version; channels sent without their secret keep the stored one (see parseRuleBody). */
  async replace(principal: Principal, ruleId: string, input: unknown): Promise<AlertRuleView> {
    const ownerId = ownerOf(principal);
    const current = await this.rules.findLive(ownerId, ruleId);
    if (!current) throw notFound(ruleId);
    const parsed = this.parse(principal, input, { ...current.rule, ruleId, ownerId, updatedAt: current.updatedAt.toISOString() });
    const row = await this.rules.replace(ownerId, ruleId, parsed.body);
    if (!row) throw notFound(ruleId);
    return this.published(row, parsed.generatedSecrets);
  }

  async remove(principal: Principal, ruleId: string): Promise<DeletedAlertRuleView> {
    const row = await this.rules.markDeleted(ownerOf(principal), ruleId);
    if (!row?.deletedAt) throw notFound(ruleId);
    await this.publisher.publish(ruleId);
    return { id: ruleId, deleted: true, deletedAt: row.deletedAt.toISOString() };
  }

  async get(principal: Principal, ruleId: string): Promise<AlertRuleView> {
    const row = await this.rules.findLive(ownerOf(principal), ruleId);
    if (!row) throw notFound(ruleId);
    return alertRuleView(row);
  }

  /** The caller's rules, newest first. */
  async list(principal: Principal, limit: number, cursor: string | undefined): Promise<Page<AlertRuleView>> {
    const rows = await this.rules.listLive(ownerOf(principal), limit, cursor ? decodeCursor(cursor) : null);
    return toPage(rows, limit, (row) => ({ at: row.createdAt, key: row.ruleId }), (row) => alertRuleView(row));
  }

  private parse(principal: Principal, input: unknown, previous: Parameters<typeof parseRuleBody>[2]) {
    const context: RuleContext = {
      knownProtocol: (id) => this.protocols.find(id) !== undefined,
      knownChain: (chainId) => this.networks.find({ chainId }) !== undefined,
      allowedChannels: this.tiers[principal.tier].alertChannels,
      tier: principal.tier,
      marketRetainDays: this.marketRetainDays,
    };
    const parsed = parseRuleBody(input, context, previous);
    if (!parsed.ok) throw new BadRequestException({ statusCode: 400, error: 'Bad Request', message: parsed.problems });
    return parsed;
  }

  /** Publishes the new version (a failure is left to the re-publisher: the write stands) and shows it. */
  private async published(row: AlertRuleRow, generatedSecrets: number[]): Promise<AlertRuleView> {
    const published = await this.publisher.publish(row.ruleId);
    return alertRuleView({ ...row, publishedAt: published ? row.updatedAt : row.publishedAt }, generatedSecrets);
  }
}
