import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { z } from 'zod';
import { ZodPipe } from '../http/zod-query.pipe';
import { Access } from './access';
import type { ApiKeyView, CreatedApiKeyView, UserView } from './account.views';
import { AccountsService } from './accounts.service';
import { createKeyBody, keyIdParam } from './me.controller';
import { role, tier } from './tiers';

export const createUserBody = z.object({ email: z.email().max(320), tier: tier.default('free'), role: role.default('user') }).strict();
export const updateUserBody = z
  .object({ tier: tier.optional(), role: role.optional() })
  .strict()
  .refine((body) => body.tier !== undefined || body.role !== undefined, 'give tier, role or both');
const userIdParam = z.uuid('expected a user id (uuid)');

/** Operators' API over every account (admin role only; the same as `npm run accounts`). */
@Controller('api/v1/admin/users')
@Access('admin')
export class AdminController {
  constructor(private readonly accounts: AccountsService) {}

  @Get()
  listUsers(): Promise<UserView[]> {
    return this.accounts.listUsers();
  }

  @Post()
  createUser(@Body(new ZodPipe(createUserBody)) body: z.infer<typeof createUserBody>): Promise<UserView> {
    return this.accounts.createUser(body);
  }

  @Get(':id')
  getUser(@Param('id', new ZodPipe(userIdParam)) id: string): Promise<UserView> {
    return this.accounts.getUser(id);
  }

  @Patch(':id')
  updateUser(@Param('id', new ZodPipe(userIdParam)) id: string, @Body(new ZodPipe(updateUserBody)) body: z.infer<typeof updateUserBody>): Promise<UserView> {
    return this.accounts.updateUser(id, body);
  }

  @Get(':id/keys')
  listKeys(@Param('id', new ZodPipe(userIdParam)) id: string): Promise<ApiKeyView[]> {
    return this.accounts.listKeys(id);
  }

  @Post(':id/keys')
  createKey(@Param('id', new ZodPipe(userIdParam)) id: string, @Body(new ZodPipe(createKeyBody)) body: z.infer<typeof createKeyBody>): Promise<CreatedApiKeyView> {
    return this.accounts.createKey(id, body.name);
  }

  @Delete(':id/keys/:keyId')
  @HttpCode(200)
  revokeKey(@Param('id', new ZodPipe(userIdParam)) id: string, @Param('keyId', new ZodPipe(keyIdParam)) keyId: string): Promise<ApiKeyView> {
    return this.accounts.revokeKey(keyId, id);
  }
}
