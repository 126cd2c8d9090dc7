import { isW365Error } from '../../../../common/errors';
import { automap, AutomapCrmAccount, AutomapDecision, AutomapProviderAccount } from '../../../../plugins/sync/automap';

const T1 = '11111111-1111-4111-a111-111111111111';
const T2 = '22222222-2222-4222-a222-222222222222';

function run(
  providerAccounts: AutomapProviderAccount[],
  crmAccounts: AutomapCrmAccount[],
  mapped: string[] = [],
  suggestThreshold?: number,
): Map<string, AutomapDecision> {
  const decisions = automap(
    { providerAccounts, crmAccounts, mappedCrmAccountIds: new Set(mapped) },
    suggestThreshold === undefined ? {} : { suggestThreshold },
  );
  return new Map(decisions.map((d) => [d.providerAccountId, d]));
}

function one(
  provider: Omit<AutomapProviderAccount, 'id'>,
  crm: AutomapCrmAccount[],
  mapped: string[] = [],
): AutomapDecision {
  return run([{ id: 'P', ...provider }], crm, mapped).get('P')!;
}

describe('automatic mapping on exact evidence', () => {
  it('maps the one CRM account with the same tenant, whatever the names', () => {
    const d = one({ name: 'CTS Trading', tenantId: T1.toUpperCase() }, [
      { id: 'A', name: 'Contoso Ltd', tenantId: T1 },
      { id: 'B', name: 'CTS Trading' },
    ]);
    expect(d).toMatchObject({
      decision: 'auto',
      crmAccountId: 'A',
      score: 1,
      reasonCode: 'same_tenant',
      reason: 'Same Microsoft tenant',
    });
  });

  it('maps the one CRM account with the same company domain (website or e-mail, any spelling)', () => {
    const d = one({ name: 'Fab', domain: 'fabrikam.com.au' }, [
      { id: 'A', name: 'Fabrikam Pty Ltd', domain: 'https://www.Fabrikam.com.au/contact' },
      { id: 'B', name: 'Other', domain: 'other.com' },
    ]);
    expect(d).toMatchObject({
      decision: 'auto',
      crmAccountId: 'A',
      reasonCode: 'same_domain',
      reason: 'Same domain fabrikam.com.au',
    });
  });

  it('maps the unique CRM account with the same normalised name and says what was ignored', () => {
    const d = one({ name: 'CONTOSO PTY. LTD.' }, [
      { id: 'A', name: 'Contoso Ltd' },
      { id: 'B', name: 'Contoso Group' },
    ]);
    expect(d).toMatchObject({ decision: 'auto', crmAccountId: 'A', reasonCode: 'same_name' });
    expect(d.reason).toBe("Same name once case, punctuation and 'Pty Ltd' vs 'Ltd' are ignored");
  });

  it('uses the name to pick among CRM accounts sharing a domain, when exactly one has it', () => {
    const d = one({ name: 'Contoso Pty Ltd', domain: 'contoso.com' }, [
      { id: 'A', name: 'Contoso', domain: 'contoso.com' },
      { id: 'B', name: 'Contoso Holdings', domain: 'contoso.com' },
    ]);
    expect(d).toMatchObject({ decision: 'auto', crmAccountId: 'A', reasonCode: 'same_domain_and_name' });
  });
});

