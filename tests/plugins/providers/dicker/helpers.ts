/**
 * Test wiring for the Dicker Data connector: a sandbox on an ephemeral port, the real AxiosHttpClient
 * (loopback allowed, retry waits recorded instead of slept) inside a recording client, a redactor and a
 * logger whose lines are kept (../helpers/connector.ts, shared with the other connectors' tests).
 */
import { startDickerSandbox, type DickerSandbox, type DickerSandboxOptions } from '../../../../emulators/dicker';
import { DickerConnector, type DickerConnectorOptions } from '../../../../plugins/providers/dicker';
import type { UrlPolicy } from '../../../../plugins/shared/url-guard';
import { capturedLogger, recordingHttp, type ConnectorTestEnv } from '../helpers/connector';

export { caught, collect } from '../helpers/connector';

export type TestEnv = ConnectorTestEnv<DickerSandbox, DickerConnector>;

export function makeConnector(
  options: { connector?: DickerConnectorOptions; urlPolicy?: UrlPolicy; now?: () => Date } = {},
) {
  const sleeps: number[] = [];
  const http = recordingHttp(sleeps, { urlPolicy: options.urlPolicy, timeoutInMs: 5_000 });
  const { redactor, logger, logLines } = capturedLogger();
  const connector = new DickerConnector(
    { http, logger, redactor, ...(options.now ? { now: options.now } : {}) },
    options.connector,
  );
  return { connector, http, redactor, sleeps, logLines };
}

export async function startEnv(
  options: { sandbox?: DickerSandboxOptions; connector?: DickerConnectorOptions } = {},
): Promise<TestEnv> {
  const sandbox = await startDickerSandbox({ seed: 'tests', tenants: 15, linesPerTenant: 4, ...options.sandbox });
  const made = makeConnector({ connector: options.connector });
  return { sandbox, ...made, config: sandbox.providerConfig(), close: () => sandbox.close() };
}
