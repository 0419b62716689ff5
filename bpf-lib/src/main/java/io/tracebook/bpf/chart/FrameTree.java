package io.tracebook.bpf.chart;

import java.util.Map;
import java.util.TreeMap;

/** Folded stacks merged into a tree of frames: each node counts the samples passing through it. Children sort by name, as flamegraph.pl does. */
final class FrameTree {
    final String name;
    long total;
    final Map<String, FrameTree> children = new TreeMap<>();

    FrameTree(String name) {
        this.name = name;
    }

    void add(String[] frames, long count) {
        total += count;
        FrameTree node = this;
        for (String frame : frames) {
            node = node.children.computeIfAbsent(frame, FrameTree::new);
            node.total += count;
        }
    }

    int depth() {
        int deepest = 0;
        for (FrameTree child : children.values()) deepest = Math.max(deepest, child.depth());
        return deepest + 1;
    }
}
