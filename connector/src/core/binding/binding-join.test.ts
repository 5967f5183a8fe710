import { describe, expect, it } from 'vitest';
import { joinBinding } from './binding-join.ts';

describe('joinBinding', () => {
  it('joins the binding of each row by backend, kind and Amazon key', () => {
    expect(joinBinding('b', { backendId: 'o.backend_id', kind: 'order', amazonKey: 'o.amazon_order_id' })).toBe(
      "left join binding b on b.backend_id = o.backend_id and b.kind = 'order' and b.amazon_key = o.amazon_order_id",
    );
  });

  it('refuses anything but column names', () => {
    expect(() => joinBinding('b', { backendId: 'o.backend_id', kind: 'order', amazonKey: "x'; drop table binding; --" })).toThrow(/identifier/);
  });
});
