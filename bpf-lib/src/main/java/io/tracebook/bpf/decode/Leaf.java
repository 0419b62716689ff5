package io.tracebook.bpf.decode;

/** One column of a flattened record: its name, its byte offset from the record's start, and how to decode it. */
record Leaf(String name, long offset, LeafCodec codec, String cType) {

    Leaf renamed(String newName) {
        return new Leaf(newName, offset, codec, cType);
    }

    /** "field comm (char[16])", for messages. */
    String describe() {
        return "field " + name + " (" + cType + ")";
    }
}
