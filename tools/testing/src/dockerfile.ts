/** One instruction of a Dockerfile: `COPY --from=build /app/dist ./dist` → keyword COPY, flags { from: 'build' }, args. */
export interface DockerInstruction {
  keyword: string;
  flags: Record<string, string>;
  args: string[];
  /** The instruction as written, continuation lines joined. */
  text: string;
}

export interface DockerStage {
  /** `AS <name>`, or the stage's index when unnamed. */
  name: string;
  /** The image or stage it starts from (`FROM <base>`). */
  base: string;
  instructions: DockerInstruction[];
}

/**
 * The stages of a Dockerfile, each with its instructions (comments, heredoc bodies and continuations handled),
 * so tests can check one stage — or rebuild its layout without docker — from the file itself.
 *
 * @example parseDockerfile(read('Dockerfile')).find((s) => s.name === 'runtime')!.instructions.filter((i) => i.keyword === 'COPY')
 */
export function parseDockerfile(text: string): DockerStage[] {
  const stages: DockerStage[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!;
    if (/^\s*(#|$)/.test(line)) continue;
    while (line.endsWith('\\') && i + 1 < lines.length) line = `${line.slice(0, -1)} ${lines[++i]!.trim()}`;
    const heredoc = /<<-?'?"?([A-Z_]+)'?"?/.exec(line)?.[1];
    if (heredoc) while (i + 1 < lines.length && lines[++i]!.trim() !== heredoc);
    const [keyword, ...words] = line.trim().split(/\s+/);
    const flags: Record<string, string> = {};
    const args: string[] = [];
    for (const word of words) {
      const flag = /^--([a-z-]+)(?:=(.*))?$/.exec(word);
      if (flag && args.length === 0) flags[flag[1]!] = flag[2] ?? 'true';
      else args.push(word);
    }
    const instruction = { keyword: keyword!.toUpperCase(), flags, args, text: line.trim().replace(/\s+/g, ' ') };
    if (instruction.keyword === 'FROM') {
      const as = args.findIndex((a) => a.toUpperCase() === 'AS');
      stages.push({ name: as >= 0 ? args[as + 1]! : String(stages.length), base: args[0]!, instructions: [] });
    } else if (stages.length > 0) {
      stages.at(-1)!.instructions.push(instruction);
    }
  }
  return stages;
}
