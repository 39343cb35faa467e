#!/usr/bin/env bash
# Rebuilds web/dist from the pinned npm packages (make web). The result is committed and
# embedded in the binary; `make check-web` fails when it differs from what this writes.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/graphiql"
npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
out="$here/dist/graphiql"
rm -rf "$out"
mkdir -p "$out"
cp node_modules/graphiql/graphiql.min.js node_modules/graphiql/graphiql.min.css \
   node_modules/react/umd/react.production.min.js node_modules/react-dom/umd/react-dom.production.min.js \
   index.html init.js "$out/"
