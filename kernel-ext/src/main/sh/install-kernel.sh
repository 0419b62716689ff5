#!/usr/bin/env bash
# Installs the Jupyter kernelspec "tracebook" (display name "Java (Tracebook)").
#
#   install-kernel.sh JAVA CLASSPATH [options of 'jupyter kernelspec install']
#
# JAVA is a JDK 25 java executable, CLASSPATH the kernel's class path (kernel-ext's classes or jar
# plus its run-time dependencies). The options default to --user; --sys-prefix or --prefix DIR work too.
set -euo pipefail

die() { echo "install-kernel.sh: $*" >&2; exit 1; }

[[ $# -ge 2 ]] || die "usage: install-kernel.sh JAVA CLASSPATH [--user | --sys-prefix | --prefix DIR]"
java=$1 classpath=$2
shift 2
options=("$@")
[[ ${#options[@]} -gt 0 ]] || options=(--user)

[[ -x $java ]] || die "$java is not an executable java; pass the JDK 25 java binary"
"$java" -version 2>&1 | grep -q 'version "25' || die "$java is not JDK 25 ($("$java" -version 2>&1 | head -1)); the kernel needs Java 25"
command -v jupyter >/dev/null || die "jupyter is not installed; apt-get install jupyter-notebook python3-jupyter-client"

# The kernel's JVM flags. -Djdk.attach.allowAttachSelf and EnableDynamicAgentLoading let the kernel redefine
# classes of earlier cells in place (variables keep their values); opening jdk.jshell lets Shift-Tab show the
# javadoc of Tracebook's sources (cell.JavadocSources). The training run below uses the same: an ahead-of-time
# cache only serves a JVM started as the one that made it.
flags=(--enable-native-access=ALL-UNNAMED -Djava.awt.headless=true --sun-misc-unsafe-memory-access=allow
       -Djdk.attach.allowAttachSelf=true -XX:+EnableDynamicAgentLoading --add-opens jdk.jshell/jdk.jshell=ALL-UNNAMED)
# Huge pages for the heap where the kernel allows them (THP "madvise" or "always"): the first touch of a fresh
# page is a fault, ~10 µs on a virtual machine, and a Table of a million events fills ~40 MB of fresh heap, 100 ms
# of faults in 4 KiB pages and a few ms in 2 MiB ones. The `tracebook` launcher gives its JVMs the same flag.
if grep -qE '\[(always|madvise)\]' /sys/kernel/mm/transparent_hugepage/enabled 2>/dev/null; then
    flags+=(-XX:+UseTransparentHugePages)
fi
# Two C2 compiler threads where the JVM would start one (2-3 CPUs): a new kernel's cells wait for C2 to compile
# javac (hundreds of methods queued in the first seconds, behind start-up's own), and between cells the second CPU
# can compile too (BENCHMARKS.md, "The JIT's queue"). From 4 CPUs on the JVM's default is this or more.
if (( $(nproc) >= 2 && $(nproc) <= 3 )); then
    flags+=(-XX:CICompilerCount=3)
fi

# The ahead-of-time cache (JDK 25: classes loaded and linked, methods' profiles) halves the kernel's start. It
# needs a class path of jars, so a kernel on class directories (the tests') goes without. It is made by a training
# run (io.tracebook.kernel.KernelTraining: a first snippet, a session's start and first cells) once per build: its name is a hash
# of the JDK, the flags and the jars' paths, sizes and times, and older caches of this kernel are removed.
aot_cache() {
    local entry key
    IFS=: read -ra entries <<<"$classpath"
    for entry in "${entries[@]}"; do
        [[ -f $entry && $entry == *.jar ]] || return 1
    done
    key=$({ "$java" -version 2>&1; echo "${flags[*]}"; for entry in "${entries[@]}"; do stat -c '%n %s %Y' "$entry"; done; } | sha256sum | cut -c1-24)
    local dir=${TRACEBOOK_CACHE:-$HOME/.cache/tracebook}/kernel-aot
    mkdir -p "$dir"
    local cache=$dir/$key.aot
    if [[ ! -f $cache ]]; then
        echo "install-kernel.sh: making the kernel's start-up cache (once per build, some seconds) ..." >&2
        find "$dir" -name '*.aot' -delete
        # The training's first snippet compiles on an empty compile cache of its own: a first snippet ever.
        local scratch status=0
        scratch=$(mktemp -d)
        TRACEBOOK_CACHE=$scratch "$java" "${flags[@]}" -XX:AOTCacheOutput="$cache.tmp" -Xlog:aot=off -cp "$classpath" \
            io.tracebook.kernel.KernelTraining >"$dir/training.log" 2>&1 && [[ -f $cache.tmp ]] && mv "$cache.tmp" "$cache" || status=1
        # The precompiled prelude is built by a clang that outlives the JVM, in files named .*: wait for it (~2 s).
        for _ in {1..600}; do
            [[ -n $(find "$scratch" -name '.*' -print -quit) ]] || break
            sleep 0.1
        done
        rm -rf "$scratch"
        if (( status )); then
            echo "install-kernel.sh: the training run failed ($dir/training.log); the kernel starts without the cache" >&2
            rm -f "$cache.tmp"
            return 1
        fi
    fi
    echo "$cache"
}
if cache=$(aot_cache); then
    # -Xlog:aot=off: a cache that no longer fits (a JDK update) is skipped without a word, as the JVM would.
    flags+=(-XX:AOTCache="$cache" -Xlog:aot=off)
fi

spec=$(mktemp -d)
trap 'rm -rf "$spec"' EXIT
mkdir "$spec/tracebook"
# interrupt_mode "message" routes the stop button to the kernel.
python3 - "$java" "$classpath" "${flags[@]}" >"$spec/tracebook/kernel.json" <<'PYTHON'
import json, sys
java, classpath, flags = sys.argv[1], sys.argv[2], sys.argv[3:]
print(json.dumps({
    "argv": [java, *flags, "-cp", classpath, "io.tracebook.kernel.TracebookKernel", "{connection_file}"],
    "display_name": "Java (Tracebook)",
    "language": "java",
    "interrupt_mode": "message",
    "metadata": {"debugger": False},
}, indent=2))
PYTHON
jupyter kernelspec install --replace --name tracebook "${options[@]}" "$spec/tracebook"
