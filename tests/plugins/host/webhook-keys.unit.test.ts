/**
 * Which webhook key opens what: an environment's route opens with its own key only (or the
 * service-wide key when it has none), /status shows the environments a key is the key of, the
 * operator's key shows all; keys that open more than one partner's environment are warned about once,
 * by the environments' names, never the key.
 */
import { Writable } from 'node:stream';
import { createLogger } from '../../../plugins/shared/logger';
import { Redactor } from '../../../plugins/shared/redact';
import { WebhookKeyRing, warnSharedWebhookKeys } from '../../../plugins/host/webhook-keys';

const OPERATOR = 'operator-key-0123456789abcdef-0123456789';
const A = 'contoso-key-0123456789abcdef-0123456789';
const B = 'fabrikam-key-0123456789abcdef-0123456789';

function capture(): {
  lines: () => Record<string, unknown>[];
  text: () => string;
  logger: ReturnType<typeof createLogger>;
} {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  });
  const logger = createLogger({ redactor: new Redactor(), level: 'info', destination });
  const text = () => chunks.join('');
  const lines = () =>
    text()
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { lines, text, logger };
}

describe('WebhookKeyRing', () => {
  const ring = new WebhookKeyRing(
    [{ name: 'contoso', webhookKey: A }, { name: 'fabrikam', webhookKey: B }, { name: 'litware' }],
    OPERATOR,
  );

  it("opens an environment's route with its own key only; one without a key of its own takes the service-wide key", () => {
    expect(ring.opens('contoso', A)).toBe(true);
    expect(ring.opens('contoso', B)).toBe(false);
    expect(ring.opens('fabrikam', A)).toBe(false);
    // The operator's key is not a key to a route whose environment has its own.
    expect(ring.opens('contoso', OPERATOR)).toBe(false);
    expect(ring.opens('litware', OPERATOR)).toBe(true);
    expect(ring.opens('litware', A)).toBe(false);
    expect(ring.opens('contoso', undefined)).toBe(false);
    expect(ring.opens('nowhere', A)).toBe(false);
  });

  it("/status: a partner's key shows its environment, the operator's key all, anything else nothing", () => {
    expect(ring.scopeOf(A)).toEqual({ all: false, environments: ['contoso'] });
    expect(ring.scopeOf(B)).toEqual({ all: false, environments: ['fabrikam'] });
    expect(ring.scopeOf(OPERATOR)).toEqual({ all: true, environments: ['contoso', 'fabrikam', 'litware'] });
    expect(ring.scopeOf('wrong-key-0123456789abcdef-0123456789')).toEqual({ all: false, environments: [] });
    expect(ring.scopeOf(undefined)).toEqual({ all: false, environments: [] });
  });

  it('an environment with no key of its own and no service-wide key opens with nothing', () => {
    const none = new WebhookKeyRing([{ name: 'contoso' }], undefined);
    expect(none.opens('contoso', '')).toBe(false);
    expect(none.scopeOf('')).toEqual({ all: false, environments: [] });
  });
});

describe('shared webhook keys', () => {
  it('warns once per shared key, naming the environments and never the key', () => {
    const log = capture();
    const ring = new WebhookKeyRing(
      [
        { name: 'contoso', webhookKey: A },
        { name: 'fabrikam', webhookKey: A },
        { name: 'litware' },
        { name: 'northwind' },
        { name: 'tailspin', webhookKey: B },
      ],
      OPERATOR,
    );
    warnSharedWebhookKeys(ring, log.logger);
    const warnings = log.lines().filter((l) => l.level === 40);
    expect(warnings.map((w) => w.environments)).toEqual([
      ['contoso', 'fabrikam'],
      ['litware', 'northwind'],
    ]);
    expect(String(warnings[1].msg)).toContain('W365_WEBHOOK_KEY');
    for (const key of [A, B, OPERATOR]) expect(log.text()).not.toContain(key);
  });

  it("warns when one partner's environment holds the operator's key, as its holder reads every /status", () => {
    const log = capture();
    warnSharedWebhookKeys(
      new WebhookKeyRing(
        [
          { name: 'contoso', webhookKey: OPERATOR },
          { name: 'fabrikam', webhookKey: B },
        ],
        OPERATOR,
      ),
      log.logger,
    );
    expect(log.lines().map((l) => [l.environments, l.msg])).toEqual([
      [['contoso'], expect.stringContaining("every environment's /status")],
    ]);
  });

  it('says nothing when every environment has its own key, or the service serves one environment', () => {
    const log = capture();
    warnSharedWebhookKeys(
      new WebhookKeyRing(
        [
          { name: 'contoso', webhookKey: A },
          { name: 'fabrikam', webhookKey: B },
        ],
        OPERATOR,
      ),
      log.logger,
    );
    warnSharedWebhookKeys(new WebhookKeyRing([{ name: 'default' }], OPERATOR), log.logger);
    expect(log.lines()).toEqual([]);
  });
});
