# Shared by the scripts: system packages, the Python environment, the build.
# Sourced, not run.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
# The reference .tflite models (MLPerf Tiny, TFLite Micro examples) that notebook 06, the interop
# tests and the int8 benchmark read; they live beside the project, never in it.
if [ -z "${MOTE_MODELS_DIR:-}" ] && [ -d "$ROOT/../shared/models" ]; then
    MOTE_MODELS_DIR="$(cd "$ROOT/../shared/models" && pwd)"
    export MOTE_MODELS_DIR
fi
# gcc-arm-none-eabi builds the Cortex-M firmware of emulate(..., mode: "instructions").
SYSTEM_PACKAGES=(libzmq3-dev libcairo2-dev fonts-dejavu-core pkg-config gcc-arm-none-eabi)

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

# Installs Debian's Chromium and its WebDriver for the JupyterLab browser test. Without them (no
# network, no apt) it warns, and the test skips saying why, rather than failing the suite.
ensure_browser() {
    local missing=()
    for package in chromium chromium-driver; do
        dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "==> installing the browser for the JupyterLab test: ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    if ! { $sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null; }; then
        echo "!!! could not install ${missing[*]}: the JupyterLab browser test will be SKIPPED" >&2
    fi
}

# Installs Kernelspec/mote_jupyter into .venv (editable, so its lexer and translator are always the
# checkout's): the Pygments lexer `mote` and the papermill translator for Mote.
ensure_mote_jupyter() {
    local package="$ROOT/Kernelspec/mote_jupyter"
    local stamp="$VENV/.installed-mote-jupyter"
    if [ ! -f "$stamp" ] || [ "$package/pyproject.toml" -nt "$stamp" ]; then
        echo "==> installing Kernelspec/mote_jupyter (Pygments lexer, papermill translator)"
        "$VENV/bin/python" -m pip install -q -e "$package"
        touch "$stamp"
    fi
}

# Builds mote and prints the binary's path. `release` links the Swift runtime statically
# (a kernel that starts in a few milliseconds) with the memory-saving link of release_link_flags;
# `debug` is the quick build the unit tests use.
build_mote() {
    local config="$1"
    local flags=(-c "$config" --product mote)
    if [ "$config" = release ]; then
        flags+=(--static-swift-stdlib --scratch-path "$ROOT/.build-release")
        local link
        mapfile -t link < <(release_link_flags)
        flags+=("${link[@]}")
        # Vector loops twice as wide where the CPU has AVX2 (Haswell, 2013, and later). The kernels
        # never fuse multiply and add, so results are the same bits with or without it.
        if [ "$(uname -m)" = x86_64 ] && grep -qw avx2 /proc/cpuinfo; then
            flags+=(-Xswiftc -target-cpu -Xswiftc haswell)
        fi
        # SwiftPM does not see the ordering file as an input: relink when it is newer.
        local binary="$ROOT/.build-release/release/mote"
        if [ -f "$binary" ] && [ "$ROOT/scripts/startup.order" -nt "$binary" ]; then rm -f "$binary"; fi
    fi
    echo "==> swift build ${flags[*]}" >&2
    (cd "$ROOT" && swift build "${flags[@]}" >&2)
    echo "$(cd "$ROOT" && swift build "${flags[@]}" --show-bin-path)/mote"
}

# Linker flags that keep the kernel's resident memory small (see BENCHMARKS.md), when the
# toolchain has lld: functions run at start-up laid out together (scripts/startup.order, made by
# scripts/startup-order.sh), so the pages touched at start-up are few; relative relocations packed
# (glibc 2.36 or later reads them), so start-up does not read 2 MB of them; and no symbol table
# exported for dynamic linking, which nothing loads against.
release_link_flags() {
    local swift_bin
    swift_bin="$(dirname "$(readlink -f "$(command -v swift)")")"
    [ -x "$swift_bin/ld.lld" ] || return 0
    local flags=(-Xswiftc -use-ld=lld -Xlinker --no-export-dynamic
                 -Xlinker "--symbol-ordering-file=$ROOT/scripts/startup.order" -Xlinker --no-warn-symbol-ordering)
    local glibc
    glibc="$(getconf GNU_LIBC_VERSION | awk '{print $2}')"
    printf '%s\n%s\n' 2.36 "$glibc" | sort -V -C && flags+=(-Xlinker -z -Xlinker pack-relative-relocs)
    printf '%s\n' "${flags[@]}"
}
