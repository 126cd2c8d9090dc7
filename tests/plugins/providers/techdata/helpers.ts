/**
 * Test wiring: a TechData sandbox on an ephemeral port, the real AxiosHttpClient (loopback allowed,
 * retry waits recorded instead of slept) inside a recording client, a redactor and a logger whose lines
 * are kept (../helpers/connector.ts, shared with the other connectors' tests), and the connector under
 * test.
 */
import {
  startTechDataSandbox,
  type TechDataSandbox,
  type TechDataSandboxOptions,
} from '../../../../emulators/techdata';
import type { RetryOptions } from '../../../../plugins/shared/retry';
import type { UrlPolicy } from '../../../../plugins/shared/url-guard';
import { TechDataConnector, type TechDataConnectorOptions } from '../../../../plugins/providers/techdata';
import type { DistributorCustomer, DistributorSubscription, ProviderConfig } from '../../../../plugins/providers/types';
import { capturedLogger, recordingHttp, type ConnectorTestEnv, type RecordingHttpClient } from '../helpers/connector';

export { collect } from '../helpers/connector';

export type TestEnv = ConnectorTestEnv<TechDataSandbox, TechDataConnector>;

export interface EnvOptions {
  sandbox?: TechDataSandboxOptions;
  connector?: TechDataConnectorOptions;
  urlPolicy?: UrlPolicy;
  retry?: RetryOptions;
  httpTimeoutInMs?: number;
}

export function makeHttp(sleeps: number[], options: EnvOptions = {}): RecordingHttpClient {
  return recordingHttp(sleeps, {
    urlPolicy: options.urlPolicy,
    timeoutInMs: options.httpTimeoutInMs ?? 10_000,
    retry: options.retry,
  });
}

export async function startEnv(options: EnvOptions = {}): Promise<TestEnv> {
  const sandbox = await startTechDataSandbox({
    customers: 25,
    subscriptionsPerCustomer: 4,
    pageSize: 10,
    seed: 'tests',
    ...options.sandbox,
  });
  const sleeps: number[] = [];
  const http = makeHttp(sleeps, options);
  const { redactor, logger, logLines } = capturedLogger();
  const connector = new TechDataConnector({ http, logger, redactor }, options.connector);
  return {
    sandbox,
    connector,
    http,
    redactor,
    sleeps,
    logLines,
    config: sandbox.providerConfig(),
    close: () => sandbox.close(),
  };
}

export function withProperty(config: ProviderConfig, name: string, value: string | undefined): ProviderConfig {
  const properties = { ...config.properties };
  if (value === undefined) delete properties[name];
  else properties[name] = value;
  return { ...config, properties };
}

export type { DistributorCustomer, DistributorSubscription };
