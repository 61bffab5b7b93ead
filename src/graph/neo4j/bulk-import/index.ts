/** Offline bulk import into Neo4j (issue 3): the public entry of src/graph/neo4j/bulk-import. */
export { bulkImport, type BulkImportOptions, type BulkImportReport } from './bulk-import.js';
export { finishImport, type FinishImportOptions, type FinishImportResult } from './finish-import.js';
export { writeImportFiles, type EdgeFileGroup, type ImportFiles, type NodeFileGroup, type WriteImportFilesOptions } from './import-files.js';
export { importArguments, runImport, type ImportResult, type ImporterCommand, type RunImportOptions } from './run-import.js';
export { LARGE_IMPORT_ENTITIES, importerProfile, isMemorySize, runImportAndServe, startImporter, type ImporterProcess, type ServeImportOptions, type ServeOptions, type ServedImport, type StartImporterOptions } from './serve-import.js';
export { storeBatches } from './store-batches.js';
