import { useI18n } from '../../../lib/i18n';
import type { AttributeRow, FeedFormState } from '../model/feed-form';
import type { FieldErrors } from '../model/form-errors';
import { FieldMessage, SelectField, type SelectOption, TextField } from './fields';
import { withCurrentOption } from './mapping-rows';

type Ngsi = FeedFormState['ngsi'];

interface NgsiMappingFieldsProps {
  ngsi: Ngsi;
  errors: FieldErrors;
  indicators: readonly SelectOption[];
  onChange: (recipe: (ngsi: Ngsi) => Ngsi) => void;
  onAttributeAdded: () => void;
}

const PATH = 'config.mapping';

/** How a context broker's entities become observations: which entities, which attributes. */
export const NgsiMappingFields = ({
  ngsi,
  errors,
  indicators,
  onChange,
  onAttributeAdded,
}: NgsiMappingFieldsProps) => {
  const { t } = useI18n();
  const changeRow = (key: number, patch: Partial<AttributeRow>) =>
    onChange((current) => ({
      ...current,
      attributes: current.attributes.map((row) => (row.key === key ? { ...row, ...patch } : row)),
    }));
  return (
    <fieldset className="form-section">
      <legend>{t('form.ngsiMapping')}</legend>
      <div className="form-grid">
        <TextField
          label={t('form.entityTypes')}
          path={`${PATH}.entityTypes`}
          errors={errors}
          value={ngsi.entityTypes}
          placeholder="FloodMonitoring, WaterQualityObserved"
          onChange={(entityTypes) => onChange((current) => ({ ...current, entityTypes }))}
        />
        <TextField
          label={t('form.subjectPrefix')}
          path={`${PATH}.subjectPrefix`}
          errors={errors}
          value={ngsi.subjectPrefix}
          placeholder="site:"
          onChange={(subjectPrefix) => onChange((current) => ({ ...current, subjectPrefix }))}
        />
        <TextField
          label={t('form.idPattern')}
          path={`${PATH}.idPattern`}
          errors={errors}
          value={ngsi.idPattern}
          placeholder="^urn:ngsi-ld:[^:]+:(.+)$"
          onChange={(idPattern) => onChange((current) => ({ ...current, idPattern }))}
        />
        <TextField
          label={t('form.timeAttributes')}
          path={`${PATH}.timeAttributes`}
          errors={errors}
          value={ngsi.timeAttributes}
          placeholder="dateObserved"
          onChange={(timeAttributes) => onChange((current) => ({ ...current, timeAttributes }))}
        />
      </div>
      <div className="mapping-rows" data-field={`${PATH}.attributes`}>
        <span className="field__label">{t('form.attributes')}</span>
        {ngsi.attributes.map((row, index) => (
          <div key={row.key} className="mapping-row mapping-row--three" data-testid="attribute-row">
            <TextField
              label={t('form.attribute')}
              path={`${PATH}.attributes.${index}.attribute`}
              errors={errors}
              value={row.attribute}
              placeholder="currentLevel"
              onChange={(attribute) => changeRow(row.key, { attribute })}
            />
            <SelectField
              label={t('form.indicator')}
              path={`${PATH}.attributes.${index}.indicatorId`}
              errors={errors}
              value={row.indicatorId}
              placeholder={t('form.chooseIndicator')}
              options={withCurrentOption(indicators, row.indicatorId)}
              onChange={(indicatorId) => changeRow(row.key, { indicatorId })}
            />
            <TextField
              label={t('form.scale')}
              path={`${PATH}.attributes.${index}.scale`}
              errors={errors}
              inputMode="numeric"
              value={row.scale}
              placeholder="1"
              onChange={(scale) => changeRow(row.key, { scale })}
            />
            <button
              type="button"
              className="button button--quiet mapping-row__remove"
              onClick={() =>
                onChange((current) => ({
                  ...current,
                  attributes: current.attributes.filter((other) => other.key !== row.key),
                }))
              }
            >
              {t('form.remove')}
            </button>
          </div>
        ))}
        <FieldMessage error={errors[`${PATH}.attributes`]} />
        <button type="button" className="button" onClick={onAttributeAdded}>
          {t('form.addAttribute')}
        </button>
      </div>
    </fieldset>
  );
};
