import { domainBrand, domainOf, isGenericMailboxDomain } from '../../../../plugins/sync/automap/domain';
import { explainSameName } from '../../../../plugins/sync/automap/explain';
import {
  ALL_NAME_STEPS,
  legalFormsOf,
  normaliseName,
  normaliseTenantId,
  tokeniseAscii,
  tokeniseUnicode,
} from '../../../../plugins/sync/automap/normalise';
import { hash53, stableOrder } from '../../../../plugins/sync/automap/order';
import { editDistance, wordSimilarity } from '../../../../plugins/sync/automap/similarity';

const key = (name: string) => normaliseName(name).key;

describe('normaliseName', () => {
  it.each([
    ['Contoso Ltd', 'contoso'],
    ['CONTOSO PTY. LTD.', 'contoso'],
    ['Contoso Pty Limited', 'contoso'],
    ['Contoso Proprietary Limited', 'contoso'],
    ['contoso p/l', 'contoso'],
    ['Contoso, Inc.', 'contoso'],
    ['Contoso LLC', 'contoso'],
    ['Contoso Corp', 'contoso'],
    ['Contoso GmbH', 'contoso'],
    ['Contoso AB', 'contoso'],
    ['Contoso B.V.', 'contoso'],
    ['Contoso S.A.', 'contoso'],
    ['Contoso Co.', 'contoso'],
    ['Contoso Limited Liability Company', 'contoso'],
    ['The Contoso Company', 'contoso'],
  ])('%s -> %s (legal forms, case and punctuation ignored)', (name, expected) => {
    expect(key(name)).toBe(expected);
  });

  it('treats & and "and" alike, and keeps them inside the name', () => {
    expect(key('Smith & Sons')).toBe(key('Smith and Sons'));
    expect(key('Smith & Sons')).toBe('smithandsons');
    expect(key('Smith & Sons')).not.toBe(key('Smith Sons'));
  });

  it('drops the "&" that only joined a legal form: "Smith & Co" is Smith', () => {
    expect(key('Smith & Co')).toBe('smith');
    expect(key('Smith & Co Pty Ltd')).toBe('smith');
  });

  it('folds accents and letters that do not decompose', () => {
    expect(key('Société Générale S.A.')).toBe('societegenerale');
    expect(key('Müller GmbH')).toBe(key('Muller'));
    expect(key('Straße Bau')).toBe('strassebau');
    expect(key('Søren Ørsted')).toBe('sorenorsted');
    expect(key('Łukasz Dąbrowski')).toBe('lukaszdabrowski');
  });

  it('ignores spaces between words and apostrophes within them', () => {
    expect(key('Contoso Pharma')).toBe(key('ContosoPharma'));
    expect(key("O'Brien's Bakery")).toBe(key('OBriens Bakery'));
    expect(key('Smith-Jones')).toBe(key('Smith Jones'));
  });

  it('only strips legal forms at the end, never in the middle', () => {
    expect(key('Co-operative Bank Ltd')).toBe('cooperativebank');
    expect(key('AB Contoso')).toBe('abcontoso');
  });

  it('keeps names that are only a legal form, and marks them generic', () => {
    for (const name of ['Ltd', 'AB', 'Co', 'Pty Ltd', 'A.B.', 'The Company', 'Inc.']) {
      const n = normaliseName(name);
      expect(n.key).not.toBe('');
      expect(n.generic).toBe(true);
    }
    expect(normaliseName('X').generic).toBe(true);
    expect(normaliseName('').generic).toBe(true);
    expect(normaliseName('!!!').key).toBe('');
    expect(normaliseName('HP Inc').generic).toBe(false);
    expect(normaliseName('Volvo AB').generic).toBe(false);
  });

  it('reports the legal forms it removed, as people write them', () => {
    expect(legalFormsOf('Contoso Pty. Ltd.')).toEqual(['Pty', 'Ltd']);
    expect(legalFormsOf('Smith & Co Limited Liability Company')).toEqual(['Co', 'Limited Liability Company']);
    expect(legalFormsOf('Contoso GmbH')).toEqual(['GmbH']);
    expect(legalFormsOf('Contoso')).toEqual([]);
  });

  it('gives the same words for ASCII names on the fast path and the Unicode path', () => {
    const names = [
      "O'Brien & Co., Pty. Ltd.",
      'A.B.C. Plumbing P/L',
      'smith--jones  &&  sons',
      'x`y',
      'The 3M Co',
      "Rock 'n' Roll",
      '  ',
      '&',
    ];
    for (const name of names) {
      for (const ampersandIsAnd of [true, false]) {
        expect(tokeniseAscii(name, ampersandIsAnd)).toEqual(tokeniseUnicode(name, ampersandIsAnd));
      }
      // A no-break space sends the whole name down the Unicode path: same key.
      expect(normaliseName(`${name}\u00a0`).key).toBe(normaliseName(name).key);
    }
  });

  it('can switch each step off, so that reasons can say which mattered', () => {
    expect(normaliseName('Contoso Ltd', { ...ALL_NAME_STEPS, caseFolding: false }).key).toBe('Contoso');
    expect(normaliseName('Contoso Ltd', { ...ALL_NAME_STEPS, legalForms: false }).key).toBe('contosoltd');
  });
});

