import { describe, expect, it } from 'vitest';
import { auditActionLabel } from './audit-format';

describe('auditActionLabel', () => {
  it.each([
    ['feed.created', 'vi', 'Tạo nguồn'],
    ['feed.disabled', 'en', 'Feed disabled'],
    ['rule.created', 'vi', 'rule.created'],
    ['toString', 'en', 'toString'],
  ] as const)('names %s in %s as %s', (action, language, expected) => {
    expect(auditActionLabel(action, language)).toBe(expected);
  });
});
