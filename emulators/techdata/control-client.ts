/**
 * The `/_sandbox/` controls from another process (a benchmark driving `w365 sandbox techdata` in a
 * child process). Plain fetch: this talks to a local stand-in, not to a distributor, so the service's
 * guarded HTTP client has nothing to protect here.
 */
import type { SandboxCustomer, SandboxSubscription } from './dataset';
import type { TechDataFaults } from './faults';
import type { TechDataSandboxInfo } from './server';
import type { TechDataSandboxStats } from './state';
import type { QuantityChange } from './store';

export class TechDataSandboxControl {
  constructor(private readonly baseUrl: string) {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(new URL(path, this.baseUrl), {
      method,
      ...(body !== undefined ? { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) } : {}),
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`sandbox ${method} ${path} answered ${res.status}: ${text.slice(0, 200)}`);
    return JSON.parse(text) as T;
  }

  info(): Promise<TechDataSandboxInfo> {
    return this.call('GET', '/_sandbox/info');
  }
  stats(): Promise<TechDataSandboxStats> {
    return this.call('GET', '/_sandbox/stats');
  }
  resetStats(): Promise<TechDataSandboxStats> {
    return this.call('POST', '/_sandbox/stats/reset');
  }
  faults(): Promise<TechDataFaults> {
    return this.call('GET', '/_sandbox/faults');
  }
  setFaults(faults: TechDataFaults): Promise<TechDataFaults> {
    return this.call('PUT', '/_sandbox/faults', faults);
  }
  clearFaults(): Promise<TechDataFaults> {
    return this.call('DELETE', '/_sandbox/faults');
  }
  setLatency(latencyInMs: number): Promise<{ latencyInMs: number }> {
    return this.call('PUT', '/_sandbox/latency', { latencyInMs });
  }
  async changeQuantities(fraction: number, seed: string | number): Promise<QuantityChange[]> {
    return (await this.call<{ changes: QuantityChange[] }>('POST', '/_sandbox/change-quantities', { fraction, seed }))
      .changes;
  }
  removeCustomer(endCustomerId: string): Promise<{ removed: boolean; removedSubscriptions: number }> {
    return this.call('POST', '/_sandbox/remove-customer', { endCustomerId });
  }
  addCustomer(customer: Partial<SandboxCustomer> & Pick<SandboxCustomer, 'companyName'>): Promise<SandboxCustomer> {
    return this.call('POST', '/_sandbox/customers', customer);
  }
  setSubscription(
    subscription: Omit<SandboxSubscription, 'subscriptionId'> & { subscriptionId?: string },
  ): Promise<SandboxSubscription> {
    return this.call('PUT', '/_sandbox/subscriptions', subscription);
  }
  customers(): Promise<SandboxCustomer[]> {
    return this.call('GET', '/_sandbox/customers');
  }
  subscriptions(): Promise<SandboxSubscription[]> {
    return this.call('GET', '/_sandbox/subscriptions');
  }
}
