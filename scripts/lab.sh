#!/usr/bin/env bash
# JupyterLab on Notebooks/ with the Mote kernel.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ensure_system_packages
ensure_venv "$ROOT/Tests/python/requirements.txt"
ensure_venv "$ROOT/scripts/lab-requirements.txt"
ensure_mote_jupyter
MOTE="$(build_mote release)"
"$MOTE" install --prefix "$VENV"
cd "$ROOT/Notebooks"
exec "$VENV/bin/jupyter" lab "$@"
