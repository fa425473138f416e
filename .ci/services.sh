#!/usr/bin/env bash
# Installs the SPARQL servers that the service-backed tests start (tests/services/servers.py):
# the Oxigraph server (PyPI package "oxigraph", into the active virtualenv) and Virtuoso Open-Source 7
# (Debian package "virtuoso-opensource"). Starts nothing: each test module starts its own servers on
# free loopback ports. Idempotent; run it with the CI virtualenv active, as root (CI runs as root).
set -euo pipefail

if ! python -c 'import shutil, sys, pathlib; b = pathlib.Path(sys.executable).parent / "oxigraph"; sys.exit(0 if b.is_file() or shutil.which("oxigraph") else 1)'; then
    python -m pip install -q 'oxigraph>=0.5,<0.6'
fi

if ! command -v virtuoso-t >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO="sudo"
    $SUDO apt-get update -qq
    $SUDO apt-get install -y -qq --no-install-recommends virtuoso-opensource >/dev/null
    # The package may start its own server on ports 1111/8890; the tests do not use it.
    if command -v service >/dev/null 2>&1; then
        $SUDO service virtuoso-opensource-7 stop >/dev/null 2>&1 || true
    fi
fi

oxigraph_bin=$(python -c 'import shutil, sys, pathlib; b = pathlib.Path(sys.executable).parent / "oxigraph"; print(b if b.is_file() else shutil.which("oxigraph"))')
echo "services: $("$oxigraph_bin" --version), $(virtuoso-t -? 2>&1 | head -n 2 | tail -n 1 | tr -s ' ')"
