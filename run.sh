#!/usr/bin/env bash
# Set up, index the bundled corpus and run a sample search.
set -euo pipefail
cd "$(dirname "$0")"
bash scripts/setup.sh
.venv/bin/vankien parse corpus/ --json > /dev/null
.venv/bin/vankien parse corpus/ | head -n 20
