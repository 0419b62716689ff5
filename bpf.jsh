// Tracebook's JShell startup: what a tracing session uses, without qualification.
//   ./tracebook jshell
//   jshell --class-path "$(./tracebook classpath)" -R--enable-native-access=ALL-UNNAMED --startup bpf.jsh
// JShell 25's own DEFAULT startup, so that `--startup bpf.jsh` alone keeps the default imports.
import module java.base;

// The library's user-facing packages: exactly those bpf-lib's module-info exports (a test checks).
import io.tracebook.bpf.*;
import io.tracebook.bpf.error.*;
import io.tracebook.bpf.stream.*;
import io.tracebook.bpf.display.*;
import io.tracebook.bpf.analysis.*;
import io.tracebook.bpf.chart.*;
import io.tracebook.bpf.stack.*;
import io.tracebook.bpf.dsl.*;
// The one-liner DSL's vocabulary: on(..), between(..), comm(), pid(), arg(..), str(..), ...
import static io.tracebook.bpf.dsl.Trace.*;
import org.knowm.xchart.*;
import tech.tablesaw.api.*;

// Named again although java.base has them: a package import outranks a module import,
// so these win should a session add a module (java.desktop has its own List).
import java.time.*;
import java.util.*;
import java.util.function.*;
import java.nio.file.*;
