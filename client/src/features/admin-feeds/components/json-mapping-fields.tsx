import type { HttpPollFormat } from '@city-ioc/shared';
import { useI18n } from '../../../lib/i18n';
import type { MappingFields, ValueRow } from '../model/feed-form';
import type { FieldErrors } from '../model/form-errors';
import { FieldMessage, SelectField, type SelectOption, TextField } from './fields';
import { withCurrentOption } from './mapping-rows';

type Mapping = MappingFields;

interface JsonMappingFieldsProps {
  mapping: Mapping;
  errors: FieldErrors;
  indicators: readonly SelectOption[];
  onChange: (recipe: (mapping: Mapping) => Mapping) => void;
  onValueAdded: () => void;
  /** Where the mapping sits in FeedInput: `config.mapping`, `config.topics.0.mapping`. */
  path?: string;
  /**
   * What the records are read from. JSON (the default): the items path selects them. CSV and
   * GeoJSON: they are the rows or the features, so there is no items path to give.
   */
  format?: HttpPollFormat;
  /** Rendered inside another section (an MQTT topic) rather than as its own. */
  isNested?: boolean;
}

/** How a JSON document becomes observations: where the records are, and which value is which. */
export const JsonMappingFields = ({
  mapping,
  errors,
  indicators,
  onChange,
  onValueAdded,
  path: base = 'config.mapping',
  format = 'json',
  isNested = false,
}: JsonMappingFieldsProps) => {
  const { t } = useI18n();
  const formatHint =
    format === 'csv'
      ? t('form.mapping.csvHint')
      : format === 'geojson'
        ? t('form.mapping.geojsonHint')
        : null;
  const changeRow = (key: number, patch: Partial<ValueRow>) =>
    onChange((current) => ({
      ...current,
      values: current.values.map((row) => (row.key === key ? { ...row, ...patch } : row)),
    }));
  const placeholders =
    format === 'csv'
      ? { subject: 'ma_tram', time: 'thoi_gian', value: 'pm25' }
      : format === 'geojson'
        ? { subject: 'id', time: 'properties.observedAt', value: 'properties.pm25' }
        : { subject: 'stationId', time: 'observedAt', value: 'metrics.aqi' };
  const fields = (
    <>
      {formatHint ? (
        <p className="form-section__hint" data-testid="mapping-format-hint">
          {formatHint}
        </p>
      ) : null}
      <div className="form-grid">
        {format === 'json' ? (
          <TextField
            label={t('form.itemsPath')}
            hint={t('form.itemsPathHint')}
            path={`${base}.itemsPath`}
            errors={errors}
            value={mapping.itemsPath}
            placeholder="data.items"
            onChange={(itemsPath) => onChange((current) => ({ ...current, itemsPath }))}
          />
        ) : null}
        <TextField
          label={t('form.subjectPath')}
          path={`${base}.subjectPath`}
          errors={errors}
          value={mapping.subjectPath}
          placeholder={placeholders.subject}
          onChange={(subjectPath) => onChange((current) => ({ ...current, subjectPath }))}
        />
        <TextField
          label={t('form.subjectPrefix')}
          path={`${base}.subjectPrefix`}
          errors={errors}
          value={mapping.subjectPrefix}
          placeholder="site:"
          onChange={(subjectPrefix) => onChange((current) => ({ ...current, subjectPrefix }))}
        />
        <TextField
          label={t('form.timePath')}
          path={`${base}.timePath`}
          errors={errors}
          value={mapping.timePath}
          placeholder={placeholders.time}
          onChange={(timePath) => onChange((current) => ({ ...current, timePath }))}
        />
      </div>
      <div className="mapping-rows" data-field={`${base}.values`}>
        <span className="field__label">{t('form.values')}</span>
        {mapping.values.map((row, index) => (
          <div key={row.key} className="mapping-row" data-testid="value-row">
            <SelectField
              label={t('form.indicator')}
              path={`${base}.values.${index}.indicatorId`}
              errors={errors}
              value={row.indicatorId}
              placeholder={t('form.chooseIndicator')}
              options={withCurrentOption(indicators, row.indicatorId)}
              onChange={(indicatorId) => changeRow(row.key, { indicatorId })}
            />
            <TextField
              label={t('form.path')}
              path={`${base}.values.${index}.path`}
              errors={errors}
              value={row.path}
              placeholder={placeholders.value}
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
        <FieldMessage error={errors[`${base}.values`]} />
        <button type="button" className="button" onClick={onValueAdded}>
          {t('form.addValue')}
        </button>
      </div>
    </>
  );
  return isNested ? (
    <div className="mapping-nested" data-field={base}>
      {fields}
    </div>
  ) : (
    <fieldset className="form-section">
      <legend>{t('form.mapping')}</legend>
      {fields}
    </fieldset>
  );
};
