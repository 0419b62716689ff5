/* Added after the prelude when a snippet defines no "license" section of its own. */
char LICENSE[] SEC("license") = "GPL";
