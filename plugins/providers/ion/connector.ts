/**
 * `Providers.TDSynnexStreamOneIon`: TD SYNNEX StreamOne Ion API v3 (distributor-apis.md §1). Customers
 * come from the cursor-paged customer list, each enriched with its Microsoft tenant id and domain from
 * its cloud profiles (the only place Ion has them); subscriptions from the offset-paged reseller-wide
 * list, Microsoft lines only. Tokens: see token-manager.ts for the single-use refresh token protocol.
 */
import { W365Error } from '../../../common/errors';
import type { RetryOptions } from '../../shared/retry';
import type {
  ConfigProblem,
  ConnectorDeps,
  DistributorCustomer,
  DistributorSubscription,
  InvoiceListOptions,
  InvoiceRead,
  ListOptions,
  Parsed,
  ProviderConfig,
  ProviderConnector,
  SubscriptionListOptions,
  VerifyResult,
} from '../types';
import { listingIncomplete, pageRequestOptions } from '../common/paging';
import { settingsOrThrow } from '../common/settings';
import { verifySettingsFrom } from '../common/verify';
import { IonApi, type ApiRequestOptions } from './api-client';
import { IonErrorCodes } from './errors';
import { readIonInvoices, type ReportFormat } from './invoices';
import { cursorPages, mapInOrder, offsetPages } from './paging';
import {
  parseCustomer,
  parseSubscription,
  readCustomersPage,
  readMicrosoftProfile,
  readSubscriptionsPage,
} from './parse';
import { ION_PROPERTIES, ION_SETTINGS, validateIonConfig, type IonSettings } from './properties';
import { DISPLAY_NAME, Failures } from './strings';
import { FileTokenJournal, type TokenJournal } from './token-journal';
import { IonTokenManager, type TokenManagerOptions } from './token-manager';
import { DEFAULT_VERIFY_SETTINGS, verifyIon, type VerifySettings } from './verify';

export const ION_INTERNAL_NAME = 'Providers.TDSynnexStreamOneIon';

export interface IonConnectorOptions {
  /** Customers per cursor page (pageSize, required by Ion [C]). Default 100. */
  customerPageSize?: number;
  /** Subscriptions per offset page (pagination.limit; Ion's default is 100 [C]). Default 100. */
  subscriptionPageSize?: number;
  /** Subscription pages fetched at once after the first. Default 4. */
  pageConcurrency?: number;
  /** Cloud profile reads at once (one per customer). Default 4. */
  profileConcurrency?: number;
  pageTimeoutInMs?: number;
  pageRetry?: RetryOptions;
  verifyTimeoutInMs?: number;
  verifyRetry?: RetryOptions;
  token?: TokenManagerOptions;
  /** Where renewals are journaled before they reach Dataverse; default a FileTokenJournal in a private folder of the user's home. */
  journal?: TokenJournal;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** How the billing report is read: typed JSON rows (default) or CSV. */
  reportFormat?: ReportFormat;
}

export class IonConnector implements ProviderConnector {
  readonly internalName = ION_INTERNAL_NAME;
  readonly displayName = DISPLAY_NAME;
  readonly properties = ION_PROPERTIES;
  readonly canCreateCustomers = false;

  private readonly tokens: IonTokenManager;
  private readonly api: IonApi;
  private readonly verifySettings: VerifySettings;

  constructor(
    private readonly deps: ConnectorDeps,
    private readonly options: IonConnectorOptions = {},
  ) {
    const now = deps.now ?? (() => new Date());
    this.tokens = new IonTokenManager(
      {
        http: deps.http,
        redactor: deps.redactor,
        logger: deps.logger,
        now,
        tokenStore: deps.tokenStore,
        journal: options.journal ?? new FileTokenJournal(),
        ...(options.sleep ? { sleep: options.sleep } : {}),
      },
      options.token,
    );
    this.api = new IonApi({ http: deps.http, redactor: deps.redactor, logger: deps.logger }, this.tokens);
    this.verifySettings = verifySettingsFrom(DEFAULT_VERIFY_SETTINGS, options);
  }

  validateConfig(config: ProviderConfig): ConfigProblem[] {
    return validateIonConfig(config);
  }

  verifyConnectivity(config: ProviderConfig, options?: ListOptions): Promise<VerifyResult> {
    return verifyIon(
      {
        http: this.deps.http,
        tokens: this.tokens,
        api: this.api,
        redactor: this.deps.redactor,
        logger: this.deps.logger,
      },
      config,
      this.verifySettings,
      options,
    );
  }

