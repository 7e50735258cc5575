import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import type { ApiKeyView, CreatedApiKeyView, MeView } from './account.views';
import { AccountsService } from './accounts.service';
import type { Principal } from './principal';
import type { TierTable } from './tiers';

export const TIER_TABLE = Symbol('TIER_TABLE');

/** Self-service of the authenticated caller: keys are always the caller's own. */
@Injectable()
export class MeService {
  constructor(
    private readonly accounts: AccountsService,
    @Inject(TIER_TABLE) private readonly tiers: TierTable,
  ) {}

  async describe(principal: Principal): Promise<MeView> {
    const userId = this.userIdOf(principal);
    const user = await this.accounts.findUserOrNull(userId);
    return { credential: principal.kind === 'jwt' ? 'jwt' : 'api_key', user, userId, tier: principal.tier, role: principal.role, limits: this.tiers[principal.tier] };
  }

  async listKeys(principal: Principal): Promise<ApiKeyView[]> {
    return this.accounts.listKeys(await this.accountOf(principal));
  }

  async createKey(principal: Principal, name: string): Promise<CreatedApiKeyView> {
    return this.accounts.createKey(await this.accountOf(principal), name);
  }

  async revokeKey(principal: Principal, keyId: string): Promise<ApiKeyView> {
    return this.accounts.revokeKey(keyId, await this.accountOf(principal));
  }

  private userIdOf(principal: Principal): string {
    if (principal.kind === 'anonymous') throw new ForbiddenException({ statusCode: 403, error: 'Forbidden', message: 'anonymous callers have no account' });
    return principal.userId;
  }

  /** Keys belong to gateway users: a JWT manages keys only when its `sub` is a gateway user's id. */
  private async accountOf(principal: Principal): Promise<string> {
    const userId = this.userIdOf(principal);
    if (!(await this.accounts.findUserOrNull(userId))) {
      throw new ForbiddenException({ statusCode: 403, error: 'Forbidden', message: `no gateway account with id ${userId}: API keys belong to gateway users` });
    }
    return userId;
  }
}
