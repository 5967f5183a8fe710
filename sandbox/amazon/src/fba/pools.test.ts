import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../catalogue.ts';
import { DEFAULT_SELLERS } from '../config.ts';
import { poolOfCountry, poolsOfSeller } from './pools.ts';

describe('FBA pools', () => {
  it('pools the Pan-EU marketplaces; the UK, US, CA and MX are pools of their own', () => {
    expect(['DE', 'FR', 'IT', 'ES', 'NL', 'PL', 'SE', 'BE', 'IE'].map(poolOfCountry)).toEqual(Array(9).fill('EU'));
    expect(['GB', 'US', 'CA', 'MX', 'JP'].map(poolOfCountry)).toEqual(['UK', 'US', 'CA', 'MX', 'JP']);
    const [eu, na] = DEFAULT_SELLERS;
    expect(poolsOfSeller(loadCatalogue(), eu!.marketplaceIds)).toEqual(['EU', 'UK']);
    expect(poolsOfSeller(loadCatalogue(), na!.marketplaceIds)).toEqual(['US', 'CA']);
  });
});
