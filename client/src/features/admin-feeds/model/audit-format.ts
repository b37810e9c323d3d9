import { DICTIONARY, type Language, type MessageKey, translate } from '../../../lib/i18n';

/** An audit action in words ("feed.created" → "Tạo nguồn"); an action we have no words for is shown as is. */
export const auditActionLabel = (action: string, language: Language): string => {
  const key = `auditAction.${action}`;
  return Object.hasOwn(DICTIONARY.vi, key) ? translate(language, key as MessageKey) : action;
};
