#!/usr/bin/env bash
# Set up, index the bundled corpus (unchanged articles are skipped) and serve the web UI
# on http://127.0.0.1:8080/ (VANKIEN_PORT and VANKIEN_HOST change that).
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh
.venv/bin/vankien index corpus/sites --index index
exec .venv/bin/vankien serve --index index