describe('never guessing', () => {
  it('does not map when two CRM accounts are equally good, and says which', () => {
    const d = one({ name: 'Contoso Pty Ltd' }, [
      { id: 'A', name: 'Contoso Ltd' },
      { id: 'B', name: 'Contoso Limited' },
    ]);
    expect(d.decision).toBe('suggest');
    expect(d.reasonCode).toBe('name_ambiguous');
    expect(d.reason).toBe("Two CRM accounts match equally well ('Contoso Ltd'; 'Contoso Limited'): pick one");
  });

  it('prefers, as the suggestion, the equally named account whose legal form also matches', () => {
    const d = one({ name: 'CONTOSO INC' }, [
      { id: 'A', name: 'Contoso Ltd' },
      { id: 'B', name: 'Contoso Inc.' },
    ]);
    expect(d).toMatchObject({ decision: 'suggest', crmAccountId: 'B' });
  });

  it('does not map on a tenant shared by two CRM accounts', () => {
    const d = one({ name: 'X Corp', tenantId: T1 }, [
      { id: 'A', name: 'Contoso', tenantId: T1 },
      { id: 'B', name: 'Contoso Old', tenantId: T1 },
    ]);
    expect(d).toMatchObject({ decision: 'suggest', reasonCode: 'tenant_ambiguous' });
  });

  it('does not map on the same name when Microsoft says it is another tenant', () => {
    const d = one({ name: 'Contoso Ltd', tenantId: T1 }, [{ id: 'A', name: 'Contoso Ltd', tenantId: T2 }]);
    expect(d).toMatchObject({ decision: 'suggest', crmAccountId: 'A', reasonCode: 'conflicting_evidence', score: 0.5 });
    expect(d.reason).toContain('different Microsoft tenant');
  });

  it('does not map on the same name when the company domains plainly differ', () => {
    const d = one({ name: 'Contoso Ltd', domain: 'contoso.com' }, [
      { id: 'A', name: 'Contoso Ltd', domain: 'fabrikam.com' },
    ]);
    expect(d).toMatchObject({ decision: 'suggest', reasonCode: 'conflicting_evidence' });
    expect(d.reason).toContain('contoso.com vs fabrikam.com');
  });

  it('still maps on the same name when the domains are variants of one owner (contoso.com, contoso.com.au)', () => {
    const d = one({ name: 'Contoso Ltd', domain: 'contoso.com' }, [
      { id: 'A', name: 'Contoso Pty Ltd', domain: 'contoso.com.au' },
    ]);
    expect(d).toMatchObject({ decision: 'auto', reasonCode: 'same_name' });
  });

  it('does not map when the tenant points at one account and the domain at another', () => {
    const d = one({ name: 'Contoso', tenantId: T1, domain: 'contoso.com' }, [
      { id: 'A', name: 'Contoso Ltd', tenantId: T1 },
      { id: 'B', name: 'Contoso Australia', domain: 'contoso.com' },
    ]);
    expect(d).toMatchObject({ decision: 'suggest', crmAccountId: 'A', reasonCode: 'conflicting_evidence' });
  });

  it('does not map when the domain points at one account and the name at another', () => {
    const d = one({ name: 'Contoso Ltd', domain: 'contoso.com' }, [
      { id: 'A', name: 'CTS Holdings', domain: 'contoso.com' },
      { id: 'B', name: 'Contoso Limited' },
    ]);
    expect(d).toMatchObject({ decision: 'suggest', crmAccountId: 'A', reasonCode: 'conflicting_evidence' });
  });

  it('never counts a mailbox provider domain as a match', () => {
    for (const domain of [
      'gmail.com',
      'outlook.com',
      'hotmail.com',
      'yahoo.com',
      'icloud.com',
      'bigpond.com',
      'yahoo.co.uk',
    ]) {
      const d = one({ name: 'Jane Smith Consulting', domain }, [
        { id: 'A', name: 'Totally Different Trading', domain: `jane@${domain}` },
      ]);
      expect(d.decision).not.toBe('auto');
      expect(d.crmAccountId).toBeUndefined();
    }
  });

  it('never maps a name that is only a legal form, a single letter or empty', () => {
    for (const name of ['AB', 'Co', 'Ltd', 'Pty Ltd', 'A.B.', 'X', '', '  ', '!!!']) {
      const d = one({ name }, [{ id: 'A', name }]);
      expect(d.decision).not.toBe('auto');
    }
    expect(one({ name: 'A.B.' }, [{ id: 'A', name: 'AB' }])).toMatchObject({
      decision: 'suggest',
      reasonCode: 'generic_name',
    });
  });

  it('maps an empty-named provider account on its tenant alone', () => {
    expect(one({ name: '', tenantId: T1 }, [{ id: 'A', name: 'Contoso', tenantId: T1 }])).toMatchObject({
      decision: 'auto',
      crmAccountId: 'A',
    });
  });
});

describe('accounts already mapped in this provider', () => {
  it('never proposes them', () => {
    const d = one({ name: 'Contoso Ltd', tenantId: T1 }, [{ id: 'A', name: 'Contoso Ltd', tenantId: T1 }], ['A']);
    expect(d.crmAccountId).toBeUndefined();
    expect(d).toMatchObject({ decision: 'none', reasonCode: 'match_mapped' });
    expect(d.reason).toContain('already mapped');
  });

  it('counts them as evidence: a tenant on a mapped account stops a name match elsewhere', () => {
    const d = one(
      { name: 'Contoso Ltd', tenantId: T1 },
      [
        { id: 'A', name: 'CTS', tenantId: T1 },
        { id: 'B', name: 'Contoso Limited' },
      ],
      ['A'],
    );
    expect(d).toMatchObject({ decision: 'suggest', crmAccountId: 'B', reasonCode: 'match_mapped' });
  });

  it('counts them in ambiguity: an unmapped namesake of a mapped account is only suggested', () => {
    const d = one(
      { name: 'Contoso Ltd' },
      [
        { id: 'A', name: 'Contoso Ltd' },
        { id: 'B', name: 'Contoso Limited' },
      ],
      ['A'],
    );
    expect(d).toMatchObject({ decision: 'suggest', crmAccountId: 'B', reasonCode: 'name_ambiguous' });
    expect(d.reason).toContain('1 already mapped');
  });
});

