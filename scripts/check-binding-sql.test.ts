import { describe, expect, it } from 'vitest';
import { bindingSqlLines } from './check-binding-sql.ts';

describe('binding SQL scan', () => {
  it('finds the table after a clause that reads or writes it', () => {
    const sql = [
      'select * from binding where id = 1',
      '  left join binding b on b.x = o.y',
      'insert into "binding" (kind) values ($1)',
      'update public.binding set erp_id = 2',
      'delete from binding',
    ].join('\n');
    expect(bindingSqlLines(sql)).toHaveLength(5);
  });

  it('finds it when the clause ends a line', () => {
    expect(bindingSqlLines('select 1\n  from\n    binding b')).toEqual(['2: from']);
  });

  it('ignores other tables, columns and prose', () => {
    const text = ['select * from binding_history', 'from bindings', "kind: 'binding'", 'the binding of an order', 'select binding_id from x'].join('\n');
    expect(bindingSqlLines(text)).toEqual([]);
  });
});
