// Validates an OpenAPI document file with @apidevtools/swagger-parser (schema of the OpenAPI
// version, $refs resolvable, no duplicate operation ids or parameters). Exits 1 when invalid.
//   node test/tools/validate-openapi.mjs [document, default dist/openapi.json]
import SwaggerParser from '@apidevtools/swagger-parser';

const file = process.argv[2] ?? 'dist/openapi.json';
try {
  const api = await SwaggerParser.validate(file);
  const operations = Object.values(api.paths).flatMap((item) => Object.keys(item));
  console.log(`${file}: valid OpenAPI ${api.openapi}, ${operations.length} operations (swagger-parser)`);
} catch (error) {
  console.error(`${file}: invalid OpenAPI document (swagger-parser)\n${error.message}`);
  process.exit(1);
}
