import type { ValidationRule } from 'graphql';
import { graphqlRuntime } from '../graphql-runtime.js';

const { GraphQLError } = graphqlRuntime;

/**
 * Refuses `subscription` operations sent over plain HTTP, before execution, with
 * CG_API_BAD_REQUEST: subscriptions are served over graphql-ws on the same path (a WebSocket
 * upgrade of /graphql). Added to Apollo's validation rules only, never to the WebSocket server's.
 */
export const httpOperationsRule: ValidationRule = (context) => ({
  OperationDefinition(operation) {
    if (operation.operation !== 'subscription') return;
    context.reportError(
      new GraphQLError('Subscriptions are served over graphql-ws: open a WebSocket to /graphql (protocol graphql-transport-ws).', {
        nodes: [operation],
        extensions: { code: 'CG_API_BAD_REQUEST', details: { field: 'operation' } },
      }),
    );
  },
});
