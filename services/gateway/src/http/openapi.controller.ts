import { Controller, Get, Header } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const document = readFileSync(join(__dirname, '..', '..', 'openapi.yaml'), 'utf8');

/** Serves the OpenAPI document of this API (the file beside the service, kept true to the code). */
@Controller('api/v1/openapi.yaml')
export class OpenApiController {
  @Get()
  @Header('Content-Type', 'application/yaml; charset=utf-8')
  get(): string {
    return document;
  }
}
