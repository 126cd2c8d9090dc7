/** W365_MAX_PROVIDER_RESPONSE_MB: a default, a value in MB (fractions too), and a bad value refused by name. */
import { loadConfig } from '../../../plugins/host/config';

const load = (env: NodeJS.ProcessEnv) => loadConfig(env, { hostname: 'test' });

describe('W365_MAX_PROVIDER_RESPONSE_MB', () => {
  it('defaults to 8 MB and reads megabytes, fractions included', () => {
    expect(load({}).maxProviderResponseBytes).toBe(8 * 1024 * 1024);
    expect(load({ W365_MAX_PROVIDER_RESPONSE_MB: '32' }).maxProviderResponseBytes).toBe(32 * 1024 * 1024);
    expect(load({ W365_MAX_PROVIDER_RESPONSE_MB: '0.5' }).maxProviderResponseBytes).toBe(512 * 1024);
  });

  it.each(['0', '-1', 'lots', '100000'])('refuses %s, naming the variable', (value) => {
    expect(() => load({ W365_MAX_PROVIDER_RESPONSE_MB: value })).toThrow(
      expect.objectContaining({
        code: 'CONFIG_INVALID',
        message: expect.stringContaining('W365_MAX_PROVIDER_RESPONSE_MB must be'),
      }),
    );
  });
});
