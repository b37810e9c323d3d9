import { useQuery } from '@tanstack/react-query';
import { useEffect } from 'react';
import { adminRulesQueryOptions } from '../api/admin-rule-queries';
import { emptyRuleForm, ruleFormFromRule } from '../model/rule-form';
import { useAdminRulesViewStore } from '../store';
import type { Option } from './field';
import { RuleForm } from './rule-form';

interface RuleEditorPanelProps {
  departments: readonly Option[];
  indicators: readonly Option[];
  areas: readonly Option[];
  timeZone: string;
}

/** The create/edit form of the rule chosen in the table; nothing when none is. */
export const RuleEditorPanel = ({
  departments,
  indicators,
  areas,
  timeZone,
}: RuleEditorPanelProps) => {
  const editor = useAdminRulesViewStore((state) => state.editor);
  const editorCount = useAdminRulesViewStore((state) => state.editorCount);
  const editorClosed = useAdminRulesViewStore((state) => state.editorClosed);
  const ruleSaved = useAdminRulesViewStore((state) => state.ruleSaved);
  const { data: rules } = useQuery(adminRulesQueryOptions());

  const stored =
    editor?.kind === 'edit' ? rules?.find((row) => row.rule.id === editor.ruleId)?.rule : undefined;
  const isMissing = editor?.kind === 'edit' && rules !== undefined && stored === undefined;
  // Read only when the form mounts (keyed by the editor): a refetch never overwrites typing.
  const initial =
    editor?.kind === 'create' ? emptyRuleForm() : stored ? ruleFormFromRule(stored) : null;

  useEffect(() => {
    if (isMissing) editorClosed();
  }, [isMissing, editorClosed]);

  if (!editor || !initial) return null;
  return (
    <RuleForm
      key={editorCount}
      initial={initial}
      stored={stored ?? null}
      departments={departments}
      indicators={indicators}
      areas={areas}
      timeZone={timeZone}
      onSaved={ruleSaved}
      onClose={editorClosed}
    />
  );
};
