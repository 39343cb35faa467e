#!/usr/bin/env bash
# Rebuilds web/dist from the pinned npm packages and the explorer's sources (make web). The
# result is committed and embedded in the binary; `make check-web` fails when it differs from
# what this writes.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)

# GraphiQL: the packages' own UMD builds, copied.
cd "$here/graphiql"
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
out="$here/dist/graphiql"
rm -rf "$out"
mkdir -p "$out"
cp node_modules/graphiql/graphiql.min.js node_modules/graphiql/graphiql.min.css \
   node_modules/react/umd/react.production.min.js node_modules/react-dom/umd/react-dom.production.min.js \
   index.html init.js "$out/"

# The explorer: TypeScript type-checked, then bundled with sigma.js and graphology by esbuild.
cd "$here/explorer"
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
node_modules/.bin/tsc --noEmit -p .
out="$here/dist/explore"
rm -rf "$out"
mkdir -p "$out"
node_modules/.bin/esbuild src/main.ts --bundle --minify --format=iife --target=es2020 \
  --legal-comments=eof --log-level=warning --outfile="$out/explorer.js"
cp index.html explorer.css "$out/"
