import type { ReactNode } from 'react';

interface AdminPanelProps {
  /** Id of the heading, which names the section. */
  titleId: string;
  title: string;
  /** "12 nguồn dữ liệu"; null until the list is loaded. */
  count: string | null;
  /** The "add" button, if the screen creates things. */
  add?: { label: string; testId: string; onClick: () => void };
  intro: string;
  /** A confirmation after saving ("Đã lưu …"). */
  saved?: { text: string; testId: string } | null;
  /** A failed row action (enable, delete, revoke …), already worded. */
  actionError?: string | null;
  /** Shown while the list loads; null once it has. */
  loading: string | null;
  /** The list could not be loaded, already worded; null when it was. */
  loadError: string | null;
  /** Shown when the list is loaded and empty; null otherwise. */
  empty: string | null;
  children?: ReactNode;
}

/**
 * The frame every administration list shares: heading with its count and "add" button, the
 * introduction, notices, and the loading, failed and empty states. The table is the child.
 */
export const AdminPanel = ({
  titleId,
  title,
  count,
  add,
  intro,
  saved,
  actionError,
  loading,
  loadError,
  empty,
  children,
}: AdminPanelProps) => (
  <section className="admin-panel" aria-labelledby={titleId}>
    <div className="admin-panel__header">
      <h2 id={titleId}>{title}</h2>
      {count !== null ? <span className="admin-panel__count">{count}</span> : null}
      {add ? (
        <button
          type="button"
          className="button button--primary admin-panel__action"
          data-testid={add.testId}
          onClick={add.onClick}
        >
          {add.label}
        </button>
      ) : null}
    </div>
    <p className="admin-panel__intro">{intro}</p>
    {saved ? (
      <p className="form-notice" role="status" data-testid={saved.testId}>
        {saved.text}
      </p>
    ) : null}
    {actionError ? (
      <p className="form-alert" role="alert">
        {actionError}
      </p>
    ) : null}
    {loading !== null ? <p className="admin-panel__note">{loading}</p> : null}
    {loadError !== null ? (
      <p className="admin-panel__note" role="alert">
        {loadError}
      </p>
    ) : null}
    {empty !== null ? <p className="admin-panel__note">{empty}</p> : null}
    {children}
  </section>
);
