# The sync service as a container (Azure Container Apps or App Service for Containers), production
# dependencies only. Build: docker build -t w365-provider-sync . ; run: see docs/deployment.md.
#
# Two stages: the first compiles better-sqlite3 (a production dependency, built from source by its
# install script, which package.json's allowScripts lets npm 11 run) with the toolchain it needs; the
# second has no compiler, no npm cache and no dev dependencies, and runs as the unprivileged `node`
# user that the official image provides.

FROM node:20-bookworm-slim AS deps
WORKDIR /app
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force

FROM node:20-bookworm-slim
ENV NODE_ENV=production \
    # The sync streams: a 50,000-subscription provider needs well under 128 MB of live heap (README).
    NODE_OPTIONS=--max-old-space-size=192 \
    W365_HOST=0.0.0.0 \
    W365_PORT=3365
WORKDIR /app
COPY --from=deps --chown=node:node /app/node_modules ./node_modules
# Sources (TypeScript, run through tsx as bin/w365.js does); .dockerignore leaves out tests, docs,
# build outputs and local data.
COPY --chown=node:node . .
USER node
EXPOSE 3365
# /healthz answers while the process is alive; the platform's own probes should use it too.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.W365_PORT||3365)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"
# node is PID 1 and handles SIGTERM itself (w365 serve stops taking work, finishes or hands back what
# it holds, and exits), so no init shim is needed.
ENTRYPOINT ["node", "bin/w365.js"]
CMD ["serve"]
