export { configSchema, type Config, type StoreConfig } from './schema.js';
export { loadConfig, readConfigFile, ENV_KEYS, type ConfigSources } from './load-config.js';
