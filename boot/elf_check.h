/*
 * elf_check.h: validate an ELF64 x86-64 executable before anyone loads it.
 *
 * Plain C with no library and no firmware underneath: the UEFI loader uses
 * it on kernel.elf, the host unit tests use it, and the kernel's execve can
 * use it on user programs.  The ELF structures are declared here (not taken
 * from <elf.h>) because the kernel has no libc headers.
 *
 * Only the fields this project needs are checked and described; the ELF
 * specification ("System V ABI", Tool Interface Standard ELF 1.2, plus the
 * x86-64 psABI supplement) has the full story.
 */
#ifndef BOOT_ELF_CHECK_H
#define BOOT_ELF_CHECK_H

#include <stddef.h>
#include <stdint.h>

/* e_ident[] indexes and the values we accept. */
#define ELF_EI_CLASS   4
#define ELF_EI_DATA    5
#define ELF_EI_VERSION 6
#define ELF_CLASS64    2 /* 64-bit objects */
#define ELF_DATA2LSB   1 /* little-endian */
#define ELF_EV_CURRENT 1

#define ELF_ET_EXEC   2  /* e_type: executable at fixed addresses */
#define ELF_EM_X86_64 62 /* e_machine */

#define ELF_PT_LOAD 1 /* p_type: a segment to copy into memory */
#define ELF_PF_X    1 /* p_flags: executable */
#define ELF_PF_W    2 /* writable */
#define ELF_PF_R    4 /* readable */

/* The file header, at offset 0 of every ELF file (64 bytes). */
struct elf64_ehdr {
	uint8_t e_ident[16]; /* "\x7f" "ELF", class, data, version, ... */
	uint16_t e_type;
	uint16_t e_machine;
	uint32_t e_version;
	uint64_t e_entry; /* virtual address of the first instruction */
	uint64_t e_phoff; /* file offset of the program header table */
	uint64_t e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize;
	uint16_t e_phentsize; /* size of one program header */
	uint16_t e_phnum;     /* number of program headers */
	uint16_t e_shentsize;
	uint16_t e_shnum;
	uint16_t e_shstrndx;
};

/* One program header (56 bytes): how to map one segment. */
struct elf64_phdr {
	uint32_t p_type;
	uint32_t p_flags;
	uint64_t p_offset; /* where the segment's bytes start in the file */
	uint64_t p_vaddr;  /* where they go in virtual memory */
	uint64_t p_paddr;  /* where they go in physical memory (kernels only) */
	uint64_t p_filesz; /* bytes present in the file */
	uint64_t p_memsz;  /* bytes in memory; the rest past p_filesz is zeroed */
	uint64_t p_align;
};

/* At most this many non-empty PT_LOAD segments; more is an error. */
#define ELF_MAX_SEGMENTS 16

struct elf_segment {
	uint64_t vaddr;
	uint64_t paddr;
	uint64_t offset;
	uint64_t filesz;
	uint64_t memsz;
	uint32_t flags; /* ELF_PF_* */
};

/* What elf_check() found, in program-header order. */
struct elf_info {
	uint64_t entry;
	int nsegments; /* non-empty PT_LOAD segments in seg[] */
	struct elf_segment seg[ELF_MAX_SEGMENTS];
};

/*
 * Check that file[0..size) is a well-formed ELF64 little-endian x86-64
 * ET_EXEC whose PT_LOAD segments lie inside the file, have filesz <= memsz,
 * do not overlap in virtual memory, and whose entry point lies inside an
 * executable segment.  PT_LOAD segments with p_memsz == 0 are ignored.
 * Returns 0 and fills *out, or returns -1 and points *why at a short
 * human-readable reason (a string constant).  `out` and `why` may be NULL.
 */
int elf_check(const void *file, size_t size, struct elf_info *out, const char **why);

/*
 * Extra rules for a kernel that a boot loader will place by p_paddr:
 * every segment must satisfy p_vaddr == p_paddr + vma_offset, lie within
 * physical [phys_min, phys_max), and not overlap another in physical memory.
 * `info` must come from a successful elf_check().  Returns 0 or -1 (+ *why).
 */
int elf_check_kernel(const struct elf_info *info, uint64_t vma_offset, uint64_t phys_min,
                     uint64_t phys_max, const char **why);

/* The physical range [*lo, *hi) covered by all segments of `info`. */
void elf_phys_range(const struct elf_info *info, uint64_t *lo, uint64_t *hi);

#endif
