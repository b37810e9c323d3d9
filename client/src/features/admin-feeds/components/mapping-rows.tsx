import type { SelectOption } from './fields';

/**
 * The indicator choices, plus the current value when the city does not know it (a mapping
 * saved before the indicator was removed): the select must not silently change it.
 */
export const withCurrentOption = (
  options: readonly SelectOption[],
  current: string,
): readonly SelectOption[] =>
  current === '' || options.some((option) => option.value === current)
    ? options
    : [...options, { value: current, label: current }];
