/**
 * Validates the committed OpenAPI document with a real validator (@apidevtools/swagger-parser: the OpenAPI 3.1
 * meta-schema, then every $ref resolved); run by `npm run check`. Usage: tsx scripts/validate-openapi.ts [file]
 */
import SwaggerParser from '@apidevtools/swagger-parser';
import { join } from 'node:path';

const file = process.argv[2] ?? join(import.meta.dirname, '..', 'openapi', 'openapi.json');
try {
  const api = await SwaggerParser.validate(file);
  console.log(`${file}: valid OpenAPI ${(api as { openapi?: string }).openapi}`);
} catch (e) {
  console.error(`${file}: invalid OpenAPI document\n${(e as Error).message.split('\n').slice(0, 30).join('\n')}`);
  process.exit(1);
}
