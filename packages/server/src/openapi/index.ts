export { buildOpenApiDocument } from './openapi-document.ts';
export type { OpenApiDocument } from './openapi-document.ts';
export { openApiRoutes, OPENAPI_PATH, REFERENCE_PATH } from './openapi-routes.ts';
