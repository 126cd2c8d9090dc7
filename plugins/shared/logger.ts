/**
 * Structured logs (pino). Every line passes through the Redactor, so a secret registered with it can
 * never be printed, whatever a caller logs.
 */
import pino, { type Logger, type LevelWithSilent } from 'pino';
import type { Redactor } from './redact';

export type { Logger } from 'pino';

export interface LoggerOptions {
  level?: LevelWithSilent;
  redactor: Redactor;
  /** Where lines go; default stdout. Tests pass a stream to read the lines back. */
  destination?: pino.DestinationStream;
  name?: string;
}

export function createLogger(options: LoggerOptions): Logger {
  const { redactor } = options;
  return pino(
    {
      name: options.name ?? 'w365',
      level: options.level ?? 'info',
      formatters: {
        log: (obj) => redactor.redact(obj),
      },
      hooks: {
        logMethod(args, method) {
          const cleaned = args.map((a) => (typeof a === 'string' ? redactor.redactString(a) : a)) as Parameters<
            typeof method
          >;
          method.apply(this, cleaned);
        },
      },
      serializers: {
        err: (e: unknown) => redactor.redact(e),
      },
    },
    options.destination ?? pino.destination(1),
  );
}

/** A logger that prints nothing, for tests and library defaults. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
