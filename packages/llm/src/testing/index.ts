export type { BatchStore } from './fake-batches'
export {
  type ChatBody,
  type FakeFault,
  type FakeReply,
  type FakeReplySource,
  type FakeRequest,
  type FakeServer,
  type FakeServerOptions,
  type FakeSupports,
  startFakeServer,
} from './fake-server'
