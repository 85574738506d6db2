#!/usr/bin/env bash
# Mote's main job: build, install the kernelspec, execute the course notebooks headless, summarise.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
ensure_system_packages
MOTE="$(build_mote release)"
"$MOTE" install --user
OUT="$ROOT/out/notebooks"
mkdir -p "$OUT"
echo "==> executing Notebooks/*.ipynb with mote execute (outputs in out/notebooks)"
status=0
printf '\n%-32s %6s %8s %8s %9s  %s\n' notebook cells outputs charts seconds result
for notebook in "$ROOT"/Notebooks/*.ipynb; do
    name="$(basename "$notebook")"
    start=$(date +%s.%N)
    if "$MOTE" execute "$notebook" --output "$OUT/$name" --timeout 600 2>"$OUT/$name.log"; then result=ok; else result="FAILED (see out/notebooks/$name.log)"; status=1; fi
    python3 - "$OUT/$name" "$name" "$start" "$result" <<'PY'
import json, sys, time
path, name, start, result = sys.argv[1:]
seconds = time.time() - float(start)
try:
    cells = json.load(open(path))["cells"]
except Exception:
    cells = []
code = [c for c in cells if c.get("cell_type") == "code"]
outputs = [o for c in code for o in c.get("outputs", [])]
charts = [o for o in outputs if "image/png" in o.get("data", {})]
print(f"{name:32} {len(code):6} {len(outputs):8} {len(charts):8} {seconds:9.2f}  {result}")
PY
done
exit $status
