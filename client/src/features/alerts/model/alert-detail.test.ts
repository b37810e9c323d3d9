import type { AlertComment, AlertDetail } from '@city-ioc/shared';
import { describe, expect, it } from 'vitest';
import { makeAlert } from '../../../testing/factories';
import {
  assigneeChoices,
  COMMENT_MAX_LENGTH,
  commentProblem,
  isDetailStale,
  newestAlert,
  optionalComment,
  withComment,
  withDetailAlert,
} from './alert-detail';

const detailOf = (version: number, comments: AlertComment[] = []): AlertDetail => ({
  alert: makeAlert({ id: 'a1', version }),
  comments,
  timeline: [],
  sop: [],
});

const comment = (id: number): AlertComment => ({
  id,
  author: 'op1',
  authorName: 'Nguyễn Văn A',
  body: 'Đã cử đội\nkiểm tra',
  at: '2025-11-23T05:10:00.000Z',
});

describe('isDetailStale', () => {
  it('is stale only when a newer version was seen', () => {
    expect(isDetailStale(3, 4)).toBe(true);
    expect(isDetailStale(4, 4)).toBe(false);
    expect(isDetailStale(5, 4)).toBe(false);
  });

  it('has nothing to compare before the detail or the alert is known', () => {
    expect(isDetailStale(undefined, 4)).toBe(false);
    expect(isDetailStale(3, undefined)).toBe(false);
  });
});

describe('newestAlert', () => {
  it('shows the live version when it is ahead of the fetched one', () => {
    const fetched = makeAlert({ id: 'a1', version: 2 });
    const live = makeAlert({ id: 'a1', version: 3, status: 'in_progress' });
    expect(newestAlert(fetched, live)).toBe(live);
    expect(newestAlert(live, fetched)).toBe(live);
    expect(newestAlert(fetched, undefined)).toBe(fetched);
    expect(newestAlert(fetched, makeAlert({ id: 'other', version: 9 }))).toBe(fetched);
  });
});

describe('withDetailAlert', () => {
  it("takes an answer's alert when it is newer, and keeps the detail otherwise", () => {
    const detail = detailOf(2);
    const newer = makeAlert({ id: 'a1', version: 3, status: 'acknowledged' });
    expect(withDetailAlert(detail, newer)?.alert).toBe(newer);
    expect(withDetailAlert(detail, makeAlert({ id: 'a1', version: 2 }))).toBe(detail);
    expect(withDetailAlert(detail, makeAlert({ id: 'a2', version: 9 }))).toBe(detail);
    expect(withDetailAlert(undefined, newer)).toBeUndefined();
  });
});

describe('withComment', () => {
  it('appends a posted comment once', () => {
    const detail = detailOf(2, [comment(1)]);
    const once = withComment(detail, comment(2));
    expect(once?.comments.map((c) => c.id)).toEqual([1, 2]);
    expect(withComment(once, comment(2))).toBe(once);
  });
});

describe('commentProblem', () => {
  it('refuses blanks and over-long text, counting what the server keeps', () => {
    expect(commentProblem('')).toBe('empty');
    expect(commentProblem('  \n\t ')).toBe('empty');
    expect(commentProblem('ok')).toBeNull();
    expect(commentProblem('a'.repeat(COMMENT_MAX_LENGTH))).toBeNull();
    expect(commentProblem(`  ${'a'.repeat(COMMENT_MAX_LENGTH)}  `)).toBeNull();
    expect(commentProblem('a'.repeat(COMMENT_MAX_LENGTH + 1))).toBe('tooLong');
  });
});

describe('optionalComment', () => {
  it('leaves out a note of blanks and trims the rest, keeping inner line breaks', () => {
    expect(optionalComment('   ')).toBeUndefined();
    expect(optionalComment(' Đã khắc phục\nxong ')).toBe('Đã khắc phục\nxong');
  });
});

describe('assigneeChoices', () => {
  const people = [
    { userId: 'u2', name: 'Trần Thị B' },
    { userId: 'u1', name: 'Nguyễn Văn A' },
  ];

  it('sorts people by name', () => {
    expect(assigneeChoices(people, null, 'vi-VN').map((p) => p.userId)).toEqual(['u1', 'u2']);
  });

  it('keeps the current assignee selectable even when no longer offered', () => {
    const choices = assigneeChoices(people, { userId: 'u9', name: 'Lê Văn C' }, 'vi-VN');
    expect(choices.map((p) => p.userId)).toEqual(['u9', 'u1', 'u2']);
    expect(assigneeChoices(people, { userId: 'u1', name: 'Nguyễn Văn A' }, 'vi-VN')).toHaveLength(
      2,
    );
  });
});
