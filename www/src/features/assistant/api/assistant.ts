import { authApi } from '@/shared/api/client';
import type { AssistantReply } from '@/shared/api/types';

/** The longest question the API takes (characters). */
export const MAX_QUESTION_LENGTH = 2000;

/**
 * `POST /assistant/ask` (API.md, "Assistant"). Managers and staff send no
 * department: the API answers about their own. Admins have none, so they send
 * the one chosen in the panel, when they chose one.
 */
export function askAssistant(question: string, departmentId: number | null): Promise<AssistantReply> {
  return authApi.post<AssistantReply>(
    '/assistant/ask',
    departmentId === null ? { question } : { question, department_id: departmentId },
  );
}
