import { type Rule, RuleBacktestResultSchema } from '@city-ioc/shared';
import { useMutation } from '@tanstack/react-query';
import { apiRequest } from '../../../lib/api-client';
import { adminRuleKeys } from './admin-rule-queries';

/** Replays the last 24 hours through the form's rule on the server; saves nothing. */
export const backtestRule = (rule: Rule) =>
  apiRequest('/api/admin/rules/backtest', RuleBacktestResultSchema, {
    method: 'POST',
    body: rule,
  });

/** A back-test of the form's rule. Nothing changes on the server, so nothing is invalidated. */
export const useBacktestRule = () =>
  useMutation({ mutationKey: [...adminRuleKeys.all, 'backtest'], mutationFn: backtestRule });
