import {
  addressRefusal,
  checkUrlShape,
  classifyAddress,
  guardedLookup,
  STRICT_URL_POLICY,
} from '../../../plugins/shared/url-guard';
import { AxiosHttpClient } from '../../../plugins/shared/http';

describe('outbound URL guard', () => {
  it('classifies addresses', () => {
    expect(classifyAddress('8.8.8.8')).toBe('public');
    expect(classifyAddress('10.1.2.3')).toBe('private');
    expect(classifyAddress('172.20.0.1')).toBe('private');
    expect(classifyAddress('192.168.1.1')).toBe('private');
    expect(classifyAddress('169.254.169.254')).toBe('metadata');
    expect(classifyAddress('168.63.129.16')).toBe('metadata');
    expect(classifyAddress('169.254.10.1')).toBe('link-local');
    expect(classifyAddress('127.0.0.1')).toBe('loopback');
    expect(classifyAddress('::1')).toBe('loopback');
    expect(classifyAddress('::ffff:10.0.0.1')).toBe('private');
    expect(classifyAddress('fe80::1')).toBe('link-local');
    expect(classifyAddress('fd12::1')).toBe('private');
  });

  it('refuses metadata endpoints even when private networks are allowed', () => {
    expect(addressRefusal('169.254.169.254', { allowPrivateNetworks: true, allowLoopback: true })).toBeDefined();
    expect(addressRefusal('10.0.0.5', { allowPrivateNetworks: true, allowLoopback: false })).toBeUndefined();
    expect(addressRefusal('10.0.0.5', STRICT_URL_POLICY)).toMatch(/private/);
  });

  it('accepts https, and plain http only to loopback when loopback is allowed', () => {
    expect(() =>
      checkUrlShape('https://partnerapi.tdstreamone.com/', 'API End Point URL', STRICT_URL_POLICY),
    ).not.toThrow();
    expect(() => checkUrlShape('http://partnerapi.tdstreamone.com/', 'API End Point URL', STRICT_URL_POLICY)).toThrow(
      /API End Point URL must use https/,
    );
    expect(() => checkUrlShape('http://127.0.0.1:9000/', 'End Point URL', STRICT_URL_POLICY)).toThrow(/must use https/);
    expect(() =>
      checkUrlShape('http://127.0.0.1:9000/', 'End Point URL', { allowPrivateNetworks: false, allowLoopback: true }),
    ).not.toThrow();
    expect(() => checkUrlShape('https://user:pw@example.com/', 'End Point URL', STRICT_URL_POLICY)).toThrow(
      /user name or password/,
    );
    expect(() => checkUrlShape('not a url', 'End Point URL', STRICT_URL_POLICY)).toThrow(
      /End Point URL is not a valid URL/,
    );
  });

  it('refuses, at connect time, a host that resolves to loopback when loopback is not allowed', async () => {
    const lookup = guardedLookup(STRICT_URL_POLICY);
    const err = await new Promise<Error | null>((resolve) => lookup('localhost', {}, (e) => resolve(e)));
    expect(err?.message).toMatch(/resolves to a loopback address/);
  });

  it('the HTTP client reports a blocked address with its code and sends nothing', async () => {
    const http = new AxiosHttpClient({ urlPolicy: STRICT_URL_POLICY });
    await expect(http.send({ method: 'GET', url: 'https://localhost:1/x', retry: false })).rejects.toMatchObject({
      code: 'URL_BLOCKED_ADDRESS',
    });
  });
});

describe('outbound URL guard and IP literals', () => {
  it('refuses literal private, loopback and metadata addresses, which never go through DNS', () => {
    for (const url of [
      'https://127.0.0.1:9/',
      'https://169.254.169.254/latest/meta-data',
      'https://10.0.0.8/',
      'https://[::1]:8443/',
      'https://[fd00:ec2::254]/',
    ]) {
      expect(() => checkUrlShape(url, 'API End Point URL', STRICT_URL_POLICY)).toThrow(
        expect.objectContaining({ code: 'URL_BLOCKED_ADDRESS' }),
      );
    }
    expect(() =>
      checkUrlShape('https://169.254.169.254/', 'API End Point URL', {
        allowPrivateNetworks: true,
        allowLoopback: true,
      }),
    ).toThrow(/metadata/);
    expect(() =>
      checkUrlShape('https://10.0.0.8/', 'API End Point URL', { allowPrivateNetworks: true, allowLoopback: false }),
    ).not.toThrow();
    expect(() =>
      checkUrlShape('http://127.0.0.1:9/', 'API End Point URL', { allowPrivateNetworks: false, allowLoopback: true }),
    ).not.toThrow();
  });

  it('the HTTP client refuses a literal metadata address before connecting', async () => {
    const http = new AxiosHttpClient({ urlPolicy: STRICT_URL_POLICY });
    await expect(http.send({ method: 'GET', url: 'https://169.254.169.254/', retry: false })).rejects.toMatchObject({
      code: 'URL_BLOCKED_ADDRESS',
    });
  });
});
