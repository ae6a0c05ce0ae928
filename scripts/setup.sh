#!/usr/bin/env bash
# Set up a fresh machine for dtkg, idempotently: .venv with the package (and, with --test, the test
# extras and the system packages the tests drive: Debian's chromium and chromium-driver for the
# browser tests, and Debian's virtuoso-opensource-7-bin for tests/test_virtuoso.py).
set -euo pipefail
cd "$(dirname "$0")/.."

python=${PYTHON:-python3}
"$python" - <<'PY' || { echo "dtkg needs Python >= 3.11 (set PYTHON=...)" >&2; exit 1; }
import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)
PY

extras=""
[ "${1:-}" = "--test" ] && extras="[test]"

[ -x .venv/bin/python ] || "$python" -m venv .venv
# Reinstall only when pyproject.toml or the extras change (a stamp records what was installed).
stamp=".venv/.dtkg-installed"
want="$(sha256sum pyproject.toml | cut -c1-16)$extras"
if [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  .venv/bin/python -m pip install --quiet --upgrade pip
  .venv/bin/python -m pip install --quiet -e ".$extras"
  echo "$want" > "$stamp"
fi

# Debian packages the tests need and that are missing (each checked by the command it provides).
missing=""
if [ -n "$extras" ]; then
  { command -v chromium >/dev/null && command -v chromedriver >/dev/null; } || missing=" chromium chromium-driver"
  command -v virtuoso-t >/dev/null || missing="$missing virtuoso-opensource-7-bin"
fi
if [ -n "$missing" ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "installing Debian's$missing for the tests" >&2
  $sudo apt-get update -qq
  # shellcheck disable=SC2086 # one word per package
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
