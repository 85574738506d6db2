# Shared by the scripts: system packages, the Python environment, the build.
# Sourced, not run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
SYSTEM_PACKAGES=(libzmq3-dev libcairo2-dev fonts-dejavu-core pkg-config)

# Installs the Debian packages Mote needs that are missing.
ensure_system_packages() {
    local missing=()
    for package in "${SYSTEM_PACKAGES[@]}"; do
        dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
    done
    python3 -c 'import venv, ensurepip' >/dev/null 2>&1 || missing+=(python3-venv)
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "==> installing system packages: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

# Creates .venv with the Python tools of requirements FILE (once per change of that file).
ensure_venv() {
    local requirements="$1"
    local stamp="$VENV/.installed-$(printf %s "${requirements#"$ROOT"/}" | tr / -)"
    [ -x "$VENV/bin/python" ] || python3 -m venv "$VENV"
    if [ ! -f "$stamp" ] || [ "$requirements" -nt "$stamp" ]; then
        echo "==> installing Python tools from $(basename "$requirements")"
        "$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null
        "$VENV/bin/python" -m pip install -q -r "$requirements"
        touch "$stamp"
    fi
}

# Builds mote and prints the binary's path. `release` links the Swift runtime statically
# (a kernel that starts in a few milliseconds); `debug` is the quick build the tests use.
build_mote() {
    local config="$1"
    local flags=(-c "$config" --product mote)
    [ "$config" = release ] && flags+=(--static-swift-stdlib --scratch-path "$ROOT/.build-release")
    echo "==> swift build ${flags[*]}" >&2
    (cd "$ROOT" && swift build "${flags[@]}" >&2)
    echo "$(cd "$ROOT" && swift build "${flags[@]}" --show-bin-path)/mote"
}
