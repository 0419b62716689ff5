package io.tracebook.bpf.record;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a session set on an object between open and load, as a recording keeps it and a replay compares it: the
 * sections of globals as load hands them to the kernel, each map's number of entries (load may change it: a perf
 * buffer gets one per CPU), the value sizes set, the programs switched on or off, and the attach targets set.
 */
final class ObjectSettings {
    final Map<String, byte[]> sections = new LinkedHashMap<>();
    final Map<String, Integer> sizes = new LinkedHashMap<>();
    final Map<String, Integer> valueSizes = new LinkedHashMap<>();
    final Map<String, Boolean> autoload = new LinkedHashMap<>();
    final Map<String, String> attachTargets = new LinkedHashMap<>();

    void write(RecordBuffer out) {
        out.putInt(sections.size());
        sections.forEach((section, bytes) -> {
            out.putString(section);
            out.putBlob(bytes);
        });
        out.putInt(sizes.size());
        sizes.forEach((map, entries) -> {
            out.putString(map);
            out.putInt(entries);
        });
        out.putInt(valueSizes.size());
        valueSizes.forEach((map, bytes) -> {
            out.putString(map);
            out.putInt(bytes);
        });
        out.putInt(autoload.size());
        autoload.forEach((program, load) -> {
            out.putString(program);
            out.putByte(load ? 1 : 0);
        });
        out.putInt(attachTargets.size());
        attachTargets.forEach((program, target) -> {
            out.putString(program);
            out.putString(target);
        });
    }

    static ObjectSettings read(RecordInput in) {
        ObjectSettings settings = new ObjectSettings();
        int sections = in.getCount(1);
        for (int i = 0; i < sections; i++) settings.sections.put(in.getString(), in.getBlob());
        int sizes = in.getCount(1);
        for (int i = 0; i < sizes; i++) settings.sizes.put(in.getString(), in.getInt());
        int valueSizes = in.getCount(1);
        for (int i = 0; i < valueSizes; i++) settings.valueSizes.put(in.getString(), in.getInt());
        int autoload = in.getCount(1);
        for (int i = 0; i < autoload; i++) settings.autoload.put(in.getString(), in.getByte() != 0);
        int targets = in.getCount(1);
        for (int i = 0; i < targets; i++) settings.attachTargets.put(in.getString(), in.getString());
        return settings;
    }
}
