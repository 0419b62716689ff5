#!/usr/bin/env bash
# Prepares a Debian/Ubuntu machine for Tracebook: installs the missing packages, mounts tracefs,
# and checks that the kernel exposes its BTF. Idempotent, and fast when everything is in place
# (`./tracebook test` runs it every time). The Dockerfile runs it too, with --packages-only.
#
#   setup.sh                  install what is missing, mount tracefs, check BTF
#   setup.sh --check          change nothing; report what is missing; exit 1 if anything is
#   setup.sh --packages-only  only the packages (image builds: no mounts, no kernel there)
#   setup.sh --no-jupyter     leave out the Jupyter packages (jshell-only machines)
set -euo pipefail

readonly TOOLCHAIN_PACKAGES=(
    clang llvm libbpf-dev libbpf1 bpftool gcc make maven
    fontconfig fonts-dejavu-core   # chart rendering in a headless JVM needs a font
    bpftrace libbpf-tools          # reference tools the tests and notebooks compare against
)
readonly JUPYTER_PACKAGES=(
    python3-nbclient python3-jupyter-client jupyter-notebook jupyter-nbconvert
    chromium                       # the headless screenshot of an executed notebook in the tests
    chromium-driver python3-selenium   # the tests that drive Notebook 6's own web UI (test_browser)
    python3-jupyter-kernel-test
    jupyter-client                 # the `jupyter kernelspec` command
)
readonly TRACEFS=/sys/kernel/tracing
readonly DEBUGFS=/sys/kernel/debug
readonly KERNEL_BTF=/sys/kernel/btf/vmlinux

check_only=false
packages_only=false
with_jupyter=true
problems=0

say() { printf 'setup: %s\n' "$*"; }
problem() { printf 'setup: %s\n' "$*" >&2; problems=$((problems + 1)); }
is_root() { [[ $(id -u) -eq 0 ]]; }

parse_args() {
    local arg
    for arg in "$@"; do
        case $arg in
            --check) check_only=true ;;
            --packages-only) packages_only=true ;;
            --no-jupyter) with_jupyter=false ;;
            -h|--help) sed -n '2,10s/^# \{0,1\}//p' "$0"; exit 0 ;;
            *) echo "setup: unknown option '$arg' (see $0 --help)" >&2; exit 2 ;;
        esac
    done
}

# One dpkg-query for the whole list: this is the fast path when everything is installed.
missing_packages() {
    local installed
    installed=$(dpkg-query -W -f='${Package} ${db:Status-Abbrev}\n' "$@" 2>/dev/null | awk '$2 == "ii" { print $1 }' || true)
    local pkg
    for pkg in "$@"; do
        grep -qxF "$pkg" <<<"$installed" || echo "$pkg"
    done
}

install_packages() {
    local wanted=("${TOOLCHAIN_PACKAGES[@]}")
    $with_jupyter && wanted+=("${JUPYTER_PACKAGES[@]}")
    if ! command -v dpkg-query >/dev/null; then
        problem "this is not a Debian-based system (no dpkg-query); install these packages or your distribution's equivalents: ${wanted[*]}"
        return
    fi
    local missing
    mapfile -t missing < <(missing_packages "${wanted[@]}")
    if (( ${#missing[@]} == 0 )); then
        say "packages: all ${#wanted[@]} present"
        return
    fi
    local command="apt-get update && apt-get install -y --no-install-recommends ${missing[*]}"
    if $check_only; then
        problem "packages missing: ${missing[*]}; run: $command"
    elif ! is_root; then
        problem "packages missing: ${missing[*]}; installing needs root, run: sudo sh -c '$command'"
    else
        say "installing ${missing[*]}"
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -q
        apt-get install -y -q --no-install-recommends "${missing[@]}"
    fi
}

is_mounted() { # $1 = mount point, $2 = file system type
    awk -v dir="$1" -v type="$2" '$2 == dir && $3 == type { found = 1 } END { exit !found }' /proc/self/mounts
}

mount_fs() { # $1 = type, $2 = mount point
    local command="mount -t $1 nodev $2"
    if is_mounted "$2" "$1"; then
        say "$1: mounted at $2"
    elif $check_only; then
        problem "$1 is not mounted at $2; run: $command"
    elif ! is_root; then
        problem "$1 is not mounted at $2 (libbpf reads tracepoint ids there); mounting needs root, run: sudo $command"
    else
        say "mounting $1 at $2"
        mount -t "$1" nodev "$2"
    fi
}

# libbpf looks for tracepoints in $TRACEFS, or under $DEBUGFS/tracing on kernels without
# that mount point (older than 4.1), where debugfs brings tracefs with it.
mount_tracefs() {
    if [[ -d $TRACEFS ]]; then
        mount_fs tracefs "$TRACEFS"
    else
        mount_fs debugfs "$DEBUGFS"
    fi
}

check_btf() {
    if [[ -r $KERNEL_BTF ]]; then
        say "kernel BTF: $KERNEL_BTF present"
    else
        problem "$KERNEL_BTF is missing: this kernel was built without CONFIG_DEBUG_INFO_BTF=y, and Tracebook compiles every snippet against the running kernel's BTF (CO-RE); boot a kernel with BTF (most distribution kernels since 5.4 have it)"
    fi
}

main() {
    parse_args "$@"
    install_packages
    if ! $packages_only; then
        mount_tracefs
        check_btf
        is_root || say "note: not root; tests that load BPF programs will be skipped (run as root or with CAP_BPF, CAP_PERFMON)"
    fi
    if (( problems > 0 )); then
        say "$problems problem(s) above; the machine is not ready"
        exit 1
    fi
}

main "$@"
