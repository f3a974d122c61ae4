#!/usr/bin/env bash
# Rebuilds the committed front-end assets in ../static from GOV.UK Frontend.
# Needs Node and npm only here; the running portal serves the output as is.
set -euo pipefail

frontend="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
static="$frontend/../static"
govuk="$frontend/node_modules/govuk-frontend/dist/govuk"
cd "$frontend"

# --ignore-scripts: sass is plain JavaScript; only its optional file watcher
# wants an install script, and the build does not watch.
if [[ -f package-lock.json ]]; then
  npm ci --ignore-scripts --no-audit --no-fund
else
  npm install --ignore-scripts --no-audit --no-fund
fi

mkdir -p "$static/css" "$static/js" "$static/images"

node_modules/.bin/sass --pkg-importer=node --style=compressed --no-source-map \
  --quiet-deps src/portal.scss "$static/css/portal.css"

# Drop the sourceMappingURL comment: the .map file is not shipped.
sed 's|//# sourceMappingURL=[^ ]*$||' "$govuk/govuk-frontend.min.js" \
  > "$static/js/govuk-frontend.min.js"

# Images only; the fonts are GDS Transport, which we do not use.
cp -R "$govuk/assets/images/." "$static/images/"

echo "Built $(wc -c < "$static/css/portal.css") bytes of CSS into static/css/portal.css"
