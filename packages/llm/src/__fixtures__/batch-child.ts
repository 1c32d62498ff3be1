// Runs one batch against the fake server whose URL is argv[2], keeping state in argv[3];
// the batch test kills this process mid-run and resumes the batch from the state file.
import { LlmClient } from '../client'
import { runBatch } from '../batch'
import { batchRequests } from './batch-requests'

const [url, stateFile] = process.argv.slice(2)
const client = new LlmClient({ baseURL: url!, model: 'fake-model', env: {} })
await runBatch(client, batchRequests(), { stateFile: stateFile!, pollMs: 20 })
