import { describe, expect, it } from 'vitest';
import { buildRegistry } from '../models/registry.ts';
import { compileDomain, compileOrder, Params, parseDomain } from './domain.ts';
import { OdooError } from './errors.ts';

const reg = buildRegistry(19);
const partner = reg.models.get('res.partner')!;
const sql = (d: unknown) => {
  const p = new Params();
  return { where: compileDomain(reg, partner, parseDomain(d as never), 't', p), params: p.values };
};

describe('Odoo domains', () => {
  it('reads prefix notation with an implicit & between the rest', () => {
    const tree = parseDomain(['|', ['name', '=', 'a'], ['name', '=', 'b'], ['is_company', '=', true]]);
    expect(tree).toEqual({
      op: 'and',
      children: [
        { op: 'or', children: [{ op: 'leaf', field: 'name', operator: '=', value: 'a' }, { op: 'leaf', field: 'name', operator: '=', value: 'b' }] },
        { op: 'leaf', field: 'is_company', operator: '=', value: true },
      ],
    });
    expect(parseDomain(['!', ['email', '=', false]])).toEqual({ op: 'not', child: { op: 'leaf', field: 'email', operator: '=', value: false } });
    expect(parseDomain([])).toEqual({ op: 'const', value: true });
  });

  it('turns False into NULL tests and keeps NULLs in negations, as Odoo does', () => {
    expect(sql([['email', '=', false]]).where).toBe('t.email IS NULL');
    expect(sql([['email', '!=', 'x']]).where).toBe('(t.email IS NULL OR t.email <> $1)');
    expect(sql([['is_company', '=', false]]).where).toBe('(t.is_company IS NULL OR t.is_company = FALSE)');
  });

  it('compiles in / not in / like / ilike / comparisons with bound parameters', () => {
    expect(sql([['ref', 'in', ['A', 'B']]])).toEqual({ where: 't.ref = ANY($1)', params: [['A', 'B']] });
    expect(sql([['ref', 'not in', ['A']]]).where).toBe('(t.ref IS NULL OR NOT (t.ref = ANY($1)))');
    expect(sql([['name', 'ilike', 'mü']])).toEqual({ where: 't.name::text ILIKE $1', params: ['%mü%'] });
    expect(sql([['name', 'like', 'A']]).params).toEqual(['%A%']);
    expect(sql(['|', ['customer_rank', '>=', 1], ['customer_rank', '<', 0]]).where).toBe('(t.customer_rank >= $1 OR t.customer_rank < $2)');
  });

  it('follows many2one paths and name searches with a sub-select', () => {
    expect(sql([['country_id.code', '=', 'DE']]).where).toMatch(/^t\.country_id IN \(SELECT a1\.id FROM res_country a1 WHERE a1\.code = \$1\)$/);
    expect(sql([['parent_id', 'ilike', 'Acme']]).where).toContain('ILIKE');
  });

  it('refuses unknown fields and operators with Odoo\'s ValueError', () => {
    expect(() => sql([['nope', '=', 1]])).toThrow(OdooError);
    expect(() => sql([['nope', '=', 1]])).toThrow("Invalid field 'nope' in 'res.partner'");
    expect(() => parseDomain([['name', '~', 'x']])).toThrow('Invalid operator');
    expect(() => parseDomain(['&', ['name', '=', 'x']])).toThrow('Invalid domain');
  });

  it('compiles =? (true for falsy values), child_of / parent_of as recursive sub-selects and any / not any', () => {
    for (const falsy of [false, null, 0, '', []]) expect(sql([['email', '=?', falsy]]).where).toBe('TRUE');
    expect(sql([['email', '=?', 'a@b.c']])).toEqual({ where: 't.email = $1', params: ['a@b.c'] });
    expect(sql([['id', 'child_of', 7]]).where).toMatch(/^t\.id IN \(WITH RECURSIVE h\(id\) AS \(.* UNION SELECT c\.id FROM res_partner c JOIN h ON c\.parent_id = h\.id\)/);
    expect(sql([['id', 'parent_of', [7]]]).where).toContain('SELECT c.parent_id FROM res_partner c JOIN h ON c.id = h.id');
    expect(sql([['country_id', 'any', [['code', '=', 'DE']]]]).where).toBe('t.country_id IN (SELECT a1.id FROM res_country a1 WHERE a1.code = $1)');
    expect(sql([['country_id', 'not any', [['code', '=', 'DE']]]]).where).toBe('NOT coalesce(t.country_id IN (SELECT a1.id FROM res_country a1 WHERE a1.code = $1), FALSE)');
    expect(() => sql([['name', 'any', []]])).toThrow('a relational field is expected');
    expect(() => sql([['country_id', 'child_of', 1]])).toThrow("Invalid field 'parent_id' in 'res.country'");
  });

  it('sorts a many2one by the related model order when given the registry', () => {
    expect(compileOrder(partner, 'country_id desc', 't', reg)).toBe(
      '(SELECT t_0country_id.name FROM res_country t_0country_id WHERE t_0country_id.id = t.country_id) DESC, '
      + '(SELECT t_0country_id.id FROM res_country t_0country_id WHERE t_0country_id.id = t.country_id) DESC, t.id ASC');
  });

  it('orders by stored fields only, always ending with id', () => {
    expect(compileOrder(partner, 'name desc, email', 't')).toBe('t.name DESC, t.email ASC, t.id ASC');
    expect(() => compileOrder(partner, 'child_ids', 't')).toThrow('Invalid "order"');
  });
});
