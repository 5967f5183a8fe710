import { describe, expect, it } from 'vitest';
import { Type } from 'typebox';
import { StrictValidatorCompiler } from './strict-validator.ts';

const Query = Type.Object({
  id: Type.Integer({ minimum: 1 }),
  ratio: Type.Optional(Type.Number()),
  flag: Type.Optional(Type.Boolean()),
  tags: Type.Optional(Type.Array(Type.Integer())),
});
const validate = StrictValidatorCompiler({ schema: Query, httpPart: 'querystring', method: 'GET', url: '/' }) as (v: unknown) => {
  value?: unknown;
  error?: unknown[];
};

describe('strict validator: query and path text to numbers, never by guessing', () => {
  it('reads plain decimal integers, numbers, booleans and repeated parameters as arrays', () => {
    expect(validate({ id: '3', ratio: '2.5', flag: 'false', tags: '7' }).value).toEqual({ id: 3, ratio: 2.5, flag: false, tags: [7] });
    expect(validate({ id: '3', tags: ['1', '2'] }).value).toEqual({ id: 3, tags: [1, 2] });
  });

  it('refuses what a lax conversion would have taken for an integer', () => {
    for (const id of ['3.9', 'true', '+1', ' 1', '1 ', '0x1', '1e0', '01', '', '١']) {
      expect(validate({ id }).error, JSON.stringify(id)).toBeDefined();
    }
    expect(validate({ id: '1', tags: ['1', '2.5'] }).error).toBeDefined();
    expect(validate({ id: '1', flag: '1' }).error).toBeDefined();
    expect(validate({ id: ['1', '2'] }).error).toBeDefined();
  });

  it('never converts a body', () => {
    const body = StrictValidatorCompiler({ schema: Query, httpPart: 'body', method: 'POST', url: '/' }) as (v: unknown) => { error?: unknown };
    expect(body({ id: '3' }).error).toBeDefined();
  });
});
