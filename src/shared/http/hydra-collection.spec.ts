import { hydraCollection } from './hydra-collection.js';

const page = (query: Record<string, unknown>, pageNumber: number, itemsPerPage: number, totalItems: number) =>
  hydraCollection({
    memberType: 'Thing',
    path: '/api/things',
    query,
    pagination: { page: pageNumber, itemsPerPage },
    totalItems,
    members: [],
    search: [],
  });

describe('hydraCollection view links', () => {
  it('has no view for a single page without parameters', () => {
    expect(page({}, 1, 30, 5).view).toBeUndefined();
    expect(page({ page: '1' }, 1, 30, 5).view).toBeUndefined();
  });

  it('links first, last, previous and next on a middle page, other parameters sorted, page last', () => {
    const query = { page: '2', name: 'prod', itemsPerPage: '2', 'order[name]': 'asc' };
    const base = '/api/things?itemsPerPage=2&name=prod&order%5Bname%5D=asc&page=';
    expect(page(query, 2, 2, 5).view).toEqual({
      '@id': `${base}2`,
      '@type': 'PartialCollectionView',
      first: `${base}1`,
      last: `${base}3`,
      previous: `${base}1`,
      next: `${base}3`,
    });
  });

  it('names the current page in @id even when not requested, and omits previous on page 1', () => {
    expect(page({}, 1, 2, 3).view).toEqual({
      '@id': '/api/things?page=1',
      '@type': 'PartialCollectionView',
      first: '/api/things?page=1',
      last: '/api/things?page=2',
      next: '/api/things?page=2',
    });
  });

  it('omits next on and beyond the last page', () => {
    const view = page({ page: '7' }, 7, 2, 3).view as Record<string, string>;
    expect(view.next).toBeUndefined();
    expect(view.previous).toBe('/api/things?page=6');
    expect(view.last).toBe('/api/things?page=2');
  });

  it('has a bare view for one page with parameters; spaces as %20, arrays repeated', () => {
    expect(page({ name: 'a b', 'name[]': ['x', 'y'] }, 1, 30, 1).view).toEqual({
      '@id': '/api/things?name=a%20b&name%5B%5D=x&name%5B%5D=y',
      '@type': 'PartialCollectionView',
    });
  });

  it('keeps the sub-keys of one bracketed parameter in request order while sorting top-level names', () => {
    const query = { 'order[name]': 'asc', 'order[handle]': 'desc', itemsPerPage: '2', handle: 'x' };
    expect((page(query, 1, 2, 5).view as Record<string, string>).next).toBe(
      '/api/things?handle=x&itemsPerPage=2&order%5Bname%5D=asc&order%5Bhandle%5D=desc&page=2',
    );
  });

  it('drops page from the @id of a single page, and encodes as PHP rawurlencode', () => {
    expect(page({ page: '1', name: "it's (ok)*!" }, 1, 30, 1).view).toEqual({
      '@id': '/api/things?name=it%27s%20%28ok%29%2A%21',
      '@type': 'PartialCollectionView',
    });
  });

  it('keeps totalItems and an empty page when itemsPerPage is 0', () => {
    const body = page({ itemsPerPage: '0' }, 1, 0, 12);
    expect(body.totalItems).toBe(12);
    expect(body.member).toEqual([]);
  });
});
