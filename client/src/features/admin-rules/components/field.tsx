import { type ReactNode, useId } from 'react';
import { useI18n } from '../../../lib/i18n';
import type { FieldErrors } from '../model/rule-form';

export interface Option {
  value: string;
  label: string;
}

interface FieldProps {
  label: string;
  /** The field's path in the rule (`params.threshold`); names it for errors and tests. */
  path: string;
  errors: FieldErrors;
  hint?: string;
  isWide?: boolean;
  children: (control: {
    id: string;
    name: string;
    'aria-invalid': boolean;
    'aria-describedby': string | undefined;
  }) => ReactNode;
}

/** Label, control, hint and error of one field, wired together for assistive technology. */
export const Field = ({ label, path, errors, hint, isWide, children }: FieldProps) => {
  const { t } = useI18n();
  const id = useId();
  const error = errors[path];
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null]
    .filter(Boolean)
    .join(' ');
  return (
    <div className={isWide ? 'field field--wide' : 'field'} data-field={path}>
      <label htmlFor={id} className="field__label">
        {label}
      </label>
      {children({
        id,
        name: path,
        'aria-invalid': Boolean(error),
        'aria-describedby': describedBy || undefined,
      })}
      {hint ? (
        <span id={`${id}-hint`} className="field__hint">
          {hint}
        </span>
      ) : null}
      {error ? (
        <span id={`${id}-error`} className="field__error">
          {t(error.key, error.params)}
        </span>
      ) : null}
    </div>
  );
};

type TextProps = Omit<FieldProps, 'children'> & {
  value: string;
  onChange: (value: string) => void;
  inputMode?: 'decimal' | 'numeric' | 'text';
  isReadOnly?: boolean;
};

export const TextInput = ({ value, onChange, inputMode, isReadOnly, ...shell }: TextProps) => (
  <Field {...shell}>
    {(control) => (
      <input
        {...control}
        className="input"
        type="text"
        inputMode={inputMode}
        autoComplete="off"
        spellCheck={false}
        readOnly={isReadOnly}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    )}
  </Field>
);

type SelectProps = Omit<FieldProps, 'children'> & {
  value: string;
  onChange: (value: string) => void;
  options: readonly Option[];
  placeholder?: string;
};

export const SelectInput = ({ value, onChange, options, placeholder, ...shell }: SelectProps) => (
  <Field {...shell}>
    {(control) => (
      <select
        {...control}
        className="input"
        value={value}
        onChange={(event) => onChange(event.target.value)}
      >
        {placeholder !== undefined ? <option value="">{placeholder}</option> : null}
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    )}
  </Field>
);
