import { ProblemException } from './problem.exception.js';

export interface Pagination {
  page: number;
  itemsPerPage: number;
}

const DEFAULT_ITEMS_PER_PAGE = 30;
export const MAX_ITEMS_PER_PAGE = 100;
const INTEGER = /^-?\d+$/;

/** `page` from 1 and `itemsPerPage` (clamped to the maximum), answered as the original does. */
export function parsePagination(query: Record<string, unknown>): Pagination {
  const rawPage = lastValue(query.page);
  const rawItems = lastValue(query.itemsPerPage);

  let page = 1;
  if (rawPage !== undefined) {
    page = INTEGER.test(rawPage) ? Number(rawPage) : 0;
    if (page < 1) throw ProblemException.of(400, 'Page should not be less than 1');
    if (!Number.isSafeInteger(page)) throw ProblemException.of(400, 'Page is too large.');
  }

  let itemsPerPage = DEFAULT_ITEMS_PER_PAGE;
  if (rawItems !== undefined) {
    if (!INTEGER.test(rawItems)) throw ProblemException.of(400, 'Limit should be an integer.');
    itemsPerPage = Number(rawItems);
    if (itemsPerPage < 0) throw ProblemException.of(400, 'Limit should not be less than 0');
    itemsPerPage = Math.min(itemsPerPage, MAX_ITEMS_PER_PAGE);
  }
  // An empty page size has only one page, as API Platform answers.
  if (itemsPerPage === 0 && page > 1) {
    throw ProblemException.of(400, 'Page should not be greater than 1 if limit is equal to 0');
  }
  return { page, itemsPerPage };
}

/** A repeated scalar parameter keeps its last value, as PHP does. */
export function lastValue(value: unknown): string | undefined {
  if (Array.isArray(value)) return value.length === 0 ? undefined : String(value[value.length - 1]);
  return value === undefined ? undefined : String(value);
}
