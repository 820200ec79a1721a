import { describe, expect, it } from 'vitest';
import { AUTHORITIES, EDPB_MEMBERS_URL, authoritiesFor } from '@/utils/erasure/authorities';

const EU = ['AT', 'BE', 'BG', 'HR', 'CY', 'CZ', 'DK', 'EE', 'FI', 'FR', 'DE', 'GR', 'HU', 'IE', 'IT', 'LV', 'LT', 'LU', 'MT', 'NL', 'PL', 'PT', 'RO', 'SK', 'SI', 'ES', 'SE'];
const EEA_EFTA = ['IS', 'LI', 'NO'];

describe('AUTHORITIES', () => {
  it('covers every EU and EEA state, plus the EDPB list', () => {
    expect(EU).toHaveLength(27);
    expect(AUTHORITIES.length).toBeGreaterThanOrEqual(30);
    const countries = new Set(AUTHORITIES.map((a) => a.country));
    for (const code of [...EU, ...EEA_EFTA, 'EU']) expect(countries, code).toContain(code);
    expect([...countries].sort()).toEqual([...EU, ...EEA_EFTA, 'EU'].sort());
  });

  it('has one entry per country, except the second German one (state authorities)', () => {
    const counts = new Map<string, number>();
    for (const a of AUTHORITIES) counts.set(a.country, (counts.get(a.country) ?? 0) + 1);
    const repeated = [...counts].filter(([, n]) => n > 1);
    expect(repeated).toEqual([['DE', 2]]);
  });

  it('ends with the EDPB members list', () => {
    expect(AUTHORITIES.at(-1)).toMatchObject({ country: 'EU', website: EDPB_MEMBERS_URL });
  });

  it.each(AUTHORITIES.map((a) => [a.country, a.name, a.website]))('%s %s: %s is an https URL', (_c, name, website) => {
    const url = new URL(website);
    expect(url.protocol).toBe('https:');
    expect(url.hostname).toMatch(/^[a-z0-9.-]+\.[a-z]{2,}$/);
    expect(url.username + url.password).toBe('');
    expect(name.trim().length).toBeGreaterThan(3);
  });

  it('has unique websites', () => {
    const sites = AUTHORITIES.map((a) => a.website);
    expect(new Set(sites).size).toBe(sites.length);
  });
});

describe('authoritiesFor', () => {
  it('finds both German entries, federal first', () => {
    const de = authoritiesFor(' de ');
    expect(de.map((a) => new URL(a.website).hostname)).toEqual(['www.bfdi.bund.de', 'www.datenschutzkonferenz-online.de']);
  });

  it('finds well-known authorities and nothing for unknown codes', () => {
    expect(authoritiesFor('FR')[0]?.website).toBe('https://www.cnil.fr');
    expect(authoritiesFor('ie')[0]?.website).toBe('https://www.dataprotection.ie');
    expect(authoritiesFor('US')).toEqual([]);
  });
});
