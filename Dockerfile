# One image for every role: `gopy bot` (the default), `gopy worker`, `gopy start`, `gopy migrate`.
FROM node:20-bookworm-slim
WORKDIR /app
ENV NODE_ENV=production
# npm ci runs `prisma generate` (postinstall), which needs the schema and the engine stand-in.
COPY . .
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force \
    && mkdir -p /app/data && chown node:node /app/data
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
ENTRYPOINT ["node", "bin/gopy.js"]
CMD ["bot"]
