/** For the MikroORM CLI (`mikro-orm debug`, `schema:update --dump`, ...): reads DATABASE_URL. */
import { ormConfig } from './src/db/orm-config.ts';

export default ormConfig(process.env.DATABASE_URL ?? 'postgresql://localhost/connector');
