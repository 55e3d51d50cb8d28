import { describe, expect, it } from 'vitest';
import { isTallyError } from '../errors.ts';
import { readConfig } from './config.ts';

function failure(env: Record<string, string>) {
  try {
    readConfig(env);
  } catch (err) {
    if (isTallyError(err, 'config_invalid')) return err;
    throw err;
  }
  throw new Error('expected readConfig to throw');
}

describe('readConfig', () => {
  it('selects every embedded adapter when nothing is set', () => {
    const config = readConfig({});
    expect(config.bus.adapter).toBe('embedded');
    expect(config.store.adapter).toBe('pglite');
    expect(config.cache.adapter).toBe('memory');
    expect(config.http).toEqual({ host: '127.0.0.1', port: 3000 });
  });

  it('selects the real adapters from their variables', () => {
    const config = readConfig({
      DATABASE_URL: 'postgres://u@db:5432/tally',
      REDIS_URL: 'redis://cache:6379',
      KAFKA_BROKERS: 'k1:9092, k2:9092',
      KAFKA_IDEMPOTENT: 'false',
    });
    expect(config.store).toMatchObject({ adapter: 'postgres', url: 'postgres://u@db:5432/tally', schema: 'public' });
    expect(config.cache).toMatchObject({ adapter: 'redis', url: 'redis://cache:6379' });
    expect(config.bus).toMatchObject({ adapter: 'kafka', brokers: ['k1:9092', 'k2:9092'], idempotent: false });
  });

  it('puts the archive in the data folder unless TALLY_ARCHIVE_DIR says otherwise', () => {
    expect(readConfig({ TALLY_DATA_DIR: '/var/tally' }).archiveDir).toBe('/var/tally/archive');
    expect(readConfig({ TALLY_DATA_DIR: '/var/tally', TALLY_ARCHIVE_DIR: '/mnt/cold' }).archiveDir).toBe('/mnt/cold');
  });

  it('reads the embed-token settings, the secret key only when set', () => {
    expect(readConfig({}).tokens).toEqual({ issuer: 'tally', audience: 'tally-embed', rateLimitPerMinute: 600 });
    const config = readConfig({ TALLY_TOKEN_ISSUER: 'https://tally.acme.io', TALLY_TOKEN_AUDIENCE: 'crm', TALLY_TOKEN_RATE_LIMIT: '60', TALLY_SECRET_KEY: 's'.repeat(32) });
    expect(config.tokens).toEqual({ issuer: 'https://tally.acme.io', audience: 'crm', rateLimitPerMinute: 60, secretKey: 's'.repeat(32) });
    expect(failure({ TALLY_SECRET_KEY: 'short' }).field).toBe('TALLY_SECRET_KEY');
  });

  it('treats an empty variable as unset', () => {
    expect(readConfig({ DATABASE_URL: '', PORT: '' }).store.adapter).toBe('pglite');
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['DATABASE_URL', 'mysql://x'],
    ['REDIS_URL', 'not a url'],
    ['KAFKA_BROKERS', 'localhost'],
    ['LOG_LEVEL', 'loud'],
    ['KAFKA_IDEMPOTENT', 'maybe'],
    ['DATABASE_SCHEMA', 'Robert"); DROP'],
  ])('rejects %s=%s naming the variable and the value', (name, value) => {
    const err = failure({ [name]: value });
    expect(err.field).toBe(name);
    expect(err.message).toContain(`${name}:`);
    expect(err.message).toContain(JSON.stringify(value));
  });

  it('names every bad variable at once', () => {
    const err = failure({ PORT: '-1', LOG_LEVEL: 'x' });
    expect(err.message).toMatch(/PORT:.*LOG_LEVEL:/);
  });
});
