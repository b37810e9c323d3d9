import { useI18n } from '../../../lib/i18n';
import {
  MAX_MQTT_TOPICS,
  type MappingFields,
  type MqttFields as MqttFieldsState,
  type MqttTopicRow,
} from '../model/feed-form';
import { type FieldErrors, hasErrorsUnder } from '../model/form-errors';
import { FieldMessage, SelectField, type SelectOption, TextField } from './fields';
import { JsonMappingFields } from './json-mapping-fields';

interface MqttFieldsProps {
  mqtt: MqttFieldsState;
  errors: FieldErrors;
  indicators: readonly SelectOption[];
  isCreating: boolean;
  onChange: (recipe: (mqtt: MqttFieldsState) => MqttFieldsState) => void;
  onTopicAdded: () => void;
  onTopicRemoved: (topicKey: number) => void;
  onValueAdded: (topicKey: number) => void;
}

/**
 * An MQTT feed: the broker, the session's client id, the credentials (the password is
 * write-only, like every feed secret) and the subscribed topics, each with its JSON mapping.
 */
export const MqttFields = ({
  mqtt,
  errors,
  indicators,
  isCreating,
  onChange,
  onTopicAdded,
  onTopicRemoved,
  onValueAdded,
}: MqttFieldsProps) => {
  const { t } = useI18n();
  const changeTopic = (key: number, recipe: (topic: MqttTopicRow) => MqttTopicRow) =>
    onChange((current) => ({
      ...current,
      topics: current.topics.map((topic) => (topic.key === key ? recipe(topic) : topic)),
    }));
  const isPasswordKept = mqtt.hasStoredPassword && !mqtt.removePassword;
  return (
    <>
      <fieldset className="form-section" data-testid="mqtt-broker">
        <legend>{t('form.mqtt')}</legend>
        <div className="form-grid">
          <TextField
            className="field--wide"
            label={t('form.mqtt.url')}
            hint={t('form.mqtt.urlHint')}
            path="config.url"
            errors={errors}
            type="url"
            inputMode="url"
            placeholder="mqtts://broker.example.vn:8883"
            value={mqtt.url}
            onChange={(url) => onChange((current) => ({ ...current, url }))}
          />
          <TextField
            label={t('form.mqtt.clientId')}
            hint={isCreating ? t('form.mqtt.clientIdHint') : undefined}
            path="config.clientId"
            errors={errors}
            placeholder="city-ioc-feed-water"
            value={mqtt.clientId}
            onChange={(clientId) => onChange((current) => ({ ...current, clientId }))}
          />
          <SelectField
            label={t('form.mqtt.protocol')}
            path="config.protocolVersion"
            errors={errors}
            value={mqtt.protocolVersion}
            options={[
              { value: '5', label: t('form.mqtt.protocol5') },
              { value: '4', label: t('form.mqtt.protocol4') },
            ]}
            onChange={(version) =>
              onChange((current) => ({ ...current, protocolVersion: version === '4' ? '4' : '5' }))
            }
          />
          <TextField
            label={t('form.auth.username')}
            path="config.username"
            errors={errors}
            value={mqtt.username}
            onChange={(username) => onChange((current) => ({ ...current, username }))}
          />
          <TextField
            label={t('form.auth.password')}
            path="config.password"
            errors={errors}
            type="password"
            autoComplete="new-password"
            placeholder={isPasswordKept ? t('form.secretStored') : undefined}
            value={mqtt.password}
            // Typing a new password replaces the stored one: "remove" no longer applies.
            onChange={(password) =>
              onChange((current) => ({ ...current, password, removePassword: false }))
            }
          />
        </div>
        {mqtt.hasStoredPassword ? (
          <label className="checkbox">
            <input
              type="checkbox"
              name="removePassword"
              checked={mqtt.removePassword}
              onChange={(event) => {
                const removePassword = event.target.checked;
                onChange((current) => ({
                  ...current,
                  removePassword,
                  password: removePassword ? '' : current.password,
                }));
              }}
            />
            {t('form.mqtt.removePassword')}
          </label>
        ) : null}
      </fieldset>

      <fieldset className="form-section" data-testid="mqtt-topics">
        <legend>{t('form.mqtt.topics')}</legend>
        {mqtt.topics.map((topic, index) => {
          const path = `config.topics.${index}`;
          return (
            <section
              key={topic.key}
              className="mqtt-topic"
              data-testid="mqtt-topic"
              data-invalid={hasErrorsUnder(errors, path) ? 'true' : undefined}
              aria-label={t('form.mqtt.topic', { number: index + 1 })}
            >
              <div className="mqtt-topic__header">
                <h3>{t('form.mqtt.topic', { number: index + 1 })}</h3>
                {mqtt.topics.length > 1 ? (
                  <button
                    type="button"
                    className="button button--quiet"
                    onClick={() => onTopicRemoved(topic.key)}
                  >
                    {t('form.mqtt.removeTopic')}
                  </button>
                ) : null}
              </div>
              <div className="form-grid">
                <TextField
                  label={t('form.mqtt.filter')}
                  hint={t('form.mqtt.filterHint')}
                  path={`${path}.filter`}
                  errors={errors}
                  placeholder="hcmc/water/+/level"
                  value={topic.filter}
                  onChange={(filter) => changeTopic(topic.key, (row) => ({ ...row, filter }))}
                />
                <TextField
                  label={t('form.mqtt.subjectLevel')}
                  hint={t('form.mqtt.subjectLevelHint')}
                  path={`${path}.subjectFromTopicLevel`}
                  errors={errors}
                  inputMode="numeric"
                  value={topic.subjectFromTopicLevel}
                  onChange={(subjectFromTopicLevel) =>
                    changeTopic(topic.key, (row) => ({ ...row, subjectFromTopicLevel }))
                  }
                />
              </div>
              <JsonMappingFields
                isNested
                path={`${path}.mapping`}
                mapping={topic.mapping}
                errors={errors}
                indicators={indicators}
                onChange={(recipe: (mapping: MappingFields) => MappingFields) =>
                  changeTopic(topic.key, (row) => ({ ...row, mapping: recipe(row.mapping) }))
                }
                onValueAdded={() => onValueAdded(topic.key)}
              />
            </section>
          );
        })}
        <FieldMessage error={errors['config.topics']} />
        {mqtt.topics.length < MAX_MQTT_TOPICS ? (
          <button type="button" className="button" onClick={onTopicAdded}>
            {t('form.mqtt.addTopic')}
          </button>
        ) : null}
      </fieldset>
    </>
  );
};
