/**
 * Routing in a service that serves several Dataverse environments: every queue message (a whole job or
 * one of its items) names its environment, and is handed to that environment's runtime, whichever
 * queue it came from. A name this service does not serve is JOB_ENVIRONMENT_UNKNOWN: the delivery fails, so
 * the queue retries it (another worker, e.g. one already given a newer environments file, may serve
 * it) and after the allowed deliveries poisons it, where it is logged; it never crashes the consumer.
 */
import { W365Error, errorMessage } from '../../common/errors';
import type { Delivery, PoisonedItem } from '../jobs/queue';
import type { WorkItemEnvelope } from '../jobs/work-item';
import type { Logger } from '../shared/logger';
import { EnvironmentErrorCodes } from './environments';
import { EnvironmentMessages as M } from './environments-strings';

/** What the router needs of one environment's runtime. */
export interface RoutedEnvironment {
  /** Claims and runs (or plans) a whole job. */
  runJob(jobId: string): Promise<void>;
  /** Runs one work item; throws for the queue to retry. */
  runItem(envelope: WorkItemEnvelope, delivery: Delivery): Promise<void>;
  /** Records a poisoned message as an Error item on its job. */
  poisoned(item: PoisonedItem): Promise<void>;
}

export function unknownEnvironment(name: string, known: readonly string[]): W365Error {
  return new W365Error(EnvironmentErrorCodes.Unknown, M.unknownEnvironment(name, known), {
    retryable: false,
    details: { environment: name },
  });
}

export class EnvironmentRouter<T extends RoutedEnvironment = RoutedEnvironment> {
  constructor(
    private readonly environments: ReadonlyMap<string, T>,
    private readonly logger: Logger,
  ) {}

  names(): string[] {
    return [...this.environments.keys()];
  }

  /** The environment named so; throws JOB_ENVIRONMENT_UNKNOWN. */
  get(name: string): T {
    const env = this.environments.get(name);
    if (!env) throw unknownEnvironment(name, this.names());
    return env;
  }

  /** The queue consumer's handler. A whole job's failure is logged (its runner records it); an item's is the queue's. */
  handle = async (envelope: WorkItemEnvelope, delivery: Delivery): Promise<void> => {
    const env = this.get(envelope.environment);
    if (envelope.item) return env.runItem(envelope, delivery);
    try {
      await env.runJob(envelope.jobId);
    } catch (err) {
      this.logger.error({ err, jobId: envelope.jobId, environment: envelope.environment }, 'job could not be run');
    }
  };

  /** Where every queue's poisoned messages go: their environment's item runner, or the log. */
  poisoned = async (item: PoisonedItem): Promise<void> => {
    const name = item.envelope?.environment;
    const env = name === undefined ? undefined : this.environments.get(name);
    if (env) return env.poisoned(item);
    this.logger.error(
      { messageId: item.messageId, environment: name, jobId: item.envelope?.jobId, errorCode: item.errorCode },
      `poisoned message for no environment of this service: ${errorMessage(item.reason)}`,
    );
  };
}
