import { contextIri } from './json-ld.js';
import type { Pagination } from './pagination.js';

export interface SearchVariable {
  variable: string;
  property: string;
}

export interface CollectionPage {
  memberType: string;
  /** Request path without query string; the collection's `@id`. */
  path: string;
  /** The parsed query string, in request order. */
  query: Record<string, unknown>;
  pagination: Pagination;
  totalItems: number;
  members: Record<string, unknown>[];
  search: readonly SearchVariable[];
}

/** A Hydra collection exactly as API Platform renders one: view links, IRI template, mapping. */
export function hydraCollection(page: CollectionPage): Record<string, unknown> {
  const body: Record<string, unknown> = {
    '@context': contextIri(page.memberType),
    '@id': page.path,
    '@type': 'Collection',
    totalItems: page.totalItems,
    member: page.members,
  };
  const view = collectionView(page);
  if (view) body.view = view;
  if (page.search.length > 0) body.search = iriTemplate(page.path, page.search);
  return body;
}

/** The `search` of a collection at `path`: the IRI template of its filters and orders. */
export function iriTemplate(path: string, search: readonly SearchVariable[]): Record<string, unknown> {
  return {
    '@type': 'IriTemplate',
    template: `${path}{?${search.map((s) => s.variable).join(',')}}`,
    variableRepresentation: 'BasicRepresentation',
    mapping: search.map((s) => ({
      '@type': 'IriTemplateMapping',
      variable: s.variable,
      property: s.property,
      required: false,
    })),
  };
}

function collectionView(page: CollectionPage): Record<string, unknown> | undefined {
  const { pagination, totalItems } = page;
  const others = encodeOtherParameters(page.query);
  const lastPage = pagination.itemsPerPage > 0 ? Math.max(1, Math.ceil(totalItems / pagination.itemsPerPage)) : 1;
  const paginated = lastPage > 1;
  if (!paginated && others === '') return undefined;

  const link = (n: number): string => `${page.path}?${others === '' ? '' : `${others}&`}page=${n}`;
  // One page: API Platform drops `page` from the view's @id, requested or not.
  if (!paginated) return { '@id': `${page.path}?${others}`, '@type': 'PartialCollectionView' };
  const view: Record<string, unknown> = {
    '@id': link(pagination.page),
    '@type': 'PartialCollectionView',
    first: link(1),
    last: link(lastPage),
  };
  if (pagination.page > 1) view.previous = link(pagination.page - 1);
  if (pagination.page < lastPage) view.next = link(pagination.page + 1);
  return view;
}

/**
 * Every parameter but `page`, as Symfony normalizes a query string before API Platform builds its
 * links: top-level names sorted (a stable sort on the name before any bracket), so the sub-keys of
 * one bracketed parameter keep their request order (`order[name]` before `order[handle]` when asked
 * so: the order of sort keys is meaningful); encoded as PHP's RFC 3986 encoder does.
 */
function encodeOtherParameters(query: Record<string, unknown>): string {
  return Object.keys(query)
    .filter((key) => key !== 'page')
    .map((key, index) => ({ key, index, name: topLevelName(key) }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : a.index - b.index))
    .flatMap(({ key }) => {
      const value = query[key];
      const values = Array.isArray(value) ? value : [value];
      return values.map((v) => `${rawUrlEncode(key)}=${rawUrlEncode(String(v ?? ''))}`);
    })
    .join('&');
}

function topLevelName(key: string): string {
  const bracket = key.indexOf('[');
  return bracket > 0 ? key.slice(0, bracket) : key;
}

/** PHP's rawurlencode: encodeURIComponent plus the five characters it leaves alone. */
function rawUrlEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