describe('explainSameName', () => {
  it('names exactly the differences that were ignored', () => {
    expect(explainSameName('Contoso Ltd', 'Contoso Ltd')).toBe('Same name');
    expect(explainSameName('CONTOSO LTD', 'Contoso Ltd')).toBe('Same name once case is ignored');
    expect(explainSameName('Smith & Sons', 'Smith and Sons')).toBe("Same name once '&' vs 'and' is ignored");
    expect(explainSameName('Contoso', 'Contoso Ltd')).toBe("Same name once 'Ltd' is ignored");
    expect(explainSameName('CONTOSO PTY. LTD.', 'Contoso Ltd')).toBe(
      "Same name once case, punctuation and 'Pty Ltd' vs 'Ltd' are ignored",
    );
    expect(explainSameName('Cafe Nero', 'Café Nero')).toBe('Same name once accents are ignored');
    expect(explainSameName('ContosoPharma', 'Contoso Pharma')).toBe('Same name once spaces are ignored');
  });
});

describe('domainOf', () => {
  it.each([
    ['contoso.com', 'contoso.com'],
    ['Contoso.COM', 'contoso.com'],
    ['www.contoso.com', 'contoso.com'],
    ['https://www.contoso.com.au/about?x=1#top', 'contoso.com.au'],
    ['http://contoso.com:8080', 'contoso.com'],
    ['jane@Contoso.com', 'contoso.com'],
    ['Jane Doe <jane.doe@contoso.co.uk>', 'contoso.co.uk'],
    ['mailto:jane@contoso.com?subject=hi', 'contoso.com'],
    ['contoso.com.', 'contoso.com'],
    ['https://münchen.de/', 'xn--mnchen-3ya.de'],
    ['contoso.onmicrosoft.com', 'contoso.onmicrosoft.com'],
  ])('%s -> %s', (input, expected) => {
    expect(domainOf(input)).toBe(expected);
  });

  it.each(['', '   ', 'n/a', 'localhost', '192.168.0.1', 'http://', 'jane@', 'not a domain', '-bad-.com', 'contoso'])(
    'has no domain in %p',
    (input) => {
      expect(domainOf(input)).toBeUndefined();
    },
  );
});

