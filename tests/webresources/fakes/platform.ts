/// <reference types="xrm" />
/**
 * The platform a command runs on in these tests: xrm-mock's Xrm with the fake Web API, a Navigation
 * whose confirm dialogs answer as the test scripts them, a Utility that records the progress
 * indicator, a virtual clock (a 3-minute timeout takes no time), and forms built with xrm-mock.
 */
import { AppMock, NavigationStaticMock, UtilityMock, XrmMockGenerator, XrmStaticMock } from 'xrm-mock';
import { XrmPromiseMock } from 'xrm-mock/dist/xrm-mock/async/xrmpromise/xrmpromise.mock';
import { Choices, Tables } from '../../../solution/schema';
import type { CommandDeps } from '../../../webresources/src/deps';
import { FakeWebApi } from './fake-webapi';

export class VirtualClock {
  private nowInMs = Date.parse('2025-06-01T09:00:00Z');
  /** Every wait the code under test asked for, in order. */
  readonly sleeps: number[] = [];

  now(): number {
    return this.nowInMs;
  }
  async sleep(delayInMs: number): Promise<void> {
    this.sleeps.push(delayInMs);
    this.nowInMs += delayInMs;
  }
}

export class ScriptedNavigation extends NavigationStaticMock {
  /** Answers for the next confirm dialogs, in order; when empty, the user clicks the confirm button. */
  readonly answers: boolean[] = [];
  /** Every dialog in order, alert or confirm, as the user saw it. */
  readonly dialogs: { kind: 'alert' | 'confirm'; title: string; text: string; confirmed?: boolean }[] = [];

  override openAlertDialog(
    alertStrings: Xrm.Navigation.AlertStrings,
    alertOptions?: Xrm.Navigation.DialogSizeOptions,
  ): Xrm.Async.PromiseLike<void> {
    this.dialogs.push({ kind: 'alert', title: alertStrings.title ?? '', text: alertStrings.text });
    return super.openAlertDialog(alertStrings, alertOptions);
  }
  override openConfirmDialog(
    confirmStrings: Xrm.Navigation.ConfirmStrings,
    confirmOptions?: Xrm.Navigation.DialogSizeOptions,
  ): Xrm.Async.PromiseLike<Xrm.Navigation.ConfirmResult> {
    const confirmed = this.answers.length ? (this.answers.shift() as boolean) : true;
    this.dialogs.push({ kind: 'confirm', title: confirmStrings.title ?? '', text: confirmStrings.text, confirmed });
    this.confirmDialogCalls.push({ confirmStrings, confirmOptions });
    return new XrmPromiseMock(Promise.resolve({ confirmed }));
  }
}

export class RecordingUtility extends UtilityMock {
  readonly progress: string[] = [];
  shown = false;
  override showProgressIndicator(message: string): void {
    this.progress.push(message);
    this.shown = true;
  }
  override closeProgressIndicator(): void {
    this.shown = false;
  }
}

/** The app notification bar (Xrm.App), with every message added recorded in order. */
export class RecordingApp extends AppMock {
  readonly added: string[] = [];
  /** The most bars shown at once (a command replaces its bar, so 1). */
  mostAtOnce = 0;
  override addGlobalNotification(notification: Xrm.App.Notification): Xrm.Async.PromiseLike<string> {
    this.added.push(notification.message);
    const result = super.addGlobalNotification(notification);
    this.mostAtOnce = Math.max(this.mostAtOnce, Object.keys(this.globalNotifications).length);
    return result;
  }
  shown(): number {
    return Object.keys(this.globalNotifications).length;
  }
}

export interface Platform {
  clock: VirtualClock;
  webApi: FakeWebApi;
  navigation: ScriptedNavigation;
  utility: RecordingUtility;
  app: RecordingApp;
  xrm: XrmStaticMock;
  deps: CommandDeps;
}

export function platform(): Platform {
  const clock = new VirtualClock();
  const webApi = new FakeWebApi(clock);
  const navigation = new ScriptedNavigation();
  const utility = new RecordingUtility();
  const app = new RecordingApp();
  const xrm = new XrmStaticMock({ webApi, navigation, utility, app });
  return {
    clock,
    webApi,
    navigation,
    utility,
    app,
    xrm,
    deps: { xrm, now: () => clock.now(), sleep: (ms) => clock.sleep(ms) },
  };
}

/** The bodies of every record the scripts created, in order. */
export const createdRecords = (p: Platform) =>
  p.webApi.calls.filter((c) => c.method === 'createRecord').map((c) => c.data ?? {});

export const PROVIDER_ID = '6f9619ff-8b86-4011-b42d-00c04fc964ff';
export const CONTRACT_ID = '9a8b7c6d-1111-4222-8333-444455556666';
export const CUSTOMER_ID = '0b0b0b0b-2222-4333-8444-555566667777';

export interface FormOptions {
  /** '' for a record never saved. */
  id?: string;
  dirty?: boolean;
  providerType?: number;
}

/** A form context made by xrm-mock, with its refresh calls recorded. */
export interface TestForm {
  form: Xrm.FormContext;
  refreshed: { form: number; subgrids: number };
  /** Every form notification the scripts set, in order (the job's progress bar lives here). */
  notifications: string[];
  /** Form notifications still shown. */
  shown: () => number;
}

