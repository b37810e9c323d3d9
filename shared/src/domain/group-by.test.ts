import { describe, expect, it } from 'vitest';
import { groupBy } from './group-by';

describe('groupBy', () => {
  it('groups by key and keeps the order within each group', () => {
    const groups = groupBy(
      [
        { subjectId: 'site:a', v: 1 },
        { subjectId: 'site:b', v: 2 },
        { subjectId: 'site:a', v: 3 },
      ],
      (x) => x.subjectId,
    );
    expect([...groups.entries()]).toEqual([
      [
        'site:a',
        [
          { subjectId: 'site:a', v: 1 },
          { subjectId: 'site:a', v: 3 },
        ],
      ],
      ['site:b', [{ subjectId: 'site:b', v: 2 }]],
    ]);
  });

  it('returns an empty map for no items', () => {
    expect(groupBy([], String).size).toBe(0);
  });
});
