/*
 * ksyms.h: the kernel's own function symbols, for backtraces.
 *
 * The table is generated from the first link by tools/mksyms and linked
 * into the .ksyms section of the final image (see linker.ld and Makefile).
 */
#ifndef KERNEL_KSYMS_H
#define KERNEL_KSYMS_H

#include <stdint.h>

struct ksym {
	uint64_t addr;
	uint32_t name; /* offset into ksym_names */
	uint32_t pad;
};

extern const struct ksym ksym_table[];
extern const uint32_t ksym_count;
extern const char ksym_names[];

/* Name of the function containing addr and the offset into it; NULL if unknown. */
const char *ksym_lookup(uint64_t addr, uint64_t *offset);

#endif
