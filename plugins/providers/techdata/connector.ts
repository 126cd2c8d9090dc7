/**
 * `Providers.TechDataCspProvider`: the legacy Tech Data StreamOne partner API (distributor-apis.md §2).
 * Reads customers and subscriptions page by page; cannot create customers (the seed: "customer accounts
 * can only be synced from TechData into Work 365").
 */
import { W365Error } from '../../../common/errors';
import type { RetryOptions } from '../../shared/retry';
import type {
  ConfigProblem,
  ConnectorDeps,
  DistributorCustomer,
  DistributorSubscription,
  ListOptions,
  Parsed,
  ProviderConfig,
  ProviderConnector,
  SubscriptionListOptions,
  VerifyResult,
} from '../types';
import { MAX_PAGES, listingIncomplete, pageRequestOptions, pagesInOrder } from '../common/paging';
import { settingsOrThrow } from '../common/settings';
import { DEFAULT_VERIFY_SETTINGS, verifySettingsFrom, type VerifySettings } from '../common/verify';
import { TechDataApi } from './api-client';
import { TechDataErrorCodes } from './errors';
import { parseCustomer, parseSubscription, readPageFrame } from './parse';
import { TECHDATA_PROPERTIES, TECHDATA_SETTINGS, validateTechDataConfig, type TechDataSettings } from './properties';
import { DISPLAY_NAME, Failures } from './strings';
import { TechDataTokenSource } from './token';
import { verifyTechData } from './verify';

export const TECHDATA_INTERNAL_NAME = 'Providers.TechDataCspProvider';

export interface TechDataConnectorOptions {
  /** Pages fetched at once after page 1. Default 4. */
  pageConcurrency?: number;
  /** Per page request; default: the HTTP client's default timeout. */
  pageTimeoutInMs?: number;
  /** Per page request; default: the HTTP client's default retry options. */
  pageRetry?: RetryOptions;
  /** Verify's own timeout and retries (short, so the user is not kept waiting). */
  verifyTimeoutInMs?: number;
  verifyRetry?: RetryOptions;
  /** Replace a token this long before it expires. Default 300 s (at most half its lifetime). */
  tokenRefreshMarginInSeconds?: number;
}

type PageKind = 'customers' | 'subscriptions';

export class TechDataConnector implements ProviderConnector {
  readonly internalName = TECHDATA_INTERNAL_NAME;
  readonly displayName = DISPLAY_NAME;
  readonly properties = TECHDATA_PROPERTIES;
  readonly canCreateCustomers = false;

  private readonly tokens: TechDataTokenSource;
  private readonly api: TechDataApi;
  private readonly verifySettings: VerifySettings;

  constructor(
    private readonly deps: ConnectorDeps,
    private readonly options: TechDataConnectorOptions = {},
  ) {
    const now = deps.now ?? (() => new Date());
    const base = { http: deps.http, redactor: deps.redactor, logger: deps.logger, now };
    this.tokens = new TechDataTokenSource(base, options.tokenRefreshMarginInSeconds);
    this.api = new TechDataApi(base, this.tokens);
    this.verifySettings = verifySettingsFrom(DEFAULT_VERIFY_SETTINGS, options);
  }

  validateConfig(config: ProviderConfig): ConfigProblem[] {
    return validateTechDataConfig(config);
  }

  verifyConnectivity(config: ProviderConfig, options?: ListOptions): Promise<VerifyResult> {
    return verifyTechData(
      { tokens: this.tokens, api: this.api, redactor: this.deps.redactor, logger: this.deps.logger },
      config,
      this.verifySettings,
      options,
    );
  }

  async *listCustomers(config: ProviderConfig, options: ListOptions = {}): AsyncIterable<Parsed<DistributorCustomer>> {
    const settings = this.settingsOrThrow(config);
    for await (const { page, items } of this.pages(
      settings,
      'customers',
      'endCustomer/details',
      'endCustomers',
      options.signal,
    )) {
      for (let i = 0; i < items.length; i++) yield parseCustomer(items[i], page, i);
    }
  }

  async *listSubscriptions(
    config: ProviderConfig,
    options: SubscriptionListOptions = {},
  ): AsyncIterable<Parsed<DistributorSubscription>> {
    const settings = this.settingsOrThrow(config);
    const path =
      options.customerId === undefined
        ? 'order/subscriptions'
        : `order/subscriptions/endCustomerIds/${encodeURIComponent(options.customerId)}`;
    for await (const { page, items } of this.pages(settings, 'subscriptions', path, 'subscriptions', options.signal)) {
      for (let i = 0; i < items.length; i++) yield parseSubscription(items[i], page, i, settings.currencyCode);
    }
  }

  async createCustomer(
    _config: ProviderConfig,
    _customer: Omit<DistributorCustomer, 'providerSpecificId'>,
  ): Promise<DistributorCustomer> {
    throw new W365Error(TechDataErrorCodes.OperationNotSupported, Failures.createCustomerNotSupported);
  }

  private settingsOrThrow(config: ProviderConfig): TechDataSettings {
    return settingsOrThrow(config, TECHDATA_SETTINGS, this.deps.redactor);
  }

  /** Pages of `pathPrefix/{page}` in order, each as its record list; throws when one cannot be read. */
  private async *pages(
    settings: TechDataSettings,
    kind: PageKind,
    pathPrefix: string,
    listField: string,
    signal?: AbortSignal,
  ) {
    const request = pageRequestOptions(this.options);
    const fetchPage = async (page: number, pageSignal: AbortSignal) => {
      const what = `${kind} page ${page}`;
      try {
        const body = await this.api.get(settings, `${pathPrefix}/${page}`, what, { ...request, signal: pageSignal });
        const frame = readPageFrame(body, listField, what);
        if (frame.totalPages > MAX_PAGES)
          throw new W365Error(
            TechDataErrorCodes.DistributorError,
            Failures.unreadable(what, `totalPages ${frame.totalPages} is implausible`),
          );
        return frame;
      } catch (err) {
        if (pageSignal.aborted || !(err instanceof W365Error)) throw err;
        // Keep the code that says what to fix, and add that the listing is incomplete.
        throw listingIncomplete(err, Failures.listingIncomplete(kind), { kind, page });
      }
    };
    for await (const { page, body } of pagesInOrder({
      fetchPage,
      totalPages: (first) => first.totalPages,
      concurrency: this.options.pageConcurrency ?? 4,
      signal,
    })) {
      this.deps.logger.debug(
        { kind, page, totalPages: body.totalPages, records: body.items.length },
        'TechData page read',
      );
      yield { page, items: body.items };
    }
  }
}
