import { useI18n } from '../../../lib/i18n';
import type { FeedFormState, ValueRow } from '../model/feed-form';
import type { FieldErrors } from '../model/form-errors';
import { FieldMessage, SelectField, type SelectOption, TextField } from './fields';
import { withCurrentOption } from './mapping-rows';

type Mapping = FeedFormState['mapping'];

interface JsonMappingFieldsProps {
  mapping: Mapping;
  errors: FieldErrors;
  indicators: readonly SelectOption[];
  onChange: (recipe: (mapping: Mapping) => Mapping) => void;
  onValueAdded: () => void;
}

const PATH = 'config.mapping';

/** How a JSON document becomes observations: where the records are, and which value is which. */
export const JsonMappingFields = ({
  mapping,
  errors,
  indicators,
  onChange,
  onValueAdded,
}: JsonMappingFieldsProps) => {
  const { t } = useI18n();
  const changeRow = (key: number, patch: Partial<ValueRow>) =>
    onChange((current) => ({
      ...current,
      values: current.values.map((row) => (row.key === key ? { ...row, ...patch } : row)),
    }));
  return (
    <fieldset className="form-section">
      <legend>{t('form.mapping')}</legend>
      <div className="form-grid">
        <TextField
          label={t('form.itemsPath')}
          hint={t('form.itemsPathHint')}
          path={`${PATH}.itemsPath`}
          errors={errors}
          value={mapping.itemsPath}
          placeholder="data.items"
          onChange={(itemsPath) => onChange((current) => ({ ...current, itemsPath }))}
        />
        <TextField
          label={t('form.subjectPath')}
          path={`${PATH}.subjectPath`}
          errors={errors}
          value={mapping.subjectPath}
          placeholder="stationId"
          onChange={(subjectPath) => onChange((current) => ({ ...current, subjectPath }))}
        />
        <TextField
          label={t('form.subjectPrefix')}
          path={`${PATH}.subjectPrefix`}
          errors={errors}
          value={mapping.subjectPrefix}
          placeholder="site:"
          onChange={(subjectPrefix) => onChange((current) => ({ ...current, subjectPrefix }))}
        />
        <TextField
          label={t('form.timePath')}
          path={`${PATH}.timePath`}
          errors={errors}
          value={mapping.timePath}
          placeholder="observedAt"
          onChange={(timePath) => onChange((current) => ({ ...current, timePath }))}
        />
      </div>
      <div className="mapping-rows" data-field={`${PATH}.values`}>
        <span className="field__label">{t('form.values')}</span>
        {mapping.values.map((row, index) => (
          <div key={row.key} className="mapping-row" data-testid="value-row">
            <SelectField
              label={t('form.indicator')}
              path={`${PATH}.values.${index}.indicatorId`}
              errors={errors}
              value={row.indicatorId}
              placeholder={t('form.chooseIndicator')}
              options={withCurrentOption(indicators, row.indicatorId)}
              onChange={(indicatorId) => changeRow(row.key, { indicatorId })}
            />
            <TextField
              label={t('form.path')}
              path={`${PATH}.values.${index}.path`}
              errors={errors}
              value={row.path}
              placeholder="metrics.aqi"
              onChange={(path) => changeRow(row.key, { path })}
            />
            <button
              type="button"
              className="button button--quiet mapping-row__remove"
              onClick={() =>
                onChange((current) => ({
                  ...current,
                  values: current.values.filter((other) => other.key !== row.key),
                }))
              }
            >
              {t('form.remove')}
            </button>
          </div>
        ))}
        <FieldMessage error={errors[`${PATH}.values`]} />
        <button type="button" className="button" onClick={onValueAdded}>
          {t('form.addValue')}
        </button>
      </div>
    </fieldset>
  );
};
