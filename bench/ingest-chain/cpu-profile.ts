/**
 * Summarises a V8 `.cpuprofile` (written by service.ts with BENCH_CPU_PROFILE): self time by
 * origin (npm package, repository file, node internals, GC, idle) and the hottest functions.
 * Usage: ts-node bench/ingest-chain/cpu-profile.ts FILE.cpuprofile [TOP=25]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Where a function comes from: `kafkajs`, `services/ingest-chain/...`, `node:internal`, `(garbage collector)`… */
function origin(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (url.startsWith('node:')) return 'node internals';
  const repo = /\/(libs|services|tools|bench)\/([^/]+)\//.exec(url);
  return repo ? `${repo[1]}/${repo[2]}` : url;
}

function main(): void {
  const [file, topRaw = '25'] = process.argv.slice(2);
  if (file === undefined) {
    process.stderr.write('usage: cpu-profile.ts FILE.cpuprofile [TOP]\n');
    process.exit(2);
  }
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const selfByOrigin = new Map<string, number>();
  const selfByFunction = new Map<string, number>();
  let total = 0;
  profile.samples.forEach((id, i) => {
    const node = byId.get(id);
    const us = profile.timeDeltas[i] ?? 0;
    if (!node) return;
    total += us;
    const { functionName, url, lineNumber } = node.callFrame;
    const where = origin(url, functionName);
    selfByOrigin.set(where, (selfByOrigin.get(where) ?? 0) + us);
    const fn = `${functionName || '(anonymous)'} ${url ? `${url.replace(/^.*node_modules\//, '').replace(/^file:\/\/.*?\/(libs|services|tools|bench)\//, '$1/')}:${lineNumber + 1}` : ''}`;
    selfByFunction.set(fn, (selfByFunction.get(fn) ?? 0) + us);
  });
  const pct = (us: number) => `${((us / total) * 100).toFixed(1).padStart(5)} %`;
  const ms = (us: number) => `${Math.round(us / 1000).toLocaleString('en-US').padStart(7)} ms`;
  const lines = [`${file}: ${Math.round(total / 1000).toLocaleString('en-US')} ms sampled`, '', 'self time by origin:'];
  for (const [where, us] of [...selfByOrigin].sort((a, b) => b[1] - a[1]).slice(0, 15)) lines.push(`  ${ms(us)} ${pct(us)}  ${where}`);
  lines.push('', 'hottest functions (self time):');
  for (const [fn, us] of [...selfByFunction].sort((a, b) => b[1] - a[1]).slice(0, Number(topRaw))) lines.push(`  ${ms(us)} ${pct(us)}  ${fn}`);
  process.stdout.write(`${lines.join('\n')}\n`);
}

main();