describe('isGenericMailboxDomain', () => {
  it('recognises mailbox providers and ISPs, including country variants', () => {
    for (const d of [
      'gmail.com',
      'outlook.com',
      'hotmail.com',
      'yahoo.com',
      'icloud.com',
      'bigpond.com',
      'yahoo.co.uk',
      'hotmail.fr',
      'outlook.com.au',
      'onmicrosoft.com',
    ]) {
      expect(isGenericMailboxDomain(d)).toBe(true);
    }
  });
  it('does not flag company domains that merely look alike', () => {
    for (const d of [
      'contoso.com',
      'gmail-consulting.com',
      'yahoo-sucks.com.au',
      'outlook.contoso.com',
      'contoso.onmicrosoft.com',
    ]) {
      expect(isGenericMailboxDomain(d)).toBe(false);
    }
  });
});

describe('domainBrand', () => {
  it('finds the owner label under public suffixes and shared platforms', () => {
    expect(domainBrand('contoso.com')).toBe('contoso');
    expect(domainBrand('contoso.com.au')).toBe('contoso');
    expect(domainBrand('mail.contoso.co.uk')).toBe('contoso');
    expect(domainBrand('mail.hp.com')).toBe('hp');
    expect(domainBrand('contoso.onmicrosoft.com')).toBe('contoso');
  });
});

describe('normaliseTenantId', () => {
  it('accepts GUIDs in any case, with braces or without dashes', () => {
    const id = '72f988bf-86f1-41af-91ab-2d7cd011db47';
    expect(normaliseTenantId(id.toUpperCase())).toBe(id);
    expect(normaliseTenantId(`{${id}}`)).toBe(id);
    expect(normaliseTenantId(` ${id} `)).toBe(id);
    expect(normaliseTenantId(id.replace(/-/g, ''))).toBe(id);
  });
  it('rejects what is not a tenant id, and the nil GUID', () => {
    for (const bad of [
      undefined,
      '',
      'n/a',
      '72f988bf-86f1-41af-91ab',
      '00000000-0000-0000-0000-000000000000',
      'zzf988bf-86f1-41af-91ab-2d7cd011db47',
    ]) {
      expect(normaliseTenantId(bad)).toBeUndefined();
    }
  });
});

describe('word similarity', () => {
  it('forgives one typo in a longer word, not in a short one', () => {
    expect(wordSimilarity('logistics', 'logistcs')).toBeCloseTo(1 - 1 / 9, 5);
    expect(wordSimilarity('zentissta', 'zetnissta')).toBeCloseTo(1 - 1 / 9, 5); // transposition is one edit
    expect(wordSimilarity('vide', 'fide')).toBe(0);
    expect(wordSimilarity('plumbing', 'painting')).toBe(0);
  });
  it('computes optimal string alignment distance and stops early', () => {
    expect(editDistance('kitten', 'sitting', 5)).toBe(3);
    expect(editDistance('abcd', 'acbd', 2)).toBe(1);
    expect(editDistance('abcdefgh', 'zzzzzzzz', 1)).toBe(2); // stopped: more than 1
  });
});

describe('stableOrder', () => {
  const ids = Array.from({ length: 2000 }, (_, i) => `crm-${String(i).padStart(6, '0')}`).concat(['b', 'a', 'a']);
  it('is a permutation that puts equal ids next to each other', () => {
    const order = stableOrder(ids);
    expect([...order].sort((x, y) => x - y)).toEqual(ids.map((_, i) => i));
    const sequence = Array.from(order, (i) => ids[i]);
    expect(sequence.lastIndexOf('a') - sequence.indexOf('a')).toBe(1);
  });
  it('gives the same sequence of ids whatever the input order', () => {
    const sequence = (list: string[]) => Array.from(stableOrder(list), (i) => list[i]);
    const reversed = [...ids].reverse();
    expect(sequence(reversed)).toEqual(sequence(ids));
  });
  it('hashes to exact 53-bit integers, differently for different ids', () => {
    const h = hash53('crm-000001');
    expect(Number.isSafeInteger(h)).toBe(true);
    expect(hash53('crm-000002')).not.toBe(h);
  });
});
