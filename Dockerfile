# syntax=docker/dockerfile:1
# CivGraph API server image (docker-compose.yml service "civgraph").
# Build: docker build -t civgraph .   Run: see docker-compose.yml (needs a Neo4j at bolt://neo4j:7687).

FROM node:22-slim AS build
WORKDIR /app
# better-sqlite3 compiles from source when no prebuilt binary matches the platform.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build \
 && npm prune --omit=dev --no-audit --no-fund

FROM node:22-slim
ENV NODE_ENV=production
WORKDIR /app
# dist/ (compiled), bin/, production node_modules and the data files read at run time (ontology/).
COPY --from=build --chown=node:node /app /app
USER node
EXPOSE 4000
CMD ["node", "bin/civgraph.js", "serve", "--store", "neo4j", "--neo4j-uri", "bolt://neo4j:7687", "--port", "4000"]
