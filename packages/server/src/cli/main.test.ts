import { describe, expect, it } from 'vitest';
import { main } from './main.ts';
import type { CommandIO } from './command.ts';

function io(env: Record<string, string> = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const streams: CommandIO = { out: (l) => out.push(l), err: (l) => err.push(l), env };
  return { streams, out, err };
}

describe('tally CLI', () => {
  it('lists its commands with --help', async () => {
    const t = io();
    expect(await main(['--help'], t.streams)).toBe(0);
    expect(t.out.join('\n')).toMatch(/start\s+run Tally/);
  });

  it('prints the version', async () => {
    const t = io();
    expect(await main(['--version'], t.streams)).toBe(0);
    expect(t.out[0]).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('shows the help of start', async () => {
    const t = io();
    expect(await main(['start', '--help'], t.streams)).toBe(0);
    expect(t.out.join('\n')).toContain('--port <n>');
  });

  it('refuses an unknown command with exit code 2', async () => {
    const t = io();
    expect(await main(['launch'], t.streams)).toBe(2);
    expect(t.err.join('\n')).toContain('unknown command "launch"');
  });

  it.each([
    [['start', '--port', 'abc'], '--port: expected an integer 0-65535, got "abc"'],
    [['start', '--bogus'], "Unknown option '--bogus'"],
    [['start', 'extra'], 'Unexpected argument'],
  ])('refuses %j naming the flag', async (argv, message) => {
    const t = io();
    expect(await main(argv, t.streams)).toBe(2);
    expect(t.err.join('\n')).toContain(message);
  });

  it('stops on bad configuration naming the variable, exit code 78', async () => {
    const t = io({ REDIS_URL: 'http://nope' });
    expect(await main(['start'], t.streams)).toBe(78);
    expect(t.err.join('\n')).toContain('REDIS_URL: expected a URL starting with redis:// or rediss://');
  });
});
