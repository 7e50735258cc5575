import { Controller, Get, Header, Param, Res } from '@nestjs/common';
import type { Response } from 'express';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { ZodPipe } from './zod-query.pipe';

/** The files of swagger-ui-dist the page loads; nothing else of the package is served (its index shows the petstore). */
const SWAGGER_UI_FILES = ['swagger-ui.css', 'swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js', 'favicon-32x32.png', 'favicon-16x16.png'] as const;
const INITIALIZER = 'initializer.js';
// The package's directory; its getAbsoluteFSPath() says the same but ships no types.
const SWAGGER_UI_DIR = dirname(require.resolve('swagger-ui-dist/package.json'));
export const docsAsset = z.enum([...SWAGGER_UI_FILES, INITIALIZER], { error: 'not an asset of /docs' });

const INDEX = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>Protocol Upgrade Monitor — API reference</title>
    <link rel="stylesheet" href="/docs/swagger-ui.css">
    <link rel="icon" type="image/png" href="/docs/favicon-32x32.png" sizes="32x32">
  </head>
  <body>
    <div id="swagger-ui"></div>
    <script src="/docs/swagger-ui-bundle.js"></script>
    <script src="/docs/swagger-ui-standalone-preset.js"></script>
    <script src="/docs/${INITIALIZER}"></script>
  </body>
</html>
`;

// A file, not an inline script: the page works under a Content-Security-Policy without 'unsafe-inline'.
const INITIALIZER_JS = `window.ui = SwaggerUIBundle({
  url: '/api/v1/openapi.yaml',
  dom_id: '#swagger-ui',
  deepLinking: true,
  persistAuthorization: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: 'StandaloneLayout',
});
`;

/** The interactive API reference (Swagger UI over /api/v1/openapi.yaml), open like the document itself (isOpenPath). */
@Controller('docs')
export class DocsController {
  @Get()
  @Header('Content-Type', 'text/html; charset=utf-8')
  index(): string {
    return INDEX;
  }

  @Get(':asset')
  @Header('Cache-Control', 'public, max-age=3600')
  asset(@Param('asset', new ZodPipe(docsAsset)) asset: z.infer<typeof docsAsset>, @Res() response: Response): void {
    if (asset === INITIALIZER) {
      response.type('application/javascript').send(INITIALIZER_JS);
      return;
    }
    response.sendFile(join(SWAGGER_UI_DIR, asset));
  }
}
