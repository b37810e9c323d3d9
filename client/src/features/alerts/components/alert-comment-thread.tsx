import type { AlertComment } from '@city-ioc/shared';
import { type FormEvent, type KeyboardEvent, useId, useState } from 'react';
import { formatDateTime, type I18n } from '../../../lib/i18n';
import { useAddAlertComment } from '../api/alert-detail';
import { COMMENT_MAX_LENGTH, commentProblem } from '../model/alert-detail';

interface AlertCommentThreadProps {
  alertId: string;
  comments: readonly AlertComment[];
  /** People who act on alerts may write; viewers and wall screens only read. */
  canComment: boolean;
  timeZone: string;
  i18n: I18n;
}

/**
 * The alert's discussion, oldest first. Bodies are plain text shown as text; their line
 * breaks are kept by CSS (`white-space: pre-wrap`), never by markup.
 */
export const AlertCommentThread = ({
  alertId,
  comments,
  canComment,
  timeZone,
  i18n,
}: AlertCommentThreadProps) => {
  const { language, t } = i18n;
  const headingId = useId();
  const inputId = useId();
  const [draft, setDraft] = useState('');
  const addComment = useAddAlertComment(alertId);
  const problem = commentProblem(draft);

  const submit = () => {
    if (problem !== null || addComment.isPending) return;
    addComment.mutate(draft.trim(), { onSuccess: () => setDraft('') });
  };
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    submit();
  };
  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    // Enter starts a new line; Ctrl+Enter (⌘+Enter) sends.
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      submit();
    }
  };

  return (
    <section className="alert-detail__section" aria-labelledby={headingId}>
      <h3 id={headingId} className="alert-detail__heading">
        {t('alertDetail.comments', { count: comments.length })}
      </h3>
      {comments.length === 0 ? (
        <p className="alert-detail__muted">{t('alertDetail.noComments')}</p>
      ) : (
        <ol className="alert-comments">
          {comments.map((comment) => (
            <li
              key={comment.id}
              className="alert-comment"
              data-testid="alert-comment"
              data-comment-id={comment.id}
            >
              <span className="alert-comment__meta">
                <span className="alert-comment__author" title={comment.author}>
                  {comment.authorName || comment.author}
                </span>
                <time className="alert-comment__time" dateTime={comment.at}>
                  {formatDateTime(comment.at, language, timeZone)}
                </time>
              </span>
              <p className="alert-comment__body">{comment.body}</p>
            </li>
          ))}
        </ol>
      )}
      {canComment ? (
        <form className="alert-comment-form" onSubmit={onSubmit}>
          <label htmlFor={inputId} className="field__label">
            {t('alertDetail.commentLabel')}
          </label>
          <textarea
            id={inputId}
            className="input alert-comment-form__input"
            data-testid="alert-comment-input"
            rows={3}
            value={draft}
            placeholder={t('alertDetail.commentPlaceholder')}
            aria-invalid={problem === 'tooLong'}
            onChange={(event) => setDraft(event.target.value)}
            onKeyDown={onKeyDown}
          />
          <div className="alert-comment-form__footer">
            {problem === 'tooLong' ? (
              <span className="field__error">
                {t('alertDetail.commentTooLong', { max: COMMENT_MAX_LENGTH })}
              </span>
            ) : null}
            {addComment.isError ? (
              <span className="field__error" role="alert">
                {t('alertDetail.commentFailed', { message: addComment.error.message })}
              </span>
            ) : null}
            <button
              type="submit"
              className="button button--primary alert-comment-form__submit"
              data-testid="alert-comment-submit"
              disabled={problem !== null || addComment.isPending}
            >
              {addComment.isPending
                ? t('alertDetail.commentSending')
                : t('alertDetail.commentSubmit')}
            </button>
          </div>
        </form>
      ) : null}
    </section>
  );
};
