/* The prelude of snippets that do not include vmlinux.h; Tracebook precompiles it. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include "tracebook.h"
