package io.tracebook.bpf.record;

/** The kinds of record in a recording's log, with the byte that marks each (docs/recording-format.md). */
enum RecordType {
    CELL(1),
    OPENED(2),
    OPEN_FAILED(3),
    LOADED(4),
    LOAD_FAILED(5),
    ATTACHED(6),
    READ_STARTED(7),
    BATCH(8),
    READ_ENDING(9),
    MAP_READ(10),
    GLOBAL_READ(11),
    PROGRAM_STATS(12),
    CLOSED(13),
    VALUE(14),
    WORKLOAD(15),
    SYMBOLS(16),
    PROCESS_STARTED(17),
    PROCESS_OUTPUT(18),
    PROCESS_EXITED(19),
    STREAM_OPENED(20),
    PROGRAM_RAN(21),
    HOST_FILE(22);

    private static final RecordType[] BY_CODE = new RecordType[32];

    static {
        for (RecordType t : values()) BY_CODE[t.code] = t;
    }

    final int code;

    RecordType(int code) {
        this.code = code;
    }

    /** The type marked {@code code}, or null for a byte no version of the format uses. */
    static RecordType of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
