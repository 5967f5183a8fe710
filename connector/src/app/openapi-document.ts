/** The connector's OpenAPI document: the API with every flow of the list (its services are never called). */
import { nothing, openApiDocument } from '../api/openapi.ts';
import { apiFlows, apiSettings } from './api-parts.ts';

export function connectorOpenApiDocument(): Promise<Record<string, unknown>> {
  return openApiDocument({ settings: apiSettings, flows: apiFlows(nothing) });
}
