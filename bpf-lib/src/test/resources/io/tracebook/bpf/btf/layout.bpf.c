/* BPF fixture for the BTF reader and decoder tests: compiled with clang -target bpf, opened (not loaded). */
#include "layout.h"

#define SEC(name) __attribute__((section(name), used))
#define __uint(name, val) int (*name)[val]
#define __type(name, val) typeof(val) *name

struct {
    __uint(type, 1); /* BPF_MAP_TYPE_HASH */
    __uint(max_entries, 16);
    __type(key, struct pid_key);
    __type(value, struct pid_stats);
} stats SEC(".maps");

struct {
    __uint(type, 1);
    __uint(max_entries, 16);
    __type(key, u32);
    __type(value, u64);
} counts SEC(".maps");

const volatile u32 min_pid = 42;
const volatile struct inner config = { .a = 7, .b = -3, .c = 1234567890123ULL };
u64 counter;
struct event last_event;
struct sample last_sample;
s32 level = -7;
char greeting[8] = "hi";
int tagged __attribute__((btf_decl_tag("tracebook"))) = 1;
int __attribute__((btf_type_tag("user"))) *user_ptr;
int *restrict restricted_ptr;
struct only_declared *opaque;

SEC("tracepoint/syscalls/sys_enter_openat")
int on_openat(void *ctx)
{
    counter++;
    last_event.u32v = min_pid + level + config.a;
    return 0;
}

char LICENSE[] SEC("license") = "GPL";
