/**
 * `Providers.DickerDataCspProvider`: Dicker Data (AU/NZ) for Microsoft CSP. Authentication is Dicker's
 * documented B2B handshake (access-key.ts). The subscription feed is OUR DESIGN, modelled on Dicker's
 * annuity export, because Dicker publishes no CSP API: see feed-mapping.ts, the one file that knows it.
 * Customers are the tenants the feed names (tenant id = provider-specific id = Microsoft tenant id).
 */
import { W365Error } from '../../../common/errors';
import type { RetryOptions } from '../../shared/retry';
import { MAX_PAGES, listingIncomplete, pageRequestOptions, pagesInOrder } from '../common/paging';
import { settingsOrThrow } from '../common/settings';
import { DEFAULT_VERIFY_SETTINGS, verifySettingsFrom, type VerifySettings } from '../common/verify';
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
  RecordProblem,
  SubscriptionListOptions,
  VerifyResult,
} from '../types';
import { DickerAccessKeys } from './access-key';
import { DickerApi } from './api-client';
import { DickerErrorCodes } from './errors';
import { DEFAULT_FEED_PAGE_SIZE, readFeedPage, subscriptionOfRow, tenantOfRow } from './feed-mapping';
import { readDickerInvoices } from './invoices';
import { DICKER_PROPERTIES, DICKER_SETTINGS, validateDickerConfig, type DickerSettings } from './properties';
import { DISPLAY_NAME, Failures, Records } from './strings';
import { verifyDicker } from './verify';

export const DICKER_INTERNAL_NAME = 'Providers.DickerDataCspProvider';

export interface DickerConnectorOptions {
  /** Feed lines per page. Default 200. */
  pageSize?: number;
  /** Pages fetched at once after the first. Default 4. */
  pageConcurrency?: number;
  pageTimeoutInMs?: number;
  pageRetry?: RetryOptions;
  verifyTimeoutInMs?: number;
  verifyRetry?: RetryOptions;
  /** Renew the access key this long before it expires. Default 60 s (at most half its life). */
  accessKeyRenewMarginInMs?: number;
}

export class DickerConnector implements ProviderConnector {
  readonly internalName = DICKER_INTERNAL_NAME;
  readonly displayName = DISPLAY_NAME;
  readonly properties = DICKER_PROPERTIES;
  readonly canCreateCustomers = false;

  private readonly keys: DickerAccessKeys;
  private readonly api: DickerApi;
  private readonly verifySettings: VerifySettings;

  constructor(
    private readonly deps: ConnectorDeps,
    private readonly options: DickerConnectorOptions = {},
  ) {
    const now = deps.now ?? (() => new Date());
    this.keys = new DickerAccessKeys(
      { http: deps.http, redactor: deps.redactor, logger: deps.logger, now },
      options.accessKeyRenewMarginInMs,
    );
    this.api = new DickerApi({ http: deps.http, redactor: deps.redactor, logger: deps.logger }, this.keys);
    this.verifySettings = verifySettingsFrom(DEFAULT_VERIFY_SETTINGS, options);
  }

  validateConfig(config: ProviderConfig): ConfigProblem[] {
    return validateDickerConfig(config);
  }

  verifyConnectivity(config: ProviderConfig, options?: ListOptions): Promise<VerifyResult> {
    return verifyDicker(
      { keys: this.keys, api: this.api, redactor: this.deps.redactor, logger: this.deps.logger },
      config,
      this.verifySettings,
      options,
    );
  }

