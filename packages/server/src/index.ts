export { createEnvServer, type EnvServer, type EnvServerOptions } from './server'
