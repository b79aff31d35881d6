/*
 * elf_check.c: decide whether an ELF file is safe to load, and where.
 *
 * A loader that trusts a file's headers will happily copy "segments" from
 * beyond the end of the buffer, or jump into zeroes.  Every number read
 * from the file is therefore checked against the file size (and against
 * 64-bit wrap-around) before it is used.  No libc: byte loops only.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#include "elf_check.h"

/*
 * Copy n bytes.  The headers are copied out rather than cast in place
 * because the file buffer need not be aligned for uint64_t reads.
 */
static void copy_bytes(void *dst, const void *src, size_t n)
{
	uint8_t *d = dst;
	const uint8_t *s = src;

	while (n-- > 0)
		*d++ = *s++;
}

/* Report a failure: set *why (if wanted) and return -1. */
static int fail(const char **why, const char *reason)
{
	if (why)
		*why = reason;
	return -1;
}

/* Does [off, off+len) fit inside a file of `size` bytes, without wrapping? */
static bool fits_in_file(uint64_t off, uint64_t len, size_t size)
{
	return off <= size && len <= size - off;
}

/* Do [a, a+alen) and [b, b+blen) share a byte?  Callers rule out wrapping. */
static bool ranges_overlap(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

/* The first four bytes of every ELF file: 0x7f 'E' 'L' 'F'. */
static bool has_elf_magic(const uint8_t *bytes, size_t size)
{
	return size >= 4 && bytes[0] == 0x7f && bytes[1] == 'E' && bytes[2] == 'L' &&
	       bytes[3] == 'F';
}

static int check_ident(const struct elf64_ehdr *eh, const char **why)
{
	const uint8_t *id = eh->e_ident;

	if (id[ELF_EI_CLASS] != ELF_CLASS64)
		return fail(why, "not a 64-bit ELF (ELFCLASS64)");
	if (id[ELF_EI_DATA] != ELF_DATA2LSB)
		return fail(why, "not little-endian (ELFDATA2LSB)");
	if (id[ELF_EI_VERSION] != ELF_EV_CURRENT || eh->e_version != ELF_EV_CURRENT)
		return fail(why, "unknown ELF version");
	if (eh->e_machine != ELF_EM_X86_64)
		return fail(why, "not an x86-64 ELF (EM_X86_64)");
	if (eh->e_type != ELF_ET_EXEC)
		return fail(why, "not an executable (ET_EXEC)");
	return 0;
}

static int check_segment(const struct elf64_phdr *ph, size_t size, const char **why)
{
	if (ph->p_filesz > ph->p_memsz)
		return fail(why, "segment has p_filesz > p_memsz");
	if (!fits_in_file(ph->p_offset, ph->p_filesz, size))
		return fail(why, "segment data runs past the end of the file");
	if (ph->p_memsz > UINT64_MAX - ph->p_vaddr)
		return fail(why, "segment wraps around the virtual address space");
	if (ph->p_memsz > UINT64_MAX - ph->p_paddr)
		return fail(why, "segment wraps around the physical address space");
	return 0;
}

/* Is the entry point inside the file-backed part of an executable segment? */
static bool entry_is_executable(const struct elf_info *info)
{
	for (int i = 0; i < info->nsegments; i++) {
		const struct elf_segment *s = &info->seg[i];
		if ((s->flags & ELF_PF_X) && info->entry >= s->vaddr &&
		    info->entry - s->vaddr < s->filesz)
			return true;
	}
	return false;
}

int elf_check(const void *file, size_t size, struct elf_info *out, const char **why)
{
	const uint8_t *bytes = file;
	struct elf64_ehdr eh;
	struct elf_info info;

	/* Magic first, so that a text file is called "not an ELF", not "too small". */
	if (file == NULL || !has_elf_magic(bytes, size))
		return fail(why, "not an ELF file (bad magic)");
	if (size < sizeof(eh))
		return fail(why, "file too small for an ELF header");
	copy_bytes(&eh, bytes, sizeof(eh));
	if (check_ident(&eh, why) < 0)
		return -1;

	if (eh.e_phentsize != sizeof(struct elf64_phdr))
		return fail(why, "unexpected program header size (e_phentsize)");
	if (eh.e_phnum == 0)
		return fail(why, "no program headers");
	if (!fits_in_file(eh.e_phoff, (uint64_t)eh.e_phnum * sizeof(struct elf64_phdr), size))
		return fail(why, "program headers run past the end of the file");

	info.entry = eh.e_entry;
	info.nsegments = 0;
	for (int i = 0; i < eh.e_phnum; i++) {
		struct elf64_phdr ph;

		copy_bytes(&ph, bytes + eh.e_phoff + (uint64_t)i * sizeof(ph), sizeof(ph));
		if (ph.p_type != ELF_PT_LOAD || ph.p_memsz == 0)
			continue;
		if (check_segment(&ph, size, why) < 0)
			return -1;
		if (info.nsegments == ELF_MAX_SEGMENTS)
			return fail(why, "too many PT_LOAD segments");
		for (int j = 0; j < info.nsegments; j++)
			if (ranges_overlap(ph.p_vaddr, ph.p_memsz, info.seg[j].vaddr,
			                   info.seg[j].memsz))
				return fail(why, "segments overlap in virtual memory");

		struct elf_segment *s = &info.seg[info.nsegments++];
		s->vaddr = ph.p_vaddr;
		s->paddr = ph.p_paddr;
		s->offset = ph.p_offset;
		s->filesz = ph.p_filesz;
		s->memsz = ph.p_memsz;
		s->flags = ph.p_flags;
	}

	if (info.nsegments == 0)
		return fail(why, "no loadable (PT_LOAD) segment");
	if (!entry_is_executable(&info))
		return fail(why, "entry point is not inside an executable segment");
	if (out)
		copy_bytes(out, &info, sizeof(info));
	return 0;
}

int elf_check_kernel(const struct elf_info *info, uint64_t vma_offset, uint64_t phys_min,
                     uint64_t phys_max, const char **why)
{
	for (int i = 0; i < info->nsegments; i++) {
		const struct elf_segment *s = &info->seg[i];

		if (s->vaddr - s->paddr != vma_offset)
			return fail(why, "segment's p_vaddr is not p_paddr + the kernel base");
		if (s->paddr < phys_min || s->paddr > phys_max || s->memsz > phys_max - s->paddr)
			return fail(why, "segment lies outside the allowed physical range");
		for (int j = 0; j < i; j++)
			if (ranges_overlap(s->paddr, s->memsz, info->seg[j].paddr,
			                   info->seg[j].memsz))
				return fail(why, "segments overlap in physical memory");
	}
	return 0;
}

void elf_phys_range(const struct elf_info *info, uint64_t *lo, uint64_t *hi)
{
	*lo = UINT64_MAX;
	*hi = 0;
	for (int i = 0; i < info->nsegments; i++) {
		const struct elf_segment *s = &info->seg[i];
		if (s->paddr < *lo)
			*lo = s->paddr;
		if (s->paddr + s->memsz > *hi)
			*hi = s->paddr + s->memsz;
	}
}
