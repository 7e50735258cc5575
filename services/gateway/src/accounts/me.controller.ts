import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import { ZodPipe } from '../http/zod-query.pipe';
import { Access, CurrentPrincipal } from './access';
import type { ApiKeyView, CreatedApiKeyView, MeView } from './account.views';
import { MeService } from './me.service';
import type { Principal } from './principal';

export const createKeyBody = z.object({ name: z.string().trim().min(1).max(200).default('default') }).strict();
export const keyIdParam = z.string().regex(/^(pum_)?[0-9a-f]{12}$/, 'expected a key id (12 hex characters, optionally pum_-prefixed)');

/** The caller's own account: who they are, their tier's limits, their API keys. */
@Controller('api/v1/me')
@Access('account')
export class MeController {
  constructor(private readonly me: MeService) {}

  @Get()
  get(@CurrentPrincipal() principal: Principal): Promise<MeView> {
    return this.me.describe(principal);
  }

  @Get('keys')
  listKeys(@CurrentPrincipal() principal: Principal): Promise<ApiKeyView[]> {
    return this.me.listKeys(principal);
  }

  @Post('keys')
  createKey(@CurrentPrincipal() principal: Principal, @Body(new ZodPipe(createKeyBody)) body: z.infer<typeof createKeyBody>): Promise<CreatedApiKeyView> {
    return this.me.createKey(principal, body.name);
  }

  @Delete('keys/:keyId')
  @HttpCode(200)
  revokeKey(@CurrentPrincipal() principal: Principal, @Param('keyId', new ZodPipe(keyIdParam)) keyId: string): Promise<ApiKeyView> {
    return this.me.revokeKey(principal, keyId);
  }
}