  async *listCustomers(config: ProviderConfig, options: ListOptions = {}): AsyncIterable<Parsed<DistributorCustomer>> {
    const settings = this.settingsOrThrow(config);
    const pageSize = this.options.customerPageSize ?? 100;
    const fetchPage = async (pageToken: string | undefined, page: number) => {
      const query = new URLSearchParams({ pageSize: String(pageSize), ...(pageToken ? { pageToken } : {}) });
      const what = `customers page ${page}`;
      return this.read(settings, `customers?${query}`, what, 'customers', options.signal, (body) =>
        readCustomersPage(body, what),
      );
    };
    for await (const { page, body } of cursorPages(fetchPage, 'customers', options.signal)) {
      const parsed = body.items.map((raw, i) => parseCustomer(raw, page, i));
      const enriched = await mapInOrder(parsed, this.options.profileConcurrency ?? 4, (p) =>
        p.ok ? this.withTenant(settings, p.value, options.signal) : Promise.resolve(p),
      );
      this.deps.logger.debug(
        { page, records: body.items.length, more: Boolean(body.nextPageToken) },
        'Ion customers page read',
      );
      yield* enriched;
    }
  }

  /** Tenant id and domain from the customer's Microsoft cloud profile; a customer without one keeps none. */
  private async withTenant(
    settings: IonSettings,
    customer: DistributorCustomer,
    signal?: AbortSignal,
  ): Promise<Parsed<DistributorCustomer>> {
    const path = `customers/${encodeURIComponent(customer.providerSpecificId)}/cloudProfiles?providerId=${encodeURIComponent(settings.microsoftProviderId)}`;
    const body = await this.read(
      settings,
      path,
      `the cloud profiles of customer ${customer.providerSpecificId}`,
      'customers',
      signal,
      (b) => b,
      { allowNotFound: true },
    );
    if (body === undefined) return { ok: true, value: customer };
    const profile = readMicrosoftProfile(body, settings.microsoftProviderId);
    if (!profile) {
      // The customer itself is fine; only its tenant is unknown, which automap can live without.
      this.deps.logger.warn(
        { customer: customer.providerSpecificId },
        'Ion cloud profiles answer could not be read; customer kept without tenant id',
      );
      return { ok: true, value: customer };
    }
    return { ok: true, value: { ...customer, ...profile } };
  }

  async *listSubscriptions(
    config: ProviderConfig,
    options: SubscriptionListOptions = {},
  ): AsyncIterable<Parsed<DistributorSubscription>> {
    const settings = this.settingsOrThrow(config);
    const limit = this.options.subscriptionPageSize ?? 100;
    const filter = {
      providerId: settings.microsoftProviderId,
      ...(options.customerId !== undefined ? { customerId: options.customerId } : {}),
    };
    const fetchPage = async (offset: number, signal: AbortSignal) => {
      const query = new URLSearchParams({
        ...filter,
        'pagination.limit': String(limit),
        'pagination.offset': String(offset),
      });
      const what = `subscriptions at offset ${offset}`;
      return this.read(settings, `subscriptions?${query}`, what, 'subscriptions', signal, (body) =>
        readSubscriptionsPage(body, what),
      );
    };
    let otherProviders = 0;
    for await (const { offset, body } of offsetPages(fetchPage, limit, 'subscriptions', {
      concurrency: this.options.pageConcurrency ?? 4,
      signal: options.signal,
    })) {
      for (let i = 0; i < body.items.length; i++) {
        const parsed = parseSubscription(body.items[i], offset, i, settings.microsoftProviderId, settings.currencyCode);
        if (parsed) yield parsed;
        else otherProviders++;
      }
    }
    if (otherProviders) this.deps.logger.debug({ otherProviders }, 'Ion lines of other cloud providers left out');
  }

  /** The period's invoices, from Ion's Microsoft billing report (invoices.ts). */
  readInvoices(config: ProviderConfig, options: InvoiceListOptions): Promise<InvoiceRead[]> {
    return readIonInvoices(this.api, this.settingsOrThrow(config), {
      ...options,
      ...(this.options.reportFormat ? { format: this.options.reportFormat } : {}),
      ...(this.options.pageTimeoutInMs !== undefined ? { pageTimeoutInMs: this.options.pageTimeoutInMs } : {}),
    });
  }

  async createCustomer(
    _config: ProviderConfig,
    _customer: Omit<DistributorCustomer, 'providerSpecificId'>,
  ): Promise<DistributorCustomer> {
    throw new W365Error(IonErrorCodes.OperationNotSupported, Failures.createCustomerNotSupported);
  }

  private settingsOrThrow(config: ProviderConfig): IonSettings {
    return settingsOrThrow(config, ION_SETTINGS, this.deps.redactor);
  }

  /** One listing GET and its frame; a failure says the listing is incomplete, keeping the code that says what to fix. */
  private async read<T>(
    settings: IonSettings,
    path: string,
    what: string,
    kind: 'customers' | 'subscriptions',
    signal: AbortSignal | undefined,
    frame: (body: unknown) => T,
    extra: ApiRequestOptions = {},
  ): Promise<T> {
    try {
      const body = await this.api.get(settings, path, what, {
        ...extra,
        ...(signal ? { signal } : {}),
        ...pageRequestOptions(this.options),
      });
      return frame(body);
    } catch (err) {
      if (signal?.aborted || !(err instanceof W365Error)) throw err;
      throw listingIncomplete(err, Failures.listingIncomplete(kind), { kind });
    }
  }
}
