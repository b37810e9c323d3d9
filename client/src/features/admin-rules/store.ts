import { create } from 'zustand';

/** What the editor panel shows: a new rule, an existing one, or nothing. */
export type RuleEditor = { kind: 'create' } | { kind: 'edit'; ruleId: string } | null;

interface AdminRulesViewState {
  editor: RuleEditor;
  /** Grows each time an editor opens, so reopening the same rule starts from a fresh form. */
  editorCount: number;
  /** The name of the rule saved last, for the confirmation line. */
  savedRuleName: string | null;
  createStarted: () => void;
  editStarted: (ruleId: string) => void;
  editorClosed: () => void;
  ruleSaved: (name: string) => void;
}

/** View state of the rule administration screen. Rules themselves live in the query cache. */
export const useAdminRulesViewStore = create<AdminRulesViewState>()((set) => ({
  editor: null,
  editorCount: 0,
  savedRuleName: null,
  createStarted: () =>
    set((state) => ({
      editor: { kind: 'create' },
      editorCount: state.editorCount + 1,
      savedRuleName: null,
    })),
  editStarted: (ruleId) =>
    set((state) => ({
      editor: { kind: 'edit', ruleId },
      editorCount: state.editorCount + 1,
      savedRuleName: null,
    })),
  editorClosed: () => set({ editor: null }),
  ruleSaved: (name) => set({ editor: null, savedRuleName: name }),
}));
