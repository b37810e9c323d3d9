import type { FeedAdapter } from '@city-ioc/shared';
import { type FormEvent, useId, useMemo, useState } from 'react';
import { ApiError } from '../../../lib/api-client';
import { useI18n } from '../../../lib/i18n';
import { useSaveFeed } from '../api/save-feed';
import { useTestFeed } from '../api/test-feed';
import {
  type CadenceKind,
  FEED_ADAPTERS,
  type FeedFormState,
  parseMqttSample,
  parseSample,
  type SampleResult,
  sampleKind,
  validateFeedForm,
  withFeedId,
  withPollSchedule,
  withTopicAdded,
  withTopicRemoved,
  withValueAdded,
} from '../model/feed-form';
import { type FieldErrors, fieldErrorsFromServer } from '../model/form-errors';
import { PushTokenField, WebhookSecretFields } from './credential-fields';
import { SelectField, type SelectOption, TextAreaField, TextField } from './fields';
import { HttpAuthFields, HttpPollSourceFields } from './http-poll-fields';
import { JsonMappingFields } from './json-mapping-fields';
import { MqttFields } from './mqtt-fields';
import { NgsiMappingFields } from './ngsi-mapping-fields';
import { PollFields } from './poll-fields';
import { TestResultView } from './test-result-view';

export interface FeedFormProps {
  initial: FeedFormState;
  departments: readonly SelectOption[];
  indicators: readonly SelectOption[];
  timeZone: string;
  onSaved: (name: string) => void;
  onClose: () => void;
  /** Something about the feeds changed on the server (other screens' caches may care). */
  onFeedsChanged?: () => void;
}

const messageOf = (error: unknown): string =>
  error instanceof Error ? error.message : String(error);

/**
 * Create or edit one feed. The form is checked with the shared schema before anything is
 * sent; "Test" runs it once on the server (nothing saved), "Save" stores it.
 */
