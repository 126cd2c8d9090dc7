/**
 * Secrets never leave the process in telemetry. Our own spans and metrics pass their attributes
 * through `redactAttributes`; and a span processor cleans every span at its end (attributes, event
 * attributes, the status message), including spans that instrumentation libraries create, since
 * those record URLs and headers we never chose to send.
 */
import type { Attributes, AttributeValue, Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace-base';
import { isSecretFieldName, REDACTED, type Redactor } from '../shared/redact';
import type { TelemetryAttributes } from './types';

/** The key's last segment decides: `http.request.header.authorization` is a secret field. */
function secretKey(key: string): boolean {
  return isSecretFieldName(key) || isSecretFieldName(key.slice(key.lastIndexOf('.') + 1));
}

function redactValue(redactor: Redactor, key: string, value: AttributeValue): AttributeValue {
  if (secretKey(key)) return REDACTED;
  if (typeof value === 'string') return redactor.redactString(value);
  if (Array.isArray(value)) {
    return value.map((v) => (typeof v === 'string' ? redactor.redactString(v) : v)) as AttributeValue;
  }
  return value;
}

export function redactAttributes(redactor: Redactor, attributes: TelemetryAttributes | Attributes): Attributes {
  const out: Attributes = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null) out[key] = redactValue(redactor, key, value as AttributeValue);
  }
  return out;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Cleans each span in `onEnding`, while it can still be changed, so every exporter after it sees the clean span. */
export class RedactingSpanProcessor implements SpanProcessor {
  constructor(private readonly redactor: Redactor) {}

  onStart(_span: Span, _parentContext: Context): void {}

  onEnding(span: Span): void {
    const s = span as unknown as Mutable<ReadableSpan>;
    const attributes = redactAttributes(this.redactor, s.attributes);
    for (const key of Object.keys(s.attributes)) delete (s.attributes as Attributes)[key];
    Object.assign(s.attributes, attributes);
    for (const event of s.events) {
      const e = event as Mutable<typeof event>;
      if (e.attributes) e.attributes = redactAttributes(this.redactor, e.attributes);
    }
    if (s.status?.message) s.status = { ...s.status, message: this.redactor.redactString(s.status.message) };
  }

  onEnd(_span: ReadableSpan): void {}

  async forceFlush(): Promise<void> {}

  async shutdown(): Promise<void> {}
}
