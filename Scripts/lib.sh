# Shared helpers for Expunge's scripts. Sourced, not run.

# Re-runs the calling script as root (through sudo when available), or explains what is needed.
require_root() {
    if [ "$(id -u)" -ne 0 ]; then
        if command -v sudo >/dev/null 2>&1; then exec sudo -E "$0" "$@"; fi
        echo "$(basename "$0"): needs root (it creates loop devices and installs packages); run it as root" >&2
        exit 77
    fi
}

# Detaches loop devices left behind by tests or the demo: only those whose backing file is one of
# ours (a path containing expunge-test- or expunge-demo-). Never touches any other device.
detach_scratch_loops() {
    command -v losetup >/dev/null 2>&1 || return 0
    losetup --list --noheadings --output NAME,BACK-FILE 2>/dev/null |
        awk '$2 ~ /expunge-(test|demo|bench)-/ {print $1}' |
        while read -r dev; do losetup -d "$dev" 2>/dev/null || true; done
}

# A Python interpreter that can import jsonschema, or nothing.
python_with_jsonschema() {
    for py in python3 /usr/bin/python3; do
        if command -v "$py" >/dev/null 2>&1 && "$py" -c 'import jsonschema' 2>/dev/null; then
            command -v "$py"; return 0
        fi
    done
    return 1
}

# The one release build every script shares (.build/release): the Swift runtime linked
# statically, so the same `expunge` runs on the host, in the demo and inside the emulation guests
# (which have no Swift runtime). Use as: swift build "${release[@]}" --product expunge
# shellcheck disable=SC2034
release=(-c release --static-swift-stdlib)
