/** The test databases of the suites outside the connector (sandbox, test/support): the connector's own helper. */
export { createTestDatabase, dropTemplates, templateDatabase } from '../../connector/src/db/test-database.ts';
