module io.tracebook.bpf {
    requires transitive tablesaw.core;
    requires transitive org.knowm.xchart;
    requires transitive java.desktop;
    requires it.unimi.dsi.fastutil;
    exports io.tracebook.bpf;
    exports io.tracebook.bpf.error;
    exports io.tracebook.bpf.stream;
    exports io.tracebook.bpf.display;
    exports io.tracebook.bpf.analysis;
    exports io.tracebook.bpf.chart;
    exports io.tracebook.bpf.stack;
    exports io.tracebook.bpf.dsl;
}
