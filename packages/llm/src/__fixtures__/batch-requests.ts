import type { BatchRequest } from '../batch'

export function batchRequests(count = 6): BatchRequest[] {
  return Array.from({ length: count }, (_, i) => ({
    customId: `req-${i}`,
    params: { messages: [{ role: 'user' as const, content: `question ${i}` }] },
  }))
}
