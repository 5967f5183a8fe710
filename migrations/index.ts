// Written by connector/src/db/migration.cli.ts: the migrations the connector applies, oldest first.
import type { MigrationObject } from '../connector/src/db/migration-generator.ts';
import { Migration20261127140711 } from './Migration20261127140711.ts';
import { Migration20261127142236 } from './Migration20261127142236.ts';
import { Migration20261127144017 } from './Migration20261127144017.ts';
import { Migration20261127151926 } from './Migration20261127151926.ts';
import { Migration20261201121931 } from './Migration20261201121931.ts';
import { Migration20261201122758 } from './Migration20261201122758.ts';
import { Migration20261201130100 } from './Migration20261201130100.ts';
import { Migration20261201144239 } from './Migration20261201144239.ts';
import { Migration20261201150000 } from './Migration20261201150000.ts';
import { Migration20261201160000 } from './Migration20261201160000.ts';
import { Migration20261201170100 } from './Migration20261201170100.ts';
import { Migration20261201170200 } from './Migration20261201170200.ts';
import { Migration20261203040000 } from './Migration20261203040000.ts';
import { Migration20261203050000 } from './Migration20261203050000.ts';
import { Migration20261203050100 } from './Migration20261203050100.ts';
import { Migration20261204010000 } from './Migration20261204010000.ts';
import { Migration20261204020000 } from './Migration20261204020000.ts';
import { Migration20261204040000 } from './Migration20261204040000.ts';
import { Migration20261204050000 } from './Migration20261204050000.ts';
import { Migration20261205010000 } from './Migration20261205010000.ts';
import { Migration20261205020000 } from './Migration20261205020000.ts';

export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261127140711', class: Migration20261127140711 },
  { name: 'Migration20261127142236', class: Migration20261127142236 },
  { name: 'Migration20261127144017', class: Migration20261127144017 },
  { name: 'Migration20261127151926', class: Migration20261127151926 },
  { name: 'Migration20261201121931', class: Migration20261201121931 },
  { name: 'Migration20261201122758', class: Migration20261201122758 },
  { name: 'Migration20261201130100', class: Migration20261201130100 },
  { name: 'Migration20261201144239', class: Migration20261201144239 },
  { name: 'Migration20261201150000', class: Migration20261201150000 },
  { name: 'Migration20261201160000', class: Migration20261201160000 },
  { name: 'Migration20261201170100', class: Migration20261201170100 },
  { name: 'Migration20261201170200', class: Migration20261201170200 },
  { name: 'Migration20261203040000', class: Migration20261203040000 },
  { name: 'Migration20261203050000', class: Migration20261203050000 },
  { name: 'Migration20261203050100', class: Migration20261203050100 },
  { name: 'Migration20261204010000', class: Migration20261204010000 },
  { name: 'Migration20261204020000', class: Migration20261204020000 },
  { name: 'Migration20261204040000', class: Migration20261204040000 },
  { name: 'Migration20261204050000', class: Migration20261204050000 },
  { name: 'Migration20261205010000', class: Migration20261205010000 },
  { name: 'Migration20261205020000', class: Migration20261205020000 },
];
