#!/usr/bin/env bash
# Install everything the test suite needs, then run it: the README's test command.
#   bash tests/run.sh [pytest arguments]
# - Debian packages: raptor2-utils (rapper, an independent RDF parser) and chromium +
#   chromium-driver (headless browser tests), installed with apt-get when missing and
#   when this shell may install (root, or passwordless sudo); under CI (CI set) a tool
#   still missing afterwards fails the run instead of skipping its tests;
# - a virtual environment in .venv with graphkit and its test extras;
# then ruff, the import contracts, pytest, and a smoke test of the built wheel installed in a
# fresh virtual environment (.wheel-venv).
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v rapper >/dev/null 2>&1 || need+=(raptor2-utils)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
if [ ${#need[@]} -gt 0 ] && command -v apt-get >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then sudo=""; elif sudo -n true 2>/dev/null; then sudo="sudo -n"; else sudo=none; fi
  if [ "$sudo" != none ]; then
    echo "Installing Debian packages: ${need[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  else
    echo "Cannot install ${need[*]} (not root): the tests that need them will be skipped."
  fi
fi

missing=()
for tool in rapper chromium chromedriver; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ -n "${CI:-}" ]; then
    echo "CI: ${missing[*]} still missing after the install step; refusing to skip their tests." >&2
    exit 1
  fi
  echo "Missing ${missing[*]}: the tests that need them will be skipped."
fi

python3 -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip
.venv/bin/python -m pip install -q -e '.[test]'
.venv/bin/ruff check
.venv/bin/lint-imports --no-cache
.venv/bin/python -m pytest "$@"

# graphkit as users install it: a wheel in a fresh virtual environment, run from elsewhere.
rm -rf build dist .wheel-venv
.venv/bin/python -m pip wheel -q --no-deps -w dist .
python3 -m venv .wheel-venv
.wheel-venv/bin/python -m pip install -q dist/graphkit-*.whl
installed="$PWD/.wheel-venv/bin/graphkit"
smoke=$(mktemp -d)
trap 'rm -rf "$smoke"' EXIT
(
  cd "$smoke"
  "$installed" build --out "$smoke/exports" >/dev/null
  test -s "$smoke/exports/graph.trig" && test -s "$smoke/exports/graph.html"
  "$installed" query --name partners --param project=vita-lavoro-toscana --format csv | grep -q capofila
  "$installed" metrics --top 5 >/dev/null
)
echo "wheel: build, query and metrics work from an installed graphkit"
