/**
 * Writes config/schema.json from the top-level schema. Run after changing schema.ts:
 * `node kernel/lib/config/schema-file.js` (a unit test fails while the file is stale).
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { configJsonSchema } from './schema.js';

/** The repository's config/schema.json. */
export const SCHEMA_FILE = path.resolve(__dirname, '../../../../config/schema.json');

/** The exact text config/schema.json must hold. */
export function configJsonSchemaText(): string {
  return `${JSON.stringify(configJsonSchema(), null, 2)}\n`;
}

/** writeConfigJsonSchema: writes the schema to `file` (default config/schema.json). */
export function writeConfigJsonSchema(file: string = SCHEMA_FILE): void {
  writeFileSync(file, configJsonSchemaText());
}

if (require.main === module) {
  writeConfigJsonSchema(process.argv[2] ?? SCHEMA_FILE);
}
