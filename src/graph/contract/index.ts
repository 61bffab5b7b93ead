/** The GraphStore contract suite: the only public entry of src/graph/contract. */
export { describeGraphStoreContract } from './graph-store-contract.js';
export { contractLabelsOf, CONTRACT_LABELS, type GraphStoreFactory } from './contract-context.js';
