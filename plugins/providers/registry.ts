/**
 * Connectors by internal name (`Providers.TechDataCspProvider`, ...). An unknown name is a clear error
 * for the job to report, never a crash.
 */
import { W365Error } from '../../common/errors';
import type { ConnectorDeps, ConnectorFactory, ProviderConnector } from './types';

export const RegistryErrorCodes = { UnknownConnector: 'PROVIDER_UNKNOWN_CONNECTOR' } as const;

export class ConnectorRegistry {
  private readonly factories = new Map<string, ConnectorFactory>();

  register(internalName: string, factory: ConnectorFactory): this {
    this.factories.set(internalName, factory);
    return this;
  }

  names(): string[] {
    return [...this.factories.keys()];
  }

  has(internalName: string): boolean {
    return this.factories.has(internalName);
  }

  create(internalName: string, deps: ConnectorDeps): ProviderConnector {
    const factory = this.factories.get(internalName);
    if (!factory) {
      const known = this.names().join(', ') || 'none';
      throw new W365Error(
        RegistryErrorCodes.UnknownConnector,
        `No connector is called '${internalName}'. Set the provider's Internal Name to one of: ${known}.`,
      );
    }
    return factory(deps);
  }
}
