import { describe, expect, it } from 'vitest';
import { floatRepr, pyDumps, PyFloat, pyRepr } from './python-json.ts';

describe("Python's json.dumps as Odoo's webhooks use it", () => {
  it('prints floats as repr does', () => {
    expect([3, 4.9, 0.1, 1e16, 1.5e-5, 123456789012345.6, 1e-4, -2.5, 0].map(floatRepr))
      .toEqual(['3.0', '4.9', '0.1', '1e+16', '1.5e-05', '123456789012345.6', '0.0001', '-2.5', '0.0']);
  });
  it('sorts keys, uses Python separators and escapes non-ASCII', () => {
    const body = pyDumps({ _model: 'stock.picking', _id: 1, name: 'Café "x"\n😀', qty: new PyFloat(3), ids: [1, 2], none: false }, { sortKeys: true });
    expect(body).toBe('{"_id": 1, "_model": "stock.picking", "ids": [1, 2], "name": "Caf\\u00e9 \\"x\\"\\n\\ud83d\\ude00", "none": false, "qty": 3.0}');
  });
  it('indents like indent=4', () => {
    expect(pyDumps({ b: 1, a: [] }, { sortKeys: true, indent: 4 })).toBe('{\n    "a": [],\n    "b": 1\n}');
  });
  it('reprs strings as Python does', () => {
    expect(pyRepr('done')).toBe("'done'");
    expect(pyRepr("it's")).toBe('"it\'s"');
  });
});
