import { parseDockerfile } from './dockerfile';

describe('parseDockerfile', () => {
  const sut = parseDockerfile(
    [
      '# syntax=docker/dockerfile:1.7',
      'ARG NODE_IMAGE=node:20',
      'FROM ${NODE_IMAGE} AS base',
      'RUN apt-get update \\',
      '  && apt-get install -y curl',
      'COPY <<\'EOF\' /usr/local/bin/x',
      'FROM not-an-instruction',
      'EOF',
      '',
      'FROM base',
      'COPY --from=build --chmod=0755 /app/dist ./dist',
      'USER 1000:1000',
    ].join('\n'),
  );

  it('splits stages at FROM, named by AS or by index, skipping heredoc bodies', () => {
    expect(sut.map((s) => [s.name, s.base])).toEqual([
      ['base', '${NODE_IMAGE}'],
      ['1', 'base'],
    ]);
  });

  it('joins continuation lines into one instruction', () => {
    expect(sut[0]!.instructions[0]).toMatchObject({ keyword: 'RUN', text: 'RUN apt-get update && apt-get install -y curl' });
  });

  it('reads the flags before the arguments', () => {
    expect(sut[1]!.instructions[0]).toMatchObject({ keyword: 'COPY', flags: { from: 'build', chmod: '0755' }, args: ['/app/dist', './dist'] });
    expect(sut[1]!.instructions[1]).toMatchObject({ keyword: 'USER', args: ['1000:1000'] });
  });
});