export const FeedForm = ({
  initial,
  departments,
  indicators,
  timeZone,
  onSaved,
  onClose,
  onFeedsChanged,
}: FeedFormProps) => {
  const { t } = useI18n();
  const titleId = useId();
  const [form, setForm] = useState(initial);
  const [sampleText, setSampleText] = useState('');
  // One MQTT message for the test run: its topic and payload.
  const [sampleTopic, setSampleTopic] = useState('');
  const [samplePayload, setSamplePayload] = useState('');
  // Errors show once the administrator has tried to test or save, then follow every keystroke.
  const [attempt, setAttempt] = useState<'save' | 'test' | null>(null);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [sampleErrors, setSampleErrors] = useState<FieldErrors>({});
  const save = useSaveFeed({ onChanged: onFeedsChanged });
  const test = useTestFeed();

  const validation = useMemo(
    () => (attempt ? validateFeedForm(form, attempt) : null),
    [form, attempt],
  );
  const errors: FieldErrors = {
    ...serverErrors,
    ...(validation && !validation.ok ? validation.errors : {}),
    ...sampleErrors,
  };
  const hasErrors = Object.keys(errors).length > 0;

  const update = (recipe: (current: FeedFormState) => FeedFormState) => {
    setForm(recipe);
    // The server's verdict was about the form as it was.
    setServerErrors({});
    if (save.isError) save.reset();
  };
  const set = <K extends keyof FeedFormState>(key: K, value: FeedFormState[K]) =>
    update((current) => ({ ...current, [key]: value }));

  const isCreating = form.editingId === null;
  const sample = sampleKind(form);
  const hasMqttSample = sampleTopic.trim() !== '' || samplePayload.trim() !== '';
  const indicatorLabels = useMemo(
    () => new Map(indicators.map((option) => [option.value, option.label])),
    [indicators],
  );

  // Without a sample message, an MQTT test listens on the broker for a few seconds.
  const isListening = sample === 'mqtt' && !hasMqttSample;
  const testLabel = test.isPending
    ? isListening
      ? t('form.listening')
      : t('form.testing')
    : isListening
      ? t('form.testListen')
      : t('form.test');

  const runTest = () => {
    setAttempt('test');
    const result = validateFeedForm(form, 'test');
    if (!result.ok) return;
    const parsed: SampleResult =
      sample === null
        ? { ok: true, sample: undefined }
        : sample === 'mqtt'
          ? parseMqttSample(form, sampleTopic, samplePayload)
          : parseSample(sampleText, sample);
    setSampleErrors(parsed.ok ? {} : parsed.errors);
    if (!parsed.ok) return;
    test.mutate({ input: result.input, sample: parsed.sample });
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setAttempt('save');
    const result = validateFeedForm(form, 'save');
    if (!result.ok) return;
    save.mutate(
      { input: result.input, editingId: form.editingId },
      {
        onSuccess: (saved) => onSaved(saved.feed.name),
        onError: (error) =>
          setServerErrors(fieldErrorsFromServer(error instanceof ApiError ? error.issues : [])),
      },
    );
  };

  const adapterOptions = FEED_ADAPTERS.map((adapter) => ({
    value: adapter,
    label: t(`adapter.${adapter}`),
  }));
  // A cron-scheduled poll must declare its cadence: the server refuses it otherwise.
  const isCronPoll = form.adapter === 'http-poll' && form.httpPoll.schedule === 'cron';
  const cadenceOptions: SelectOption[] = [
    // Only a polled feed on an interval has a default cadence: its poll interval.
    {
      value: '',
      label:
        form.adapter === 'http-poll' && !isCronPoll ? t('form.cadence.none') : t('admin.noCadence'),
    },
    { value: 'interval', label: t('form.cadence.interval') },
    { value: 'daily-before', label: t('form.cadence.dailyBefore') },
  ];

  return (
    <form
      className="feed-form"
      aria-labelledby={titleId}
      data-testid="feed-form"
      noValidate
      onSubmit={submit}
    >
      <div className="feed-form__header">
        <h2 id={titleId}>
          {isCreating ? t('form.createTitle') : t('form.editTitle', { name: initial.name })}
        </h2>
        <button type="button" className="button button--quiet" onClick={onClose}>
          {t('form.close')}
        </button>
      </div>

      <fieldset className="form-section">
        <legend>{t('form.general')}</legend>
        <div className="form-grid">
          {isCreating ? (
            <SelectField
              label={t('form.adapter')}
              path="adapter"
              errors={errors}
              value={form.adapter}
              options={adapterOptions}
              onChange={(adapter) => set('adapter', adapter as FeedAdapter)}
            />
          ) : (
            <TextField
              label={t('form.adapter')}
              path="adapter"
              errors={errors}
              value={t(`adapter.${form.adapter}`)}
              isReadOnly
              onChange={() => {}}
            />
          )}
          <TextField
            label={t('form.id')}
            hint={isCreating ? t('form.idHint') : undefined}
            path="id"
            errors={errors}
            value={form.id}
            isReadOnly={!isCreating}
            placeholder="feed:water-levels"
            onChange={(id) => update((current) => withFeedId(current, id))}
          />
          <TextField
            className="field--wide"
            label={t('form.name')}
            path="name"
            errors={errors}
            value={form.name}
            onChange={(name) => set('name', name)}
          />
          <SelectField
            className="field--wide"
            label={t('form.department')}
            path="departmentId"
            errors={errors}
            value={form.departmentId}
            placeholder={t('form.chooseDepartment')}
            options={departments}
            onChange={(departmentId) => set('departmentId', departmentId)}
          />
          <SelectField
            label={t('form.cadence')}
            hint={isCronPoll ? t('form.cadence.cronHint') : undefined}
            path="cadence"
            errors={errors}
            value={form.cadenceKind}
            options={cadenceOptions}
            onChange={(kind) => set('cadenceKind', kind as CadenceKind)}
          />
          {form.cadenceKind === 'interval' ? (
            <TextField
              label={t('form.cadence.seconds')}
              path="cadence.seconds"
              errors={errors}
              inputMode="numeric"
              value={form.cadenceSeconds}
              onChange={(seconds) => set('cadenceSeconds', seconds)}
            />
          ) : null}
          {form.cadenceKind === 'daily-before' ? (
            <TextField
              label={t('form.cadence.localTime')}
              path="cadence.localTime"
              errors={errors}
              placeholder="17:00"
              value={form.cadenceLocalTime}
              onChange={(localTime) => set('cadenceLocalTime', localTime)}
            />
          ) : null}
        </div>
        <label className="checkbox">
          <input
            type="checkbox"
            name="enabled"
            checked={form.enabled}
            onChange={(event) => set('enabled', event.target.checked)}
          />
          {t('form.enabled')}
        </label>
      </fieldset>

      {form.adapter === 'http-poll' ? (
        <>
          <HttpPollSourceFields
            poll={form.poll}
            httpPoll={form.httpPoll}
            errors={errors}
            onPollChange={(poll) => set('poll', poll)}
            onHttpPollChange={(httpPoll) => set('httpPoll', httpPoll)}
            onScheduleChange={(schedule) =>
              update((current) => withPollSchedule(current, schedule))
            }
          />
          <HttpAuthFields
            auth={form.httpPoll.auth}
            errors={errors}
            onChange={(auth) =>
              update((current) => ({ ...current, httpPoll: { ...current.httpPoll, auth } }))
            }
          />
        </>
      ) : null}

      {form.adapter === 'mqtt' ? (
        <MqttFields
          mqtt={form.mqtt}
          errors={errors}
          indicators={indicators}
          isCreating={isCreating}
          onChange={(recipe) => update((current) => ({ ...current, mqtt: recipe(current.mqtt) }))}
          onTopicAdded={() => update(withTopicAdded)}
          onTopicRemoved={(topicKey) => update((current) => withTopicRemoved(current, topicKey))}
          onValueAdded={(topicKey) => update((current) => withValueAdded(current, topicKey))}
        />
      ) : null}

      {form.adapter === 'webhook' ? (
        <WebhookSecretFields
          secrets={form.secrets}
          errors={errors}
          onChange={(secrets) => set('secrets', secrets)}
        />
      ) : null}

      {form.adapter === 'cap' ? (
        <fieldset className="form-section">
          <legend>{t('form.capMode')}</legend>
          <div className="radio-group">
            {(['push', 'poll'] as const).map((mode) => (
              <label key={mode} className="checkbox">
                <input
                  type="radio"
                  name="capMode"
                  value={mode}
                  checked={form.capMode === mode}
                  onChange={() => set('capMode', mode)}
                />
                {t(`form.capMode.${mode}`)}
              </label>
            ))}
          </div>
          {form.capMode === 'push' ? (
            <PushTokenField
              token={form.token}
              errors={errors}
              onChange={(token) => set('token', token)}
            />
          ) : (
            <PollFields
              poll={form.poll}
              path="config.poll"
              errors={errors}
              onChange={(poll) => set('poll', poll)}
            />
          )}
        </fieldset>
      ) : null}

      {form.adapter === 'ngsi' ? (
        <>
          <fieldset className="form-section">
            <legend>{t('form.token')}</legend>
            <PushTokenField
              token={form.token}
              errors={errors}
              onChange={(token) => set('token', token)}
            />
          </fieldset>
          <NgsiMappingFields
            ngsi={form.ngsi}
            errors={errors}
            indicators={indicators}
            onChange={(recipe) => update((current) => ({ ...current, ngsi: recipe(current.ngsi) }))}
            onAttributeAdded={() =>
              update((current) => ({
                ...current,
                nextKey: current.nextKey + 1,
                ngsi: {
                  ...current.ngsi,
                  attributes: [
                    ...current.ngsi.attributes,
                    { key: current.nextKey, attribute: '', indicatorId: '', scale: '' },
                  ],
                },
              }))
            }
          />
          <fieldset className="form-section">
            <legend>{t('form.reconcile')}</legend>
            <label className="checkbox">
              <input
                type="checkbox"
                name="hasReconcile"
                checked={form.ngsi.hasReconcile}
                onChange={(event) =>
                  set('ngsi', { ...form.ngsi, hasReconcile: event.target.checked })
                }
              />
              {t('form.reconcile')}
            </label>
            {form.ngsi.hasReconcile ? (
              <PollFields
                poll={form.ngsi.reconcile}
                path="config.reconcile"
                errors={errors}
                onChange={(reconcile) => set('ngsi', { ...form.ngsi, reconcile })}
              />
            ) : null}
          </fieldset>
        </>
      ) : null}

      {form.adapter === 'http-poll' || form.adapter === 'webhook' ? (
        <JsonMappingFields
          mapping={form.mapping}
          errors={errors}
          indicators={indicators}
          format={form.adapter === 'http-poll' ? form.httpPoll.format : 'json'}
          onChange={(recipe) =>
            update((current) => ({ ...current, mapping: recipe(current.mapping) }))
          }
          onValueAdded={() => update((current) => withValueAdded(current))}
        />
      ) : null}

      {sample === 'mqtt' ? (
        <fieldset className="form-section" data-testid="mqtt-sample">
          <legend>{t('form.sample')}</legend>
          <p className="form-section__hint">{t('form.sampleHint.mqtt')}</p>
          <TextField
            label={t('form.sample.topic')}
            path="sample.topic"
            errors={errors}
            placeholder="hcmc/water/wl-01/level"
            value={sampleTopic}
            onChange={(topic) => {
              setSampleTopic(topic);
              setSampleErrors({});
            }}
          />
          <TextAreaField
            label={t('form.sample.payload')}
            path="sample.payload"
            errors={errors}
            value={samplePayload}
            rows={6}
            onChange={(payload) => {
              setSamplePayload(payload);
              setSampleErrors({});
            }}
          />
        </fieldset>
      ) : sample ? (
        <fieldset className="form-section">
          <legend>{t('form.sample')}</legend>
          <TextAreaField
            label={t('form.sample')}
            hint={t(`form.sampleHint.${sample}`)}
            path="sample"
            errors={errors}
            value={sampleText}
            rows={8}
            onChange={(text) => {
              setSampleText(text);
              setSampleErrors({});
            }}
          />
        </fieldset>
      ) : null}

      {test.data ? (
        <TestResultView
          result={test.data}
          indicatorLabel={(id) => indicatorLabels.get(id) ?? id}
          timeZone={timeZone}
        />
      ) : null}

      <div className="feed-form__footer">
        {attempt && hasErrors ? (
          <p className="form-alert" role="alert" data-testid="form-invalid">
            {t('form.invalid')}
          </p>
        ) : null}
        {save.isError ? (
          <div className="form-alert" role="alert" data-testid="form-server-error">
            <p>{t('form.serverError', { message: messageOf(save.error) })}</p>
            {/* Also listed here: an issue may concern a field this form does not show. */}
            {save.error instanceof ApiError && save.error.issues?.length ? (
              <ul className="form-alert__issues">
                {save.error.issues.map((issue) => (
                  <li key={`${issue.path}:${issue.message}`}>
                    {issue.path ? `${issue.path}: ${issue.message}` : issue.message}
                  </li>
                ))}
              </ul>
            ) : null}
          </div>
        ) : null}
        {test.isError ? (
          <p className="form-alert" role="alert" data-testid="test-request-error">
            {t('test.requestFailed', { message: messageOf(test.error) })}
          </p>
        ) : null}
        <div className="feed-form__actions">
          <button
            type="button"
            className="button"
            data-testid="feed-test"
            disabled={test.isPending}
            onClick={runTest}
          >
            {testLabel}
          </button>
          <button
            type="submit"
            className="button button--primary"
            data-testid="feed-save"
            disabled={save.isPending}
          >
            {save.isPending ? t('form.saving') : t('form.save')}
          </button>
        </div>
      </div>
    </form>
  );
};
