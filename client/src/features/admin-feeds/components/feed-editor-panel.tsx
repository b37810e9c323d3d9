import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { adminFeedsQueryOptions } from '../api/admin-feed-queries';
import { emptyFeedForm, feedFormFromView } from '../model/feed-form';
import { useAdminFeedsViewStore } from '../store';
import { FeedForm } from './feed-form';
import type { SelectOption } from './fields';

interface FeedEditorPanelProps {
  departments: readonly SelectOption[];
  indicators: readonly SelectOption[];
  timeZone: string;
  onFeedsChanged?: () => void;
}

/** The create/edit form of the feed chosen in the table; nothing when none is. */
export const FeedEditorPanel = ({
  departments,
  indicators,
  timeZone,
  onFeedsChanged,
}: FeedEditorPanelProps) => {
  const editor = useAdminFeedsViewStore((state) => state.editor);
  const editorCount = useAdminFeedsViewStore((state) => state.editorCount);
  const editorClosed = useAdminFeedsViewStore((state) => state.editorClosed);
  const feedSaved = useAdminFeedsViewStore((state) => state.feedSaved);
  const { data: feeds } = useQuery(adminFeedsQueryOptions());

  const editedView =
    editor?.kind === 'edit' ? feeds?.find((row) => row.feed.id === editor.feedId)?.feed : undefined;
  const isMissing = editor?.kind === 'edit' && feeds !== undefined && editedView === undefined;
  // The form reads `initial` only when it mounts (it is keyed by the editor), so later
  // refetches of the list (live health, another save) never overwrite what is being typed.
  const initial =
    editor?.kind === 'create' ? emptyFeedForm() : editedView ? feedFormFromView(editedView) : null;

  // The feed was deleted (here or elsewhere) while its form was open.
  useEffect(() => {
    if (isMissing) editorClosed();
  }, [isMissing, editorClosed]);

  // Nothing to edit: the panel takes no room, so the table gets the whole width.
  if (!editor || !initial) return null;

  return (
    <FeedForm
      key={editorCount}
      initial={initial}
      departments={departments}
      indicators={indicators}
      timeZone={timeZone}
      onSaved={feedSaved}
      onClose={editorClosed}
      onFeedsChanged={onFeedsChanged}
    />
  );
};
