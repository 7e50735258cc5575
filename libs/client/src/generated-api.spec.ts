import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..', '..');

describe('the generated REST types', () => {
  it('are those of the OpenAPI document as it is (run `npm run -s client:generate` after changing it)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pum-client-'));
    try {
      const fresh = join(dir, 'gateway-api.ts');
      execFileSync(join(ROOT, 'node_modules', '.bin', 'openapi-typescript'), [join(ROOT, 'services/gateway/openapi.yaml'), '-o', fresh], { stdio: 'pipe' });
      expect(readFileSync(join(__dirname, 'generated', 'gateway-api.ts'), 'utf8')).toBe(readFileSync(fresh, 'utf8'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
