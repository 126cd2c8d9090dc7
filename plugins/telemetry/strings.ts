/** What the telemetry set-up says when the environment asks for something it cannot do. */
export const TelemetryMessages = {
  badConnectionString:
    "APPLICATIONINSIGHTS_CONNECTION_STRING is not an Application Insights connection string (it should start with InstrumentationKey=...; copy it from the resource's Overview page).",
  badProtocol: (protocol: string) =>
    `OTEL_EXPORTER_OTLP_PROTOCOL is '${protocol}'; this service exports OTLP over HTTP with JSON only: set it to http/json or leave it unset.`,
  badUrl: (variable: string) => `${variable} must be an http:// or https:// URL of an OTLP collector.`,
} as const;
