import { execFile } from 'node:child_process';
import { join } from 'node:path';

/** The boundary rule of the workspace really rejects what STYLE.md §14 forbids (and accepts what it allows). */
describe('module boundaries', () => {
  jest.setTimeout(60_000);
  const root = join(__dirname, '..');
  // The real ESLint CLI with the workspace config (ESLint cannot load an .mjs config inside jest's VM).
  // Type-aware parsing is off: these snippets are virtual files the TypeScript project does not contain.
  const sut = (file: string, code: string, rule = '@nx/enforce-module-boundaries') =>
    new Promise<string[]>((resolve, reject) => {
      const child = execFile(
        join(root, 'node_modules', '.bin', 'eslint'),
        ['--stdin', '--stdin-filename', file, '--format', 'json', '--parser-options', 'projectService:false', '--rule', '@typescript-eslint/no-floating-promises: off', '--rule', '@typescript-eslint/switch-exhaustiveness-check: off'],
        { cwd: root },
        (error, stdout) => {
          try {
            const [result] = JSON.parse(stdout) as { messages: { ruleId: string | null; message: string }[] }[];
            resolve((result?.messages ?? []).filter((m) => m.ruleId === rule).map((m) => m.message));
          } catch {
            reject(error ?? new Error(`eslint printed no JSON: ${stdout}`));
          }
        },
      );
      child.stdin?.end(code);
    });
  const lint = sut;

  // The rule reads Nx's cached project graph and silently skips without one: make sure it exists.
  beforeAll(
    () =>
      new Promise<void>((resolve, reject) =>
        execFile(join(root, 'node_modules', '.bin', 'nx'), ['show', 'projects'], { cwd: root }, (error) => (error ? reject(error) : resolve())),
      ),
  );

  it('rejects a service importing another service', async () => {
    const messages = await lint('services/gateway/src/x.ts', "import { loadRiskEngineConfig } from '../../risk-engine/src/config';\nexport const x = loadRiskEngineConfig;\n");

    expect(messages.join('\n')).toMatch(/relative or absolute path|cannot be imported/);
  });

  it('rejects a service importing test tooling at runtime', async () => {
    const messages = await lint('services/gateway/src/x.ts', "import { devnetClients } from '@pum/devnet';\nexport const x = devnetClients;\n");

    expect(messages.join('\n')).toMatch(/type:service.*can only depend on libs tagged with "type:lib"/);
  });

  it('rejects libs/contracts importing anything but zod', async () => {
    const messages = await lint('libs/contracts/src/x.ts', "import { Redis } from 'ioredis';\nexport const x = Redis;\n");

    expect(messages.join('\n')).toMatch(/ioredis/);
  });

  it('rejects libs/platform importing libs/evm', async () => {
    const messages = await lint('libs/platform/src/x.ts', "import { shouldRetry } from '@pum/evm';\nexport const x = shouldRetry;\n");

    // While libs/evm imports libs/platform, Nx reports the cycle before the scope:platform constraint.
    expect(messages.join('\n')).toMatch(/scope:platform.*scope:evm|Circular dependency between "@pum\/platform" and "@pum\/evm"/);
  });

  it('accepts libs/evm importing libs/platform', async () => {
    const messages = await lint('libs/evm/src/x.ts', "import { PermanentMessageError } from '@pum/platform';\nexport const x = PermanentMessageError;\n");

    expect(messages).toEqual([]);
  });

  it('rejects libs/timeseries importing another project or any package', async () => {
    const project = await lint('libs/timeseries/src/x.ts', "import { TOPICS } from '@pum/contracts';\nexport const x = TOPICS;\n");
    const dependency = await lint('libs/timeseries/src/x.ts', "import { mean } from 'simple-statistics';\nexport const x = mean;\n");

    expect(project.join('\n')).toMatch(/scope:timeseries.*cannot depend on any libs/);
    expect(dependency.join('\n')).toMatch(/simple-statistics/);
  });

  it('rejects I/O in libs/timeseries but lets its specs read fixtures', async () => {
    const code = "import { readFileSync } from 'node:fs';\nexport const x = readFileSync;\n";

    expect(await lint('libs/timeseries/src/x.ts', code, 'no-restricted-imports')).toEqual(["'node:fs' import is restricted from being used."]);
    expect(await lint('libs/timeseries/src/x.spec.ts', code, 'no-restricted-imports')).toEqual([]);
  });

  it('rejects the dashboard (type:app) importing test tooling, and accepts it importing the typed client', async () => {
    expect((await lint('apps/dashboard/src/x.tsx', "import { waitFor } from '@pum/testing';\nexport const x = waitFor;\n")).join('\n')).toMatch(/type:app.*type:lib/);
    expect(await lint('apps/dashboard/src/x.tsx', "import { createGatewayClient } from '@pum/client';\nexport const x = createGatewayClient;\n")).toEqual([]);
  });

  it('accepts a service importing the shared libs', async () => {
    const messages = await lint('services/gateway/src/x.ts', "import { TOPICS } from '@pum/contracts';\nimport { shouldRetry } from '@pum/evm';\nimport { runMain } from '@pum/platform';\nexport const x = [TOPICS, shouldRetry, runMain];\n");

    expect(messages).toEqual([]);
  });
});
