import { loadConfig } from '../../../plugins/host/config';

describe('service configuration', () => {
  it('runs the embedded default when no Dataverse URL is set', () => {
    const c = loadConfig({}, { hostname: 'h1' });
    expect(c.dataverse).toBeUndefined();
    expect(c).toMatchObject({
      port: 3365,
      schedule: '0 2 * * *',
      timeZone: 'UTC',
      workerId: 'h1',
      allowLoopbackProviderUrls: true,
      allowPrivateNetworks: false,
    });
  });

  it('names every wrong or missing value', () => {
    let message = '';
    try {
      loadConfig(
        {
          W365_DATAVERSE_URL: 'http://contoso.crm.dynamics.com',
          W365_CLIENT_ID: 'not-a-guid',
          W365_TIME_ZONE: 'Mars/Olympus',
          W365_SCHEDULE: 'every night',
          W365_LOG_LEVEL: 'loud',
          W365_WEBHOOK_KEY: 'short',
        },
        { hostname: 'h' },
      );
    } catch (e) {
      message = (e as Error).message;
      expect((e as { code: string }).code).toBe('CONFIG_INVALID');
    }
    for (const expected of [
      'W365_DATAVERSE_URL must be an https URL',
      'W365_TENANT_ID is missing',
      'W365_CLIENT_ID must be a GUID',
      'W365_CLIENT_SECRET is missing',
      'W365_TIME_ZONE "Mars/Olympus"',
      'W365_SCHEDULE "every night"',
      'W365_LOG_LEVEL must be one of',
      'W365_WEBHOOK_KEY must be at least 32 characters',
    ]) {
      expect(message).toContain(expected);
    }
  });

  it('accepts a complete remote configuration and never puts the secret in a message', () => {
    const c = loadConfig(
      {
        W365_DATAVERSE_URL: 'https://contoso.crm.dynamics.com/',
        W365_TENANT_ID: '72f988bf-86f1-41af-91ab-2d7cd011db47',
        W365_CLIENT_ID: '11111111-2222-3333-4444-555555555555',
        W365_CLIENT_SECRET: 'xyz-secret',
        W365_WEBHOOK_KEY: 'k'.repeat(40),
        W365_TIME_ZONE: 'Australia/Sydney',
      },
      { hostname: 'h' },
    );
    expect(c.dataverse).toMatchObject({
      url: 'https://contoso.crm.dynamics.com',
      authority: 'https://login.microsoftonline.com/72f988bf-86f1-41af-91ab-2d7cd011db47',
    });
    expect(c.allowLoopbackProviderUrls).toBe(false);
    expect(c.host).toBe('0.0.0.0');
  });
});
