/**
 * How a command-line tool reaches Dataverse: the environment in W365_DATAVERSE_URL (msal-node client
 * credentials, as the service), or else the embedded default that `npm start` is running on this
 * machine (found through the state file it writes in W365_DATA_DIR).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MsalTokenProvider } from '../plugins/dataverse/auth';
import { DataverseClient } from '../plugins/dataverse/client';
import { loadConfig, type ServiceConfig } from '../plugins/host/config';
import { remoteTarget } from '../plugins/host/remote';
import { W365Error } from '../common/errors';
import type { Redactor } from '../plugins/shared/redact';

export const CliErrorCodes = { NoDataverse: 'CLI_NO_DATAVERSE' } as const;

export function connectDataverse(
  redactor: Redactor,
  env: NodeJS.ProcessEnv = process.env,
): { dv: DataverseClient; config: ServiceConfig; where: string } {
  const config = loadConfig(env, { hostname: os.hostname(), purpose: 'tool' });
  if (config.dataverse) {
    const target = remoteTarget(config.dataverse, redactor);
    return {
      dv: new DataverseClient({ webApiUrl: target.webApiUrl, tokenProvider: target.tokenProvider, ca: target.ca }),
      config,
      where: config.dataverse.url,
    };
  }
  const stateFile = path.resolve(config.dataDir, 'embedded.json');
  if (!fs.existsSync(stateFile)) {
    throw new W365Error(
      CliErrorCodes.NoDataverse,
      `No Dataverse to talk to: set W365_DATAVERSE_URL (and W365_TENANT_ID, W365_CLIENT_ID, W365_CLIENT_SECRET), or start the embedded default first with \`npm start\` (it writes ${stateFile}).`,
    );
  }
  const state = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as {
    url: string;
    webApiUrl: string;
    authority: string;
    caFile: string;
    clientId: string;
    clientSecret: string;
  };
  redactor.addSecret(state.clientSecret);
  const ca = fs.readFileSync(state.caFile, 'utf8');
  const tokenProvider = new MsalTokenProvider({
    environmentUrl: state.url,
    authority: state.authority,
    clientId: state.clientId,
    clientSecret: state.clientSecret,
    redactor,
    ca,
  });
  return {
    dv: new DataverseClient({ webApiUrl: state.webApiUrl, tokenProvider, ca }),
    config,
    where: `${state.url} (embedded default)`,
  };
}
