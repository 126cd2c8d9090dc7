/// <reference types="xrm" />
/**
 * The `Xrm` the ribbon web resources see in the app shell: Xrm.WebApi over the shell's same-origin Web
 * API, Xrm.Navigation's dialogs and openForm, Xrm.Utility's progress indicator, Xrm.Device.pickFile
 * (file-picker.ts). Typed against the same
 * `RibbonXrm` interface the scripts are written to, so the shell cannot drift from what they call.
 */
import type { RibbonXrm } from '../../../webresources/src/deps';
import type { AppMeta, TableMeta } from '../shared/metadata';
import { WebApiClient, WebApiError, type Row } from './api';
import { addGlobalNotification, clearGlobalNotification } from './app-notifications';
import { alertDialog, closeProgress, confirmDialog, showProgress } from './dialogs';
import { pickFileDialog } from './file-picker';
import { bare } from './dom';

/** Xrm's promises also have jQuery-style `fail` and `always`; scripts written for Dynamics may use them. */
export class XrmPromise<T> implements Xrm.Async.PromiseLike<T> {
  constructor(private readonly promise: Promise<T>) {}
  then<U>(
    onFulfilled?: (value: T) => U | Xrm.Async.PromiseLike<U>,
    onRejected?: (error: unknown) => U | Xrm.Async.PromiseLike<U> | void,
  ): Xrm.Async.PromiseLike<U> {
    return new XrmPromise(this.promise.then(onFulfilled as (v: T) => U, onRejected as (e: unknown) => U));
  }
  fail<U>(onRejected?: (reason: Xrm.ErrorResponse) => U | Xrm.Async.PromiseLike<U>): Xrm.Async.PromiseLike<U> {
    return new XrmPromise(this.promise.then(undefined, onRejected as (e: unknown) => U));
  }
  catch<U>(onRejected?: (reason: Xrm.ErrorResponse) => U | Xrm.Async.PromiseLike<U>): Xrm.Async.PromiseLike<U> {
    return this.fail(onRejected);
  }
  always<U>(callback: () => U | Xrm.Async.PromiseLike<U>): Xrm.Async.PromiseLike<U> {
    return new XrmPromise(this.promise.then(callback as () => U, callback as () => U));
  }
  finally<U>(callback: () => U | Xrm.Async.PromiseLike<U>): Xrm.Async.PromiseLike<U> {
    return new XrmPromise(this.promise.finally(callback as () => void) as unknown as Promise<U>);
  }
}

const wrap = <T>(p: Promise<T>) => new XrmPromise(p);

/** Xrm.WebApi rejects with a plain `{ errorCode, message }`, not an Error. */
function asErrorResponse(err: unknown): Xrm.ErrorResponse {
  if (err instanceof WebApiError) return { errorCode: err.errorCode, message: err.message } as Xrm.ErrorResponse;
  // Already one (an unknown table, thrown before any request): kept, not turned into '[object Object]'.
  if (err && typeof err === 'object' && typeof (err as { message?: unknown }).message === 'string')
    return err as Xrm.ErrorResponse;
  return { errorCode: 0, message: err instanceof Error ? err.message : String(err) } as Xrm.ErrorResponse;
}

function reject<T>(p: Promise<T>): Promise<T> {
  return p.catch((err: unknown) => {
    throw asErrorResponse(err);
  });
}

export type ShellXrm = RibbonXrm & {
  WebApi: RibbonXrm['WebApi'] & Pick<Xrm.WebApi, 'updateRecord' | 'deleteRecord'>;
  App: NonNullable<RibbonXrm['App']>;
  Device: NonNullable<RibbonXrm['Device']>;
};

export function createXrm(meta: AppMeta, api: WebApiClient, openRecord: (table: string, id: string) => void): ShellXrm {
  const table = (logicalName: string): TableMeta => {
    const t = meta.tables[logicalName];
    if (!t) throw { errorCode: 0x80040217, message: `Entity '${logicalName}' was not found in the MetadataCache.` };
    return t;
  };
  const options = (o?: string) => (!o ? '' : o.startsWith('?') ? o : `?${o}`);
  const WebApi: ShellXrm['WebApi'] = {
    createRecord: (entity: string, record: Row) =>
      wrap(reject((async () => ({ entityType: entity, id: await api.create(table(entity).entitySetName, record) }))())),
    retrieveRecord: <T = Row>(entity: string, id: string, o?: string) =>
      wrap(reject(api.get(`${table(entity).entitySetName}(${bare(id)})${options(o)}`) as Promise<T>)),
    retrieveMultipleRecords: <T = Row>(entity: string, o?: string, maxPageSize?: number) =>
      wrap(
        reject(
          (async () => {
            const body = await api.get(`${table(entity).entitySetName}${options(o)}`, maxPageSize);
            return { entities: (body.value ?? []) as T[], nextLink: body['@odata.nextLink'] as string };
          })(),
        ),
      ),
    updateRecord: (entity: string, id: string, data: Row) =>
      wrap(
        reject(
          (async () => {
            await api.update(table(entity).entitySetName, bare(id), data);
            return { entityType: entity, id: bare(id) };
          })(),
        ),
      ),
    deleteRecord: (entity: string, id: string) =>
      wrap(
        reject(
          (async () => {
            await api.remove(table(entity).entitySetName, bare(id));
            return bare(id);
          })(),
        ),
      ),
  };
  const Navigation: ShellXrm['Navigation'] = {
    openAlertDialog: (s: Xrm.Navigation.AlertStrings) => wrap(alertDialog(s.title ?? '', s.text, s.confirmButtonLabel)),
    openConfirmDialog: (s: Xrm.Navigation.ConfirmStrings) =>
      wrap(
        confirmDialog(s.title ?? '', s.text, s.confirmButtonLabel, s.cancelButtonLabel).then((confirmed) => ({
          confirmed,
        })),
      ),
    openForm: (o: Xrm.Navigation.EntityFormOptions) =>
      wrap(
        (async () => {
          if (o.entityName && o.entityId) openRecord(o.entityName, bare(o.entityId));
          return { savedEntityReference: [] } as unknown as Xrm.Navigation.OpenFormResult;
        })(),
      ),
  };
  const Utility: ShellXrm['Utility'] = {
    showProgressIndicator: (message: string) => showProgress(message),
    closeProgressIndicator: () => closeProgress(),
  };
  const App: ShellXrm['App'] = {
    addGlobalNotification: (n: Xrm.App.Notification) => wrap(addGlobalNotification(n)),
    clearGlobalNotification: (id: string) => wrap(clearGlobalNotification(id)),
  };
  const Device: ShellXrm['Device'] = {
    pickFile: (o?: Xrm.Device.PickFileOptions) => wrap(pickFileDialog(o)),
  };
  return { WebApi, Navigation, Utility, App, Device };
}
