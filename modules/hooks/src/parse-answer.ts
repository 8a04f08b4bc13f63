import { type Decoration, decoration } from './decoration';

const FIELDS = { labels: 'labels', environment: 'variables', resources: 'resources', attributes: 'attributes' } as const;
type Field = keyof typeof FIELDS;

/**
 * The Decoration an executable wrote on stdout (JSON, the Decoration message's field names:
 * `{"labels": {"labels": [{"key": .., "value": ..}]}, "environment": {"variables": [..]},
 * "attributes": {"attributes": [..]}, "resources": {"resources": [..]}}`). Empty output means
 * "unchanged". Throws, naming the problem, on what is not JSON or not a Decoration.
 */
export function parseAnswer(stdout: string): Decoration {
  if (stdout.trim() === '') return decoration();
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch (err) {
    throw new Error(`answered what is not JSON (${(err as Error).message}): ${JSON.stringify(stdout.slice(0, 80))}`);
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new Error(`answered ${JSON.stringify(parsed)?.slice(0, 80)}, not a Decoration object`);
  const out = decoration();
  for (const [key, value] of Object.entries(parsed)) {
    if (!(key in FIELDS)) throw new Error(`answered an unknown Decoration field '${key}' (known: ${Object.keys(FIELDS).join(', ')})`);
    if (value === null || value === undefined) continue;
    const field = key as Field;
    const inner = FIELDS[field];
    const list = (value as Record<string, unknown>)[inner];
    if (typeof value !== 'object' || Array.isArray(value) || (list !== undefined && !Array.isArray(list))) {
      throw new Error(`answered ${field} that is not {"${inner}": [...]}`);
    }
    const items = (list ?? []) as unknown[];
    items.forEach((item, i) => checkItem(field, item, i));
    (out as unknown as Record<string, unknown>)[field] = { [inner]: items };
  }
  return out;
}

function checkItem(field: Field, item: unknown, i: number): void {
  const where = `${field}[${i}]`;
  if (item === null || typeof item !== 'object' || Array.isArray(item)) throw new Error(`answered ${where} that is not an object`);
  const rec = item as Record<string, unknown>;
  const nameKey = field === 'labels' ? 'key' : 'name';
  if (typeof rec[nameKey] !== 'string' || rec[nameKey] === '') throw new Error(`answered ${where} without a ${nameKey}`);
  if ((field === 'labels' || field === 'environment') && rec.value !== undefined && rec.value !== null && typeof rec.value !== 'string') {
    throw new Error(`answered ${where} (${String(rec[nameKey])}) whose value is not a string`);
  }
}
