/** The embedded (SQLite) GraphStore: the only public entry of src/graph/embedded. */
export { openEmbeddedStore, type EmbeddedStoreOptions } from './open-embedded-store.js';
export { EmbeddedStore } from './embedded-store.js';
