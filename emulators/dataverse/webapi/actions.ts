/**
 * Unbound Web API actions the emulator implements: `ImportSolution` (no return value: 204 [C]) and
 * `ImportSolutionAsync` (ImportSolutionAsyncResponse: AsyncOperationId, ImportJobKey [C]). Parameters
 * as the action reference lists them: CustomizationFile (Edm.Binary, base64 in JSON), ImportJobId,
 * OverwriteUnmanagedCustomizations, PublishWorkflows [C]; the last two change nothing here, since the
 * emulator has no unmanaged customizations or workflows to overwrite or publish.
 */
import { Errors } from '../errors';
import type { EmuRequest, EmuResponse } from '../http-types';
import { isGuid } from '../store/codec';
import { parseJsonObject } from './body';
import type { ApiContext } from './context';
import { noContent, odataJson } from './responses';

export const ACTIONS = new Set(['ImportSolution', 'ImportSolutionAsync']);

const BASE64 = /^[A-Za-z0-9+/\r\n]*={0,2}$/;

function customizationFile(body: Record<string, unknown>): Buffer {
  const file = body.CustomizationFile;
  if (typeof file !== 'string' || file.length === 0 || !BASE64.test(file))
    throw Errors.badQuery("The parameter 'CustomizationFile' must be the solution zip, base64-encoded (Edm.Binary).");
  return Buffer.from(file, 'base64');
}

function importJobId(body: Record<string, unknown>): string | undefined {
  const id = body.ImportJobId;
  if (id === undefined || id === null) return undefined;
  if (typeof id !== 'string' || !isGuid(id)) throw Errors.wrongType(id, 'Edm.Guid');
  return id;
}

export async function runAction(name: string, req: EmuRequest, ctx: ApiContext): Promise<EmuResponse> {
  if (req.method !== 'POST') throw Errors.methodNotAllowed(req.method);
  const body = parseJsonObject(req.body);
  const zip = customizationFile(body);
  if (name === 'ImportSolution') {
    await ctx.imports.importNow(zip);
    return noContent();
  }
  const ids = ctx.imports.startLater(zip, importJobId(body));
  return odataJson(200, {
    '@odata.context': `${ctx.env.webApiUrl}/$metadata#Microsoft.Dynamics.CRM.ImportSolutionAsyncResponse`,
    AsyncOperationId: ids.asyncOperationId,
    ImportJobKey: ids.importJobId,
  });
}
