import { describe, expect, it } from 'vitest';
import { hasMore, nextLimit, PAGE } from './paging';

describe('paged lists', () => {
  it('shows one page more per tap, never asking past the total', () => {
    expect(nextLimit(PAGE, 9000)).toBe(2 * PAGE);
    expect(nextLimit(2 * PAGE, 120)).toBe(120);
    expect(nextLimit(0, 0)).toBe(PAGE);
  });
  it('offers "show more" only while rows are left', () => {
    expect(hasMore(50, 9000)).toBe(true);
    expect(hasMore(12, 12)).toBe(false);
    expect(hasMore(0, 0)).toBe(false);
  });
});
