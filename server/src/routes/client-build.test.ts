import { describe, expect, it } from 'vitest';
import { clientBuildOf } from './system';

describe('clientBuildOf', () => {
  it.each([
    [
      '<script type="module" crossorigin src="/assets/index-3f2a.js"></script>',
      '/assets/index-3f2a.js',
    ],
    ['<script src="/assets/index-9b.js" type="module"></script>', '/assets/index-9b.js'],
    ['<html><body>no script</body></html>', null],
  ])('%s', (html, expected) => {
    expect(clientBuildOf(html)).toBe(expected);
  });
});
