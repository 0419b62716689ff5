package io.tracebook.bpf.decode;

import it.unimi.dsi.fastutil.bytes.Byte2IntOpenHashMap;
import it.unimi.dsi.fastutil.bytes.ByteArrayList;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.columns.strings.ByteDictionaryMap;

/**
 * Appends texts to one StringColumn, the last one again cheaply. {@code StringColumn.append} costs two
 * hash operations per row (the dictionary's key for the text, then its count), about as much as all
 * number fields of an event together; events come in runs of the same text (one process emits many),
 * so a row repeating the previous row's text here takes the key that row got and adds it to the
 * dictionary's rows and its count directly — the same state {@code append} would leave.
 *
 * <p>Only for a byte dictionary (up to 127 distinct texts, the usual case), whose count map Tablesaw
 * keeps private: should a release rename it, or once the column outgrows a byte dictionary, every row
 * takes {@code append}. A row appended by anyone else, or a cleared column, is noticed (the row count
 * is not the one expected) and the next row takes {@code append} too.
 */
final class RepeatedText {
    private static final VarHandle KEY_TO_COUNT = keyToCount();

    private final StringColumn column;
    private String text;
    private ByteDictionaryMap dictionary;
    private ByteArrayList keys;
    private Byte2IntOpenHashMap counts;
    private byte key;
    private int rows;

    RepeatedText(StringColumn column) {
        this.column = column;
    }

    private static VarHandle keyToCount() {
        try {
            return MethodHandles.privateLookupIn(ByteDictionaryMap.class, MethodHandles.lookup())
                    .findVarHandle(ByteDictionaryMap.class, "keyToCount", Byte2IntOpenHashMap.class);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** The text appended last; null before the first. */
    String last() {
        return text;
    }

    /** Appends {@code text} through the column and remembers the key the dictionary gave it. */
    void append(String text) {
        column.append(text);
        this.text = text;
        if (KEY_TO_COUNT != null && column.getDictionary() instanceof ByteDictionaryMap d) {
            dictionary = d;
            keys = d.values();
            counts = (Byte2IntOpenHashMap) KEY_TO_COUNT.get(d);
            rows = keys.size();
            key = keys.getByte(rows - 1);
        } else {
            keys = null;
        }
    }

    /** Appends the last text {@code times} more times; needs a text appended before. */
    void appendLast(int times) {
        int left = times;
        if (left > 0 && !current()) {
            append(text);
            left--;
        }
        if (keys == null) {
            for (; left > 0; left--) column.append(text);
            return;
        }
        if (left == 0) return;
        ColumnStorage.addRows(keys, left);
        Arrays.fill(keys.elements(), rows, rows + left, key);
        counts.addTo(key, left);
        rows += left;
    }

    /** Whether the remembered key still stands for the last text: nobody else appended, cleared or promoted the column. */
    private boolean current() {
        return keys != null && keys.size() == rows && column.getDictionary() == dictionary;
    }
}
