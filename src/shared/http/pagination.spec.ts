import { parsePagination } from './pagination.js';
import { ProblemException } from './problem.exception.js';

const detailOf = (query: Record<string, unknown>) => {
  try {
    parsePagination(query);
  } catch (error) {
    return error instanceof ProblemException ? `${error.problem.status} ${error.problem.detail}` : String(error);
  }
  return 'accepted';
};

describe('parsePagination', () => {
  it('defaults to page 1 of 30', () => {
    expect(parsePagination({})).toEqual({ page: 1, itemsPerPage: 30 });
  });

  it('clamps itemsPerPage to 100 and accepts 0', () => {
    expect(parsePagination({ itemsPerPage: '1000' }).itemsPerPage).toBe(100);
    expect(parsePagination({ itemsPerPage: '0' }).itemsPerPage).toBe(0);
  });

  it.each([['0'], ['-1'], ['abc'], ['1.5'], [''], ['1e3']])('refuses page=%p', (value) => {
    expect(detailOf({ page: value })).toBe('400 Page should not be less than 1');
  });

  it('refuses a negative itemsPerPage and a non-integer one', () => {
    expect(detailOf({ itemsPerPage: '-1' })).toBe('400 Limit should not be less than 0');
    expect(detailOf({ itemsPerPage: 'ten' })).toBe('400 Limit should be an integer.');
  });

  it('refuses a page past 1 when itemsPerPage is 0, as API Platform does', () => {
    expect(detailOf({ itemsPerPage: '0', page: '2' })).toBe(
      '400 Page should not be greater than 1 if limit is equal to 0',
    );
    expect(detailOf({ itemsPerPage: '0', page: '1' })).toBe('accepted');
  });

  it('refuses a page beyond safe integers rather than computing a wrong offset', () => {
    expect(detailOf({ page: '99999999999999999999' })).toBe('400 Page is too large.');
  });

  it('takes the last value of a repeated parameter', () => {
    expect(parsePagination({ page: ['1', '3'] }).page).toBe(3);
  });
});
