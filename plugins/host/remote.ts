/** The DataverseTarget of a real environment: msal-node client credentials against Microsoft Entra ID. */
import fs from 'node:fs';
import { MsalTokenProvider } from '../dataverse/auth';
import type { Redactor } from '../shared/redact';
import type { RemoteDataverseConfig } from './config';
import type { DataverseTarget } from './service';

export function remoteTarget(config: RemoteDataverseConfig, redactor: Redactor): DataverseTarget {
  const ca = config.caFile ? fs.readFileSync(config.caFile, 'utf8') : undefined;
  return {
    environmentUrl: config.url,
    webApiUrl: `${config.url}/api/data/v9.2`,
    tokenProvider: new MsalTokenProvider({
      environmentUrl: config.url,
      authority: config.authority,
      clientId: config.clientId,
      clientSecret: config.clientSecret,
      redactor,
      ca,
    }),
    ...(ca ? { ca } : {}),
  };
}
