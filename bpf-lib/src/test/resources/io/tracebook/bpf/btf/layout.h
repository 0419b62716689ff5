/* Types shared by the BPF fixture (layout.bpf.c) and the host program (layout_host.c),
 * so the host compiler's layout is the reference the BTF decoding is checked against. */
typedef unsigned char u8;
typedef signed char s8;
typedef unsigned short u16;
typedef short s16;
typedef unsigned int u32;
typedef int s32;
typedef unsigned long long u64;
typedef long long s64;
typedef _Bool bool;

/* A typedef chain with qualifiers in the middle: tid_t -> cv_u32 -> const volatile u32 -> unsigned int. */
typedef const volatile u32 cv_u32;
typedef cv_u32 tid_t;

enum color { RED = 0, GREEN = 1, BLUE = 7, NEGATIVE = -2 };
enum level { LOW = 1, HIGH = 200 };

struct inner {
    u16 a;
    s8 b;
    u64 c;
};

union number {
    u32 i;
    float f;
    u8 bytes[4];
};

struct event {
    u8 u8v;
    s8 s8v;
    u16 u16v;
    s16 s16v;
    u32 u32v;
    s32 s32v;
    u64 u64v;
    s64 s64v;
    bool flag;
    _Bool flag2;
    char comm[16];
    enum color color;
    struct inner in;
    u32 arr[3];
    struct inner pair[2];
    unsigned int bf_a : 3, bf_b : 5;
    int bf_c : 4;
    u64 bf_d : 40;
    bool bf_e : 1;
    enum color bf_f : 4;
    u32 bf_g : 24; /* does not fit the unit bf_f ends, so starts on a byte boundary: 3 whole bytes */
    union number num;
    struct {
        u32 x;
        u32 y;
    };
    float fl;
    double db;
    void *ptr;
    tid_t tid;
    char ch;
    u8 raw[4];
    u16 matrix[2][3];
    char tail[];
};

struct pid_key {
    u32 pid;
    u32 tid;
};

struct pid_stats {
    u32 pid;
    u64 count;
    enum level level;
};

/* The shape of a typical tracing event, for the decoding benchmarks. */
struct sample {
    u32 pid;
    u32 tid;
    u64 ts_ns;
    u64 lat_ns;
    char comm[16];
};