  /** The tenants of the whole feed, each once, in the order they first appear; then what could not be read. */
  async *listCustomers(config: ProviderConfig, options: ListOptions = {}): AsyncIterable<Parsed<DistributorCustomer>> {
    const settings = this.settingsOrThrow(config);
    const tenants = new Map<string, string | undefined>();
    const problems: RecordProblem[] = [];
    for await (const { page, rows } of this.pages(settings, undefined, options.signal)) {
      rows.forEach((raw, i) => {
        const tenant = tenantOfRow(raw, page, i);
        if (!tenant.ok) problems.push(tenant.problem);
        else if (!tenants.get(tenant.value.tenantId)) tenants.set(tenant.value.tenantId, tenant.value.name);
      });
    }
    for (const [tenantId, name] of tenants) {
      if (name) yield { ok: true, value: { providerSpecificId: tenantId, name, tenantId } };
      else
        yield {
          ok: false,
          problem: {
            code: 'RECORD_MALFORMED',
            record: Records.tenant(tenantId),
            message: `${Records.tenant(tenantId)} ${Records.noTenantName}`,
            id: tenantId,
          },
        };
    }
    for (const problem of problems) yield { ok: false, problem };
  }

  async *listSubscriptions(
    config: ProviderConfig,
    options: SubscriptionListOptions = {},
  ): AsyncIterable<Parsed<DistributorSubscription>> {
    const settings = this.settingsOrThrow(config);
    for await (const { page, rows } of this.pages(settings, options.customerId, options.signal)) {
      for (let i = 0; i < rows.length; i++) yield subscriptionOfRow(rows[i], page, i, settings.currencyCode);
    }
  }

  /** The period's invoice, from the invoice feed of our design (invoice-mapping.ts). */
  readInvoices(config: ProviderConfig, options: InvoiceListOptions): Promise<InvoiceRead[]> {
    return readDickerInvoices(this.api, this.settingsOrThrow(config), {
      ...options,
      ...(this.options.pageConcurrency !== undefined ? { pageConcurrency: this.options.pageConcurrency } : {}),
      ...(this.options.pageTimeoutInMs !== undefined ? { pageTimeoutInMs: this.options.pageTimeoutInMs } : {}),
    });
  }

  async createCustomer(
    _config: ProviderConfig,
    _customer: Omit<DistributorCustomer, 'providerSpecificId'>,
  ): Promise<DistributorCustomer> {
    throw new W365Error(DickerErrorCodes.OperationNotSupported, Failures.createCustomerNotSupported);
  }

  private settingsOrThrow(config: ProviderConfig): DickerSettings {
    return settingsOrThrow(config, DICKER_SETTINGS, this.deps.redactor);
  }

  /** Feed pages in order (numbers known after page 1, so fetched a few at once); throws when one cannot be read. */
  private async *pages(
    settings: DickerSettings,
    tenantId: string | undefined,
    signal?: AbortSignal,
  ): AsyncGenerator<{ page: number; rows: unknown[] }> {
    const pageSize = this.options.pageSize ?? DEFAULT_FEED_PAGE_SIZE;
    const request = pageRequestOptions(this.options);
    const fetchPage = async (page: number, pageSignal: AbortSignal) => {
      const what = `CSP feed page ${page}`;
      try {
        const frame = readFeedPage(
          await this.api.feedPage(settings, page, pageSize, what, tenantId, { ...request, signal: pageSignal }),
          pageSize,
          what,
        );
        if (frame.totalPages > MAX_PAGES)
          throw new W365Error(
            DickerErrorCodes.DistributorError,
            Failures.unreadable(what, `${frame.totalPages} pages is implausible`),
          );
        return frame;
      } catch (err) {
        if (pageSignal.aborted || !(err instanceof W365Error)) throw err;
        throw listingIncomplete(err, Failures.listingIncomplete('subscriptions'), { page });
      }
    };
    for await (const { page, body } of pagesInOrder({
      fetchPage,
      totalPages: (first) => first.totalPages,
      concurrency: this.options.pageConcurrency ?? 4,
      signal,
    })) {
      this.deps.logger.debug(
        { page, totalPages: body.totalPages, lines: body.rows.length },
        'Dicker Data feed page read',
      );
      yield { page, rows: body.rows };
    }
  }
}
