import { useId } from 'react';

export interface CheckboxOption {
  value: string;
  label: string;
}

interface CheckboxGroupProps {
  legend: string;
  /** Names the group for errors and tests (`data-field`). */
  path: string;
  options: readonly CheckboxOption[];
  selected: readonly string[];
  onChange: (selected: string[]) => void;
  hint?: string;
  /** Already translated. */
  error?: string;
  isDisabled?: boolean;
}

/**
 * A multiple choice as a group of checkboxes (a `<select multiple>` is hard to use with a
 * keyboard or a touch screen). The selection keeps the options' order.
 */
export const CheckboxGroup = ({
  legend,
  path,
  options,
  selected,
  onChange,
  hint,
  error,
  isDisabled = false,
}: CheckboxGroupProps) => {
  const id = useId();
  const chosen = new Set(selected);
  const toggle = (value: string, isChecked: boolean) => {
    const next = new Set(chosen);
    if (isChecked) next.add(value);
    else next.delete(value);
    // Values no longer offered are kept: they are still part of what is saved.
    const known = options.map((option) => option.value).filter((v) => next.has(v));
    const unknown = selected.filter((v) => next.has(v) && !options.some((o) => o.value === v));
    onChange([...known, ...unknown]);
  };
  const describedBy =
    [error ? `${id}-error` : null, hint ? `${id}-hint` : null].filter(Boolean).join(' ') ||
    undefined;
  return (
    <fieldset
      className="field field--wide checkbox-group"
      data-field={path}
      aria-describedby={describedBy}
      aria-invalid={error ? true : undefined}
      disabled={isDisabled}
    >
      <legend className="field__label">{legend}</legend>
      <div className="checkbox-group__options">
        {options.map((option) => (
          <label key={option.value} className="checkbox">
            <input
              type="checkbox"
              value={option.value}
              checked={chosen.has(option.value)}
              onChange={(event) => toggle(option.value, event.target.checked)}
            />
            {option.label}
          </label>
        ))}
      </div>
      {hint ? (
        <span id={`${id}-hint`} className="field__hint">
          {hint}
        </span>
      ) : null}
      {error ? (
        <span id={`${id}-error`} className="field__error">
          {error}
        </span>
      ) : null}
    </fieldset>
  );
};
