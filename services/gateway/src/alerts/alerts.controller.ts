import { Body, Controller, Delete, Get, HttpCode, Param, Post, Put, Query } from '@nestjs/common';
import { z } from 'zod';
import { Access, CurrentPrincipal } from '../accounts/access';
import type { Principal } from '../accounts/principal';
import { instantParam, listParam } from '../http/list-param';
import type { Page } from '../http/page-cursor';
import { ZodPipe } from '../http/zod-query.pipe';
import { AlertHistoryService } from './alert-history.service';
import { alertRuleRequest } from './alert-rule-body';
import { AlertRulesService } from './alert-rules.service';
import type { AlertDeliveriesView, AlertHistoryItem, AlertRuleView, DeletedAlertRuleView } from './alert.views';

const ALERT_KINDS = ['fired', 'withdrawn', 'digest'] as const;

export const ruleIdParam = z.uuid({ error: 'expected an alert rule id (a UUID)' });
export const alertIdParam = z.string().regex(/^[0-9a-f]{32}$/, 'expected an alert id (32 hex characters, `alert.alertId` of the history)');

export const rulesQuery = z
  .object({
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(1000).optional(),
  })
  .strict();

export const historyQuery = z
  .object({
    kind: listParam(z.enum(ALERT_KINDS), ALERT_KINDS.length).optional(),
    ruleId: z.string().min(1).max(128).optional(),
    alertId: alertIdParam.optional(),
    protocolId: z.string().min(1).max(200).optional(),
    since: instantParam.optional(),
    until: instantParam.optional(),
    limit: z.coerce.number().int().min(1).max(500).default(50),
    cursor: z.string().max(1000).optional(),
  })
  .strict();

/**
 * The caller's alert rules, alert history and delivery attempts (issue #12). `/alerts/high-risk` is
 * DashboardController's (registered first): a public list, not a rule. `history` is declared before `:id`.
 */
@Controller('api/v1/alerts')
@Access('account')
export class AlertsController {
  constructor(
    private readonly rules: AlertRulesService,
    private readonly history: AlertHistoryService,
  ) {}

  @Post()
  create(@CurrentPrincipal() principal: Principal, @Body(new ZodPipe(alertRuleRequest)) body: z.input<typeof alertRuleRequest>): Promise<AlertRuleView> {
    return this.rules.create(principal, body);
  }

  @Get()
  list(@CurrentPrincipal() principal: Principal, @Query(new ZodPipe(rulesQuery)) query: z.infer<typeof rulesQuery>): Promise<Page<AlertRuleView>> {
    return this.rules.list(principal, query.limit, query.cursor);
  }

  @Get('history')
  alertHistory(@CurrentPrincipal() principal: Principal, @Query(new ZodPipe(historyQuery)) query: z.infer<typeof historyQuery>): Promise<Page<AlertHistoryItem>> {
    const { limit, cursor, kind, ...filter } = query;
    return this.history.history(principal, { ...filter, kinds: kind }, limit, cursor);
  }

  @Get(':id/deliveries')
  deliveries(@CurrentPrincipal() principal: Principal, @Param('id', new ZodPipe(alertIdParam)) alertId: string): Promise<AlertDeliveriesView> {
    return this.history.deliveries(principal, alertId);
  }

  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param('id', new ZodPipe(ruleIdParam)) ruleId: string): Promise<AlertRuleView> {
    return this.rules.get(principal, ruleId);
  }

  @Put(':id')
  replace(@CurrentPrincipal() principal: Principal, @Param('id', new ZodPipe(ruleIdParam)) ruleId: string, @Body(new ZodPipe(alertRuleRequest)) body: z.input<typeof alertRuleRequest>): Promise<AlertRuleView> {
    return this.rules.replace(principal, ruleId, body);
  }

  @Delete(':id')
  @HttpCode(200)
  remove(@CurrentPrincipal() principal: Principal, @Param('id', new ZodPipe(ruleIdParam)) ruleId: string): Promise<DeletedAlertRuleView> {
    return this.rules.remove(principal, ruleId);
  }
}
