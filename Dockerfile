# syntax=docker/dockerfile:1
# Parley node image: `docker build -t parley .`, then see README "Docker, compose and systemd".
# Two stages: the build stage installs every dev dependency and builds the bundle, then packs
# it with `npm pack`; the runtime stage installs only that tarball (no dependencies, no
# install scripts: `files` in package.json), so it holds no compiler, sources or tests.

ARG NODE_IMAGE=node:24-bookworm-slim

FROM ${NODE_IMAGE} AS build
WORKDIR /src
COPY . .
# npm ci runs prepare: patch-package on three libp2p modules, then tsc and the bundles
RUN npm ci --no-audit --no-fund \
 && npm pack --ignore-scripts --pack-destination /tmp \
 && mv /tmp/parley-*.tgz /tmp/parley.tgz

FROM ${NODE_IMAGE}
COPY --from=build /tmp/parley.tgz /tmp/parley.tgz
RUN npm install --global --no-audit --no-fund /tmp/parley.tgz \
 && rm /tmp/parley.tgz \
 && npm cache clean --force \
 && groupadd --system --gid 10001 parley \
 && useradd --system --uid 10001 --gid parley --home-dir /data --no-create-home --shell /usr/sbin/nologin parley \
 && mkdir /data \
 && chown parley:parley /data \
 && chmod 0700 /data

# the device key and the database; keep it on a volume, one per node
VOLUME ["/data"]
ENV PARLEY_DATA=/data \
    PARLEY_LISTEN=/ip4/0.0.0.0/tcp/4001 \
    NODE_ENV=production
# 4001: peers (TCP); 7777: HTTP API and web UI, which acts for the logged-in user: publish
# it on the host's loopback only (-p 127.0.0.1:7777:7777)
EXPOSE 4001/tcp 7777/tcp
USER parley:parley
# up = the API answers (`parley health` exits 0 whether or not the node is ready yet, so a
# lone bootstrap node with no peers is still healthy; GET /api/health?ready tells readiness)
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["parley", "health", "--api", "127.0.0.1:7777"]
ENTRYPOINT ["parley"]
# the API binds every interface of the container, so that a published port reaches it
CMD ["node", "--api", "0.0.0.0:7777"]
