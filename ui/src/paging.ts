/**
 * Long work-order lists, a page at a time: a list shows the first PAGE rows
 * (sorted by what is due soonest) and a "show more" button adds PAGE more.
 * The Rust side reads and computes clocks for the shown rows only, so a
 * list stays quick however many orders the device holds.
 */

/** Rows a list shows first, and adds per "show more". */
export const PAGE = 50;

/** How many rows to ask for after "show more": one page more, never past the total. */
export function nextLimit(shown: number, total: number, page = PAGE): number {
  return Math.max(page, Math.min(total, shown + page));
}

/** Whether a list of `total` rows, `shown` of them on screen, has more to show. */
export function hasMore(shown: number, total: number): boolean {
  return shown < total;
}
