#!/usr/bin/env bash
# Create .venv (if needed) and install vankien with its pinned dependencies.
# Usage: source scripts/setup.sh [extras]   e.g. "test"
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Debian packages: Tesseract with its Vietnamese model reads scanned attachments, antiword
# and catdoc read Word 97-2003 and Excel 97-2003 files; the tests draw their own documents
# with the DejaVu fonts. PostgreSQL 15 (with its contrib modules: fuzzystrmatch) runs
# the tests' throwaway clusters, and a database index on this machine. Installed when
# missing and we are root (CI, a fresh machine); otherwise named, and the work that needs
# them is skipped with a reason.
packages=(tesseract-ocr tesseract-ocr-vie antiword catdoc)
if [ "${1:-}" = "test" ]; then packages+=(fonts-dejavu-core postgresql-15); fi
if [ "${1:-}" = "postgresql" ]; then packages+=(postgresql-15); fi
missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed" || missing+=("$package")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "missing Debian packages (install them as root): ${missing[*]}" >&2
  fi
fi
python="${PYTHON:-python3}"
if [ ! -x "$root/.venv/bin/python" ]; then
  "$python" -m venv "$root/.venv"
fi
spec="$root"
if [ -n "${1:-}" ]; then spec="$root[$1]"; fi
stamp="$root/.venv/.installed-${1:-main}"
if [ ! -f "$stamp" ] || [ "$root/pyproject.toml" -nt "$stamp" ]; then
  "$root/.venv/bin/python" -m pip install --quiet --disable-pip-version-check -e "$spec"
  touch "$stamp"
fi
# The browser tests' accessibility check runs axe-core, from npm, pinned (never a CDN).
if [ "${1:-}" = "test" ] && command -v npm >/dev/null 2>&1 \
  && [ ! -f "$root/.npm-tools/node_modules/axe-core/axe.min.js" ]; then
  npm install --silent --no-save --no-audit --no-fund --prefix "$root/.npm-tools" axe-core@4.14.1 \
    || echo "axe-core could not be installed: the accessibility check will be skipped" >&2
fi