function finishForm(id: string | undefined, entityName: string): TestForm {
  const form = XrmMockGenerator.getFormContext() as unknown as Xrm.FormContext;
  // xrm-mock gives every form a made-up id; a new record has none.
  (form.data.entity as unknown as { id: string }).id = id ?? '';
  (form.data.entity as unknown as { entityName: string }).entityName = entityName;
  const refreshed = { form: 0, subgrids: 0 };
  const notifications: string[] = [];
  const ui = form.ui as unknown as {
    setFormNotification(m: string, l: string, id: string): boolean;
    formNotifications?: unknown[];
  };
  const set = ui.setFormNotification.bind(ui);
  ui.setFormNotification = (message, level, id) => {
    notifications.push(message);
    return set(message, level, id);
  };
  // xrm-mock's refresh methods throw "not implemented"; these count the calls instead.
  form.data.refresh = () => {
    refreshed.form++;
    return new XrmPromiseMock(Promise.resolve(undefined));
  };
  const grid = XrmMockGenerator.Control.createGrid({ name: 'subgrid_items', label: 'Items', visible: true });
  (grid as unknown as { refresh: () => void }).refresh = () => {
    refreshed.subgrids++;
  };
  return { form, refreshed, notifications, shown: () => ui.formNotifications?.length ?? 0 };
}

export function providerForm(options: FormOptions = {}): TestForm {
  XrmMockGenerator.initialise();
  XrmMockGenerator.Attribute.createString({
    name: Tables.provider.col.name,
    value: 'TechData (test)',
    isDirty: options.dirty === true,
  });
  XrmMockGenerator.Attribute.createOptionSet(
    Tables.provider.col.providerType,
    options.providerType ?? Choices.providerType.Automatic,
  );
  return finishForm(
    options.id === undefined ? `{${PROVIDER_ID.toUpperCase()}}` : options.id,
    Tables.provider.logicalName,
  );
}

export function contractForm(options: FormOptions & { customer?: boolean } = {}): TestForm {
  XrmMockGenerator.initialise();
  XrmMockGenerator.Attribute.createString({
    name: Tables.billingContract.col.name,
    value: 'Contoso - Microsoft licences',
    isDirty: options.dirty === true,
  });
  XrmMockGenerator.Attribute.createLookup(
    Tables.billingContract.col.customer,
    options.customer === false
      ? []
      : [{ id: `{${CUSTOMER_ID.toUpperCase()}}`, name: 'Contoso Ltd', entityType: Tables.account.logicalName }],
  );
  return finishForm(
    options.id === undefined ? `{${CONTRACT_ID.toUpperCase()}}` : options.id,
    Tables.billingContract.logicalName,
  );
}

/** The seed most tests need: the automatic provider the forms point at. */
export function seedProvider(
  webApi: FakeWebApi,
  id = PROVIDER_ID,
  name = 'TechData (test)',
  providerType: number = Choices.providerType.Automatic,
): string {
  const P = Tables.provider;
  return webApi.insert(P.logicalName, { [P.col.id]: id, [P.col.name]: name, [P.col.providerType]: providerType });
}

export const INVOICE_ID = '1c1c1c1c-3333-4444-8555-666677778888';

/** A Distributor Invoice form; `provider: false` for an invoice with no provider. */
export function invoiceForm(options: FormOptions & { provider?: boolean } = {}): TestForm {
  XrmMockGenerator.initialise();
  const I = Tables.distributorInvoice;
  XrmMockGenerator.Attribute.createString({
    name: I.col.name,
    value: 'INV-2025-06-0042',
    isDirty: options.dirty === true,
  });
  XrmMockGenerator.Attribute.createLookup(
    I.col.provider,
    options.provider === false
      ? []
      : [{ id: `{${PROVIDER_ID.toUpperCase()}}`, name: 'TechData (test)', entityType: Tables.provider.logicalName }],
  );
  return finishForm(options.id === undefined ? `{${INVOICE_ID.toUpperCase()}}` : options.id, I.logicalName);
}

/** A Variance form for the variance with `id` ('' for a new record). */
export function varianceForm(id: string, options: FormOptions = {}): TestForm {
  XrmMockGenerator.initialise();
  XrmMockGenerator.Attribute.createString({
    name: Tables.variance.col.name,
    value: 'Quantity: Contoso Ltd, Microsoft 365 E3',
    isDirty: options.dirty === true,
  });
  return finishForm(id === '' ? '' : `{${id.toUpperCase()}}`, Tables.variance.logicalName);
}

/** Xrm.Device's file picker, answering with the files the test puts in (none: the person cancelled). */
export class FakeFilePicker implements Pick<Xrm.Device, 'pickFile'> {
  readonly options: (Xrm.Device.PickFileOptions | undefined)[] = [];
  files: Xrm.Device.CaptureFileResponse[] = [];
  failWith?: unknown;
  pickFile(options?: Xrm.Device.PickFileOptions): Xrm.Async.PromiseLike<Xrm.Device.CaptureFileResponse[]> {
    this.options.push(options);
    return new XrmPromiseMock(this.failWith ? Promise.reject(this.failWith) : Promise.resolve(this.files));
  }
}

/** A platform whose Xrm offers Device.pickFile. */
export function platformWithPicker(): Platform & { picker: FakeFilePicker } {
  const p = platform();
  const picker = new FakeFilePicker();
  (p.xrm as unknown as { Device: Pick<Xrm.Device, 'pickFile'> }).Device = picker;
  return { ...p, picker };
}
