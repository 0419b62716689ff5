/* Host-side reference for the decoder tests, compiled by the host's clang from the same layout.h:
 *   layout_host offsets   prints "column=byte offset" for every field that is not a bit field
 *   layout_host sizes     prints "struct=sizeof"
 *   layout_host fill      writes a struct event with known values to stdout (raw bytes)
 *   layout_host print     reads a struct event from stdin and prints "column=value" for every field
 *   layout_host monotonic prints clock_gettime(CLOCK_MONOTONIC) in nanoseconds */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "layout.h"

#define OFF(member) printf("%s=%zu\n", #member, offsetof(struct event, member))

static void offsets(void)
{
    char name[64];
    OFF(u8v); OFF(s8v); OFF(u16v); OFF(s16v); OFF(u32v); OFF(s32v); OFF(u64v); OFF(s64v);
    OFF(flag); OFF(flag2); OFF(comm); OFF(color); OFF(in.a); OFF(in.b); OFF(in.c);
    for (int i = 0; i < 3; i++)
        printf("arr[%d]=%zu\n", i, offsetof(struct event, arr[i]));
    for (int i = 0; i < 2; i++) {
        printf("pair[%d].a=%zu\n", i, offsetof(struct event, pair[i].a));
        printf("pair[%d].b=%zu\n", i, offsetof(struct event, pair[i].b));
        printf("pair[%d].c=%zu\n", i, offsetof(struct event, pair[i].c));
    }
    OFF(num.i); OFF(num.f);
    for (int i = 0; i < 4; i++)
        printf("num.bytes[%d]=%zu\n", i, offsetof(struct event, num.bytes[i]));
    OFF(x); OFF(y); OFF(fl); OFF(db); OFF(ptr); OFF(tid); OFF(ch);
    for (int i = 0; i < 4; i++)
        printf("raw[%d]=%zu\n", i, offsetof(struct event, raw[i]));
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 3; j++) {
            snprintf(name, sizeof name, "matrix[%d][%d]", i, j);
            printf("%s=%zu\n", name, offsetof(struct event, matrix[i][j]));
        }
}

static void sizes(void)
{
    printf("event=%zu\ninner=%zu\nnumber=%zu\npid_key=%zu\npid_stats=%zu\n", sizeof(struct event),
           sizeof(struct inner), sizeof(union number), sizeof(struct pid_key), sizeof(struct pid_stats));
}

static void fill(void)
{
    struct event e;
    memset(&e, 0, sizeof e);
    e.u8v = 250;
    e.s8v = -100;
    e.u16v = 65000;
    e.s16v = -30000;
    e.u32v = 4000000000u;
    e.s32v = -2000000000;
    e.u64v = 0x8000000000000001ull;
    e.s64v = -9000000000000000000ll;
    e.flag = 1;
    e.flag2 = 0;
    strcpy(e.comm, "tracebook");
    e.color = BLUE;
    e.in.a = 65535;
    e.in.b = -1;
    e.in.c = 1ull << 40;
    e.arr[0] = 1;
    e.arr[1] = 2;
    e.arr[2] = 4000000000u;
    e.pair[0].a = 1;
    e.pair[0].b = -2;
    e.pair[0].c = 3;
    e.pair[1].a = 4;
    e.pair[1].b = -5;
    e.pair[1].c = 6;
    e.bf_a = 5;
    e.bf_b = 31;
    e.bf_c = -3;
    e.bf_d = (1ull << 40) - 2;
    e.bf_e = 1;
    e.bf_f = NEGATIVE;
    e.bf_g = 0xabcdef;
    e.num.f = 1.0f;
    e.x = 11;
    e.y = 12;
    e.fl = 1.5f;
    e.db = -2.25;
    e.ptr = (void *)0xdeadbeefull;
    *(u32 *)&e.tid = 123456; /* tid_t is const: the chain ends in const volatile u32 */
    e.ch = 'A';
    e.raw[0] = 1;
    e.raw[1] = 2;
    e.raw[2] = 3;
    e.raw[3] = 255;
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 3; j++)
            e.matrix[i][j] = 100 * i + j;
    fwrite(&e, sizeof e, 1, stdout);
}

static void print(void)
{
    struct event e;
    if (fread(&e, sizeof e, 1, stdin) != 1)
        return;
    printf("u8v=%u\ns8v=%d\nu16v=%u\ns16v=%d\nu32v=%u\ns32v=%d\nu64v=%llu\ns64v=%lld\n", e.u8v, e.s8v, e.u16v,
           e.s16v, e.u32v, e.s32v, e.u64v, e.s64v);
    printf("flag=%d\nflag2=%d\ncomm=%.16s\ncolor=%d\n", e.flag, e.flag2, e.comm, e.color);
    printf("in.a=%u\nin.b=%d\nin.c=%llu\n", e.in.a, e.in.b, e.in.c);
    for (int i = 0; i < 3; i++)
        printf("arr[%d]=%u\n", i, e.arr[i]);
    for (int i = 0; i < 2; i++)
        printf("pair[%d].a=%u\npair[%d].b=%d\npair[%d].c=%llu\n", i, e.pair[i].a, i, e.pair[i].b, i, e.pair[i].c);
    printf("bf_a=%u\nbf_b=%u\nbf_c=%d\nbf_d=%llu\nbf_e=%d\nbf_f=%d\nbf_g=%u\n", e.bf_a, e.bf_b, e.bf_c,
           (unsigned long long)e.bf_d, e.bf_e, (int)e.bf_f, e.bf_g);
    printf("num.i=%u\n", e.num.i);
    printf("x=%u\ny=%u\nfl=%g\ndb=%g\nptr=%llu\ntid=%u\nch=%d\n", e.x, e.y, e.fl, e.db,
           (unsigned long long)e.ptr, e.tid, e.ch);
    for (int i = 0; i < 4; i++)
        printf("raw[%d]=%u\n", i, e.raw[i]);
    for (int i = 0; i < 2; i++)
        for (int j = 0; j < 3; j++)
            printf("matrix[%d][%d]=%u\n", i, j, e.matrix[i][j]);
}

static void monotonic(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    printf("%lld\n", (long long)ts.tv_sec * 1000000000ll + ts.tv_nsec);
}

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "";
    if (!strcmp(mode, "offsets"))
        offsets();
    else if (!strcmp(mode, "sizes"))
        sizes();
    else if (!strcmp(mode, "fill"))
        fill();
    else if (!strcmp(mode, "print"))
        print();
    else if (!strcmp(mode, "monotonic"))
        monotonic();
    else {
        fprintf(stderr, "usage: layout_host offsets|sizes|fill|print|monotonic\n");
        return 2;
    }
    return 0;
}