describe('one CRM account, one provider account', () => {
  it('maps neither when two provider accounts would map to the same CRM account, and says why', () => {
    const decisions = run(
      [
        { id: 'P1', name: 'Contoso Pty Ltd' },
        { id: 'P2', name: 'CONTOSO LIMITED' },
      ],
      [{ id: 'A', name: 'Contoso Ltd' }],
    );
    for (const [id, other] of [
      ['P1', 'P2'],
      ['P2', 'P1'],
    ]) {
      const d = decisions.get(id)!;
      expect(d).toMatchObject({ decision: 'suggest', crmAccountId: 'A', reasonCode: 'contested' });
      expect(d.reason).toContain(`(${other})`);
    }
  });

  it('moves a similar-name suggestion to the next account when its first choice is mapped automatically to another', () => {
    const decisions = run(
      [
        { id: 'P1', name: 'Northwind Traders', tenantId: T1 },
        { id: 'P2', name: 'Northwind Trader' },
      ],
      [
        { id: 'A', name: 'Northwind Traders Pty Ltd', tenantId: T1 },
        { id: 'B', name: 'Northwind Trading Co' },
      ],
    );
    expect(decisions.get('P1')).toMatchObject({ decision: 'auto', crmAccountId: 'A' });
    expect(decisions.get('P2')).toMatchObject({ decision: 'suggest', crmAccountId: 'B' });
  });
});

describe('suggestions and scores', () => {
  it('suggests a similar name with its similarity and both names', () => {
    const d = one({ name: 'Contoso Pty' }, [
      { id: 'A', name: 'Contoso Group Ltd' },
      { id: 'B', name: 'Fabrikam' },
    ]);
    expect(d).toMatchObject({ decision: 'suggest', crmAccountId: 'A', reasonCode: 'similar_name' });
    expect(d.reason).toMatch(/^Similar name \(\d+%\): 'Contoso Pty' vs 'Contoso Group Ltd'$/);
    expect(d.score).toBeGreaterThan(0.5);
    expect(d.score).toBeLessThan(1);
  });

  it('forgives a typo in a distinctive word', () => {
    const d = one({ name: 'Zentrova Logistcs' }, [
      { id: 'A', name: 'Zentrova Logistics Pty Ltd' },
      { id: 'B', name: 'Zentrova Plumbing' },
      { id: 'C', name: 'Logistics Australia' },
    ]);
    expect(d).toMatchObject({ decision: 'suggest', crmAccountId: 'A' });
  });

  it('proposes nothing below the threshold, but reports the closest', () => {
    const crm = [{ id: 'A', name: 'Contoso Group Holdings International' }];
    const low = run([{ id: 'P', name: 'Contoso' }], crm, [], 0.95).get('P')!;
    expect(low).toMatchObject({ decision: 'none', reasonCode: 'no_match' });
    expect(low.reason).toContain("closest: 'Contoso Group Holdings International'");
    expect(run([{ id: 'P', name: 'Contoso' }], crm, [], 0.1).get('P')).toMatchObject({
      decision: 'suggest',
      crmAccountId: 'A',
    });
  });

  it('keeps every score in [0,1], with 1 only for automatic decisions', () => {
    const decisions = automap({
      providerAccounts: [
        { id: '1', name: 'Contoso' },
        { id: '2', name: 'Contoso Grp' },
        { id: '3', name: 'zzz' },
        { id: '4', name: '' },
      ],
      crmAccounts: [
        { id: 'a', name: 'Contoso Ltd' },
        { id: 'b', name: 'Contoso Group' },
      ],
    });
    for (const d of decisions) {
      expect(d.score).toBeGreaterThanOrEqual(0);
      expect(d.score).toBeLessThanOrEqual(1);
      expect(d.score === 1).toBe(d.decision === 'auto');
      expect(d.decision === 'none').toBe(d.crmAccountId === undefined);
      expect(d.reason.length).toBeGreaterThan(10);
    }
  });
});

describe('bad input', () => {
  const codeOf = (f: () => unknown) => {
    try {
      f();
    } catch (e) {
      return isW365Error(e) ? e.code : `not a W365Error: ${String(e)}`;
    }
    return 'no error';
  };
  it('rejects empty and duplicate ids on either side, and a threshold outside [0,1]', () => {
    expect(codeOf(() => automap({ providerAccounts: [{ id: ' ', name: 'x' }], crmAccounts: [] }))).toBe(
      'AUTOMAP_EMPTY_ID',
    );
    expect(
      codeOf(() =>
        automap({
          providerAccounts: [],
          crmAccounts: [
            { id: 'a', name: 'x' },
            { id: 'a', name: 'y' },
          ],
        }),
      ),
    ).toBe('AUTOMAP_DUPLICATE_ID');
    expect(codeOf(() => automap({ providerAccounts: [], crmAccounts: [] }, { suggestThreshold: 1.5 }))).toBe(
      'AUTOMAP_BAD_THRESHOLD',
    );
    expect(codeOf(() => automap({ providerAccounts: [], crmAccounts: [] }, { suggestThreshold: Number.NaN }))).toBe(
      'AUTOMAP_BAD_THRESHOLD',
    );
  });
});
