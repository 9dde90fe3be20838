import { ValidationFailed, ViolationCode } from '../../shared/domain/violation.js';
import { ProblemException } from '../../shared/http/problem.exception.js';
import type { SearchVariable } from '../../shared/http/hydra-collection.js';
import { lastValue } from '../../shared/http/pagination.js';
import {
  INSTANCE_SORT_FIELDS,
  type InstanceListCriteria,
  type InstanceSortField,
} from '../domain/instance-read-model.js';

/** The collection's IRI template variables, in the order the original service lists them. */
export const INSTANCE_SEARCH: readonly SearchVariable[] = [
  { variable: 'name', property: 'name' },
  { variable: 'handle', property: 'handle' },
  ...INSTANCE_SORT_FIELDS.map((field) => ({ variable: `order[${field}]`, property: field })),
];

const ORDER_KEY = /^order\[(.*)\]$/;
/** How many values one filter (`name[]`, `handle[]`) may take. */
const MAX_FILTER_VALUES = 20;

/** Maps the list's query string to filters and order; a bad direction is a 422 on `order[<field>]`. */
export function parseListParameters(
  query: Record<string, unknown>,
): Pick<InstanceListCriteria, 'nameContains' | 'handleContains' | 'order'> {
  const order: InstanceListCriteria['order'][number][] = [];
  for (const key of Object.keys(query)) {
    const field = ORDER_KEY.exec(key)?.[1];
    if (field === undefined || !(INSTANCE_SORT_FIELDS as readonly string[]).includes(field)) continue;
    const direction = lastValue(query[key])?.toLowerCase();
    if (direction !== 'asc' && direction !== 'desc') {
      throw ValidationFailed.single(
        key,
        'The value you selected is not a valid choice. Use "asc" or "desc".',
        ViolationCode.InvalidChoice,
      );
    }
    order.push({ field: field as InstanceSortField, direction });
  }
  if (order.length === 0) order.push({ field: 'createdAt', direction: 'desc' });
  return { nameContains: filterValues(query, 'name'), handleContains: filterValues(query, 'handle'), order };
}

/**
 * `name=a` filters by one substring, `name[]=a&name[]=b` by any of several; an empty value
 * matches everything, so it removes the filter.
 */
function filterValues(query: Record<string, unknown>, name: string): string[] {
  const values = [lastValue(query[name]), ...asArray(query[`${name}[]`])].filter((v): v is string => v !== undefined);
  // Each value is one more pattern for every row the list scans.
  if (values.length > MAX_FILTER_VALUES) {
    throw ProblemException.of(400, `The "${name}" filter takes at most ${MAX_FILTER_VALUES} values.`);
  }
  if (values.some((value) => value.includes('\u0000') || !value.isWellFormed())) {
    throw ProblemException.of(400, `The "${name}" filter contains characters that cannot be searched for.`);
  }
  return values.includes('') ? [] : values;
}

function asArray(value: unknown): string[] {
  if (value === undefined) return [];
  return (Array.isArray(value) ? value : [value]).map(String);
}
