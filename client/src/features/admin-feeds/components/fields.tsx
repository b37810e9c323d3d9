import { type ReactNode, useId } from 'react';
import { useI18n } from '../../../lib/i18n';
import type { FieldError, FieldErrors } from '../model/form-errors';

/** A field's error in the UI language, or nothing. */
export const FieldMessage = ({ id, error }: { id?: string; error: FieldError | undefined }) => {
  const { t } = useI18n();
  if (!error) return null;
  return (
    <span id={id} className="field__error">
      {t(error.key, error.params)}
    </span>
  );
};

interface FieldShellProps {
  label: string;
  /** The input's path in FeedInput; names the field for errors and tests. */
  path: string;
  errors: FieldErrors;
  hint?: string;
  className?: string;
  children: (control: {
    id: string;
    name: string;
    'aria-invalid': boolean;
    'aria-describedby': string | undefined;
  }) => ReactNode;
}

/** Label, control, hint and error of one field, wired together for assistive technology. */
const FieldShell = ({ label, path, errors, hint, className, children }: FieldShellProps) => {
  const id = useId();
  const error = errors[path];
  const describedBy = [error ? `${id}-error` : null, hint ? `${id}-hint` : null]
    .filter(Boolean)
    .join(' ');
  return (
    <div className={className ? `field ${className}` : 'field'} data-field={path}>
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
      <FieldMessage id={`${id}-error`} error={error} />
    </div>
  );
};

interface TextFieldProps {
  label: string;
  path: string;
  errors: FieldErrors;
  value: string;
  onChange: (value: string) => void;
  hint?: string;
  className?: string;
  type?: 'text' | 'url' | 'password' | 'number' | 'time' | 'date';
  inputMode?: 'numeric' | 'url' | 'text';
  placeholder?: string;
  autoComplete?: string;
  isReadOnly?: boolean;
}

export const TextField = ({
  value,
  onChange,
  type = 'text',
  inputMode,
  placeholder,
  autoComplete = 'off',
  isReadOnly = false,
  ...shell
}: TextFieldProps) => (
  <FieldShell {...shell}>
    {(control) => (
      <input
        {...control}
        className="input"
        type={type}
        inputMode={inputMode}
        placeholder={placeholder}
        autoComplete={autoComplete}
        spellCheck={false}
        readOnly={isReadOnly}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    )}
  </FieldShell>
);

export interface SelectOption {
  value: string;
  label: string;
}

interface SelectFieldProps {
  label: string;
  path: string;
  errors: FieldErrors;
  value: string;
  onChange: (value: string) => void;
  options: readonly SelectOption[];
  /** The empty first choice ("— Choose … —"); none when every value is a real choice. */
  placeholder?: string;
  hint?: string;
  className?: string;
}

export const SelectField = ({
  value,
  onChange,
  options,
  placeholder,
  ...shell
}: SelectFieldProps) => (
  <FieldShell {...shell}>
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
  </FieldShell>
);

interface TextAreaFieldProps {
  label: string;
  path: string;
  errors: FieldErrors;
  value: string;
  onChange: (value: string) => void;
  hint?: string;
  rows?: number;
}

export const TextAreaField = ({ value, onChange, rows = 6, ...shell }: TextAreaFieldProps) => (
  <FieldShell {...shell}>
    {(control) => (
      <textarea
        {...control}
        className="input input--code"
        rows={rows}
        spellCheck={false}
        value={value}
        onChange={(event) => onChange(event.target.value)}
      />
    )}
  </FieldShell>
);
