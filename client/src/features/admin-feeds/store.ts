import { create } from 'zustand';

/** What the editor panel shows: a new feed, an existing one, or nothing. */
export type FeedEditor = { kind: 'create' } | { kind: 'edit'; feedId: string } | null;

interface AdminFeedsViewState {
  editor: FeedEditor;
  /** Grows each time an editor opens, so reopening the same feed starts from a fresh form. */
  editorCount: number;
  /** The name of the feed saved last, for the confirmation line; null once another action starts. */
  savedFeedName: string | null;
  createStarted: () => void;
  editStarted: (feedId: string) => void;
  editorClosed: () => void;
  feedSaved: (name: string) => void;
}

/** View state of the feed administration screen. Feeds themselves live in the query cache. */
export const useAdminFeedsViewStore = create<AdminFeedsViewState>()((set) => ({
  editor: null,
  editorCount: 0,
  savedFeedName: null,
  createStarted: () =>
    set((state) => ({
      editor: { kind: 'create' },
      editorCount: state.editorCount + 1,
      savedFeedName: null,
    })),
  editStarted: (feedId) =>
    set((state) => ({
      editor: { kind: 'edit', feedId },
      editorCount: state.editorCount + 1,
      savedFeedName: null,
    })),
  editorClosed: () => set({ editor: null }),
  feedSaved: (name) => set({ editor: null, savedFeedName: name }),
}));
