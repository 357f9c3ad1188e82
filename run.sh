#!/usr/bin/env bash
# Set up, index the bundled corpus and run a sample search.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh
.venv/bin/vankien index corpus/sites --index index
.venv/bin/vankien search "nghi quyet 29" --index index --limit 5
