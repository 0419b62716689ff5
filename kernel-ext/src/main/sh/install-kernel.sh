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

spec=$(mktemp -d)
trap 'rm -rf "$spec"' EXIT
mkdir "$spec/tracebook"
# -Djdk.attach.allowAttachSelf and EnableDynamicAgentLoading let the kernel redefine classes of earlier
# cells in place (variables keep their values); opening jdk.jshell lets Shift-Tab show the javadoc of Tracebook's
# sources (cell.JavadocSources); interrupt_mode "message" routes the stop button to the kernel.
python3 - "$java" "$classpath" >"$spec/tracebook/kernel.json" <<'PYTHON'
import json, sys
java, classpath = sys.argv[1], sys.argv[2]
print(json.dumps({
    "argv": [java, "--enable-native-access=ALL-UNNAMED", "-Djava.awt.headless=true", "--sun-misc-unsafe-memory-access=allow",
             "-Djdk.attach.allowAttachSelf=true", "-XX:+EnableDynamicAgentLoading", "--add-opens", "jdk.jshell/jdk.jshell=ALL-UNNAMED",
             "-cp", classpath, "io.tracebook.kernel.TracebookKernel", "{connection_file}"],
    "display_name": "Java (Tracebook)",
    "language": "java",
    "interrupt_mode": "message",
    "metadata": {"debugger": False},
}, indent=2))
PYTHON
jupyter kernelspec install --replace --name tracebook "${options[@]}" "$spec/tracebook"
