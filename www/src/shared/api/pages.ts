import type { ListReply } from './types';

/** The contract's largest page. */
export const MAX_LIMIT = 200;

/**
 * Every item of a list the API pages (`limit`, `offset`, `total`): page after
 * page of the largest size until `total` is read (one request while the list
 * fits in one page). An item that moved between two pages is kept once.
 */
export async function readAllPages<T extends { id: number }>(
  fetchPage: (limit: number, offset: number) => Promise<ListReply<T>>,
): Promise<ListReply<T>> {
  const items: T[] = [];
  const seen = new Set<number>();
  for (let offset = 0; ; offset += MAX_LIMIT) {
    const page = await fetchPage(MAX_LIMIT, offset);
    for (const item of page.items) {
      if (!seen.has(item.id)) items.push(item);
      seen.add(item.id);
    }
    if (page.items.length < MAX_LIMIT || offset + MAX_LIMIT >= page.total) {
      return { items, total: page.total };
    }
  }
}
