import { isJobCreate, keyMatches, parseRemoteExecutionContext } from '../../../plugins/host/webhook';

const context = {
  BusinessUnitId: '2b1d2a3a-3333-4444-5555-666666666666',
  CorrelationId: 'c0c0c0c0-1111-2222-3333-444444444444',
  Depth: 1,
  InitiatingUserId: 'aaaaaaaa-1111-2222-3333-444444444444',
  InputParameters: [
    {
      key: 'Target',
      value: {
        __type: 'Entity:http://schemas.microsoft.com/xrm/2011/Contracts',
        Attributes: [],
        LogicalName: 'w365_syncjob',
      },
    },
  ],
  MessageName: 'Create',
  Mode: 1,
  OrganizationId: 'dddddddd-1111-2222-3333-444444444444',
  PrimaryEntityId: 'EEEEEEEE-1111-2222-3333-444444444444',
  PrimaryEntityName: 'w365_syncjob',
  Stage: 40,
};

describe('webhook', () => {
  it('compares keys in constant time and refuses missing or wrong ones', () => {
    expect(keyMatches('k'.repeat(40), 'k'.repeat(40))).toBe(true);
    expect(keyMatches('k'.repeat(39), 'k'.repeat(40))).toBe(false);
    expect(keyMatches(undefined, 'k'.repeat(40))).toBe(false);
  });

  it('reads a RemoteExecutionContext for the Create of a Sync Job', () => {
    const parsed = parseRemoteExecutionContext(context);
    expect(parsed).toEqual({
      ok: true,
      call: {
        messageName: 'Create',
        entityName: 'w365_syncjob',
        entityId: 'eeeeeeee-1111-2222-3333-444444444444',
        organizationId: 'dddddddd-1111-2222-3333-444444444444',
        correlationId: context.CorrelationId,
      },
    });
    expect(parsed.ok && isJobCreate(parsed.call)).toBe(true);
  });

  it('says what is wrong with a malformed body', () => {
    expect(parseRemoteExecutionContext('nope')).toEqual({ ok: false, reason: expect.stringContaining('JSON object') });
    const bad = parseRemoteExecutionContext({ ...context, PrimaryEntityId: 'not-a-guid', MessageName: undefined });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.reason).toContain('MessageName');
      expect(bad.reason).toContain('/PrimaryEntityId');
    }
  });
});
