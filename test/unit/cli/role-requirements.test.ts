import { describe, expect, it } from 'vitest';
import { roleRequirements } from '../../../src/cli/role-requirements.ts';
import { loadConfig } from '../../../src/config.ts';

const TOKEN = '123456:ABCdefGHIjklMNOpqrSTUvwxYZ012345';
const DB = 'postgresql://postgres@127.0.0.1:5432/gopy';

describe('what each role needs to start', () => {
  it('lets gopy start run on nothing but defaults (simulator, embedded database)', () => {
    expect(roleRequirements('start', loadConfig({}))).toEqual([]);
  });

  it('refuses a worker without a bot token, saying it could not deliver', () => {
    const problems = roleRequirements('worker', loadConfig({ DATABASE_URL: DB }));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/worker delivers .* needs BOT_TOKEN/);
  });

  it('refuses a worker forced into the simulator even with a token', () => {
    const config = loadConfig({ DATABASE_URL: DB, BOT_TOKEN: TOKEN, SIMULATOR: 'true' });
    expect(roleRequirements('worker', config)[0]).toMatch(/SIMULATOR unset/);
  });

  it('names every missing piece of a bot at once', () => {
    const problems = roleRequirements('bot', loadConfig({}));
    expect(problems.join('\n')).toMatch(/DATABASE_URL[\s\S]*BOT_TOKEN/);
  });

  it('accepts a worker and a bot with a token and PostgreSQL', () => {
    const config = loadConfig({ DATABASE_URL: DB, BOT_TOKEN: TOKEN });
    expect(roleRequirements('worker', config)).toEqual([]);
    expect(roleRequirements('bot', config)).toEqual([]);
  });
});
