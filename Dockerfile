# One image for every role: `gopy bot` (the default), `gopy worker`, `gopy start`, `gopy migrate`,
# and the admin commands. It runs the compiled JavaScript (dist/) on Node 24 LTS.

# ---- build: every dependency, the generated Prisma client, the TypeScript compiler -> dist/
FROM node:24-bookworm-slim AS build
WORKDIR /app
# Dependencies first, from the lock file only, so a change to the sources reuses this layer.
# Scripts are skipped here: `prisma generate` (postinstall) needs the schema, copied below.
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json prisma.config.ts ./
COPY bin ./bin
COPY prisma ./prisma
COPY scripts ./scripts
COPY src ./src
# The flows too: the build parses their YAML once (dist/flow/parsed-flows.json).
COPY flows ./flows
RUN npx prisma generate && npm run build

# ---- runtime dependencies: production only (no TypeScript, tsx, Prisma CLI, test tools)
FROM node:24-bookworm-slim AS runtime-deps
WORKDIR /app
COPY package.json package-lock.json ./
COPY scripts/prune-runtime.js ./scripts/prune-runtime.js
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
    && node scripts/prune-runtime.js && npm cache clean --force

# ---- runtime
FROM node:24-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
COPY --from=runtime-deps /app/node_modules ./node_modules
COPY package.json ./
COPY bin/gopy.js ./bin/gopy.js
COPY flows ./flows
COPY prisma/migrations ./prisma/migrations
COPY prisma/seed ./prisma/seed
COPY --from=build /app/dist ./dist
RUN mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# --max-semi-space-size=2 (MB): V8's young generation grows to 16 MB per semi-space by default,
# and an idle role keeps those pages: capped, each role idles about 22 MB lower for the same CPU
# (bench:startup, which starts gopy with the node flags of this line).
ENTRYPOINT ["node", "--max-semi-space-size=2", "bin/gopy.js"]
CMD ["bot"]
