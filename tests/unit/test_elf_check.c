/*
 * Host tests of boot/elf_check.c.
 *
 * Each test starts from a small, valid kernel-like ELF built in memory by
 * make_elf() and breaks one thing.  Optionally pass a real ELF's path as
 * argv[1] (e.g. build/kernel.elf) to check it too; without one that test
 * is left out.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "boot/elf_check.h"

#define KVMA     0xffffffff80000000ULL
#define MIB      0x100000ULL
#define GIB      0x40000000ULL
#define IMG_SIZE 0x400

/*
 * The test image: ELF header, 3 program headers (text, data, PT_NOTE),
 * then the bytes of the two segments.
 *   text: file 0x200..0x280, loads at 2 MiB, R+X, entry 0x10 into it
 *   data: file 0x300..0x340, loads at 2 MiB + 4 KiB, R+W, 0x1000 in memory (bss)
 */
#define PH_TEXT     0
#define PH_DATA     1
#define PH_NOTE     2
#define TEXT_OFFSET 0x200
#define DATA_OFFSET 0x300
#define TEXT_PADDR  0x200000ULL
#define DATA_PADDR  0x201000ULL

static union {
	uint8_t bytes[IMG_SIZE];
	struct elf64_ehdr eh; /* for alignment */
} img;

static const char *real_elf_path; /* argv[1], if given */

static struct elf64_ehdr *ehdr(void)
{
	return &img.eh;
}

static struct elf64_phdr *phdr(int i)
{
	return (struct elf64_phdr *)(img.bytes + sizeof(struct elf64_ehdr)) + i;
}

static void set_segment(int i, uint32_t type, uint32_t flags, uint64_t off, uint64_t paddr,
                        uint64_t filesz, uint64_t memsz)
{
	struct elf64_phdr *ph = phdr(i);

	ph->p_type = type;
	ph->p_flags = flags;
	ph->p_offset = off;
	ph->p_paddr = paddr;
	ph->p_vaddr = paddr + KVMA;
	ph->p_filesz = filesz;
	ph->p_memsz = memsz;
	ph->p_align = 0x1000;
}

static int make_elf(void **state)
{
	struct elf64_ehdr *eh = ehdr();

	(void)state;
	memset(&img, 0, sizeof(img));
	memcpy(eh->e_ident,
	       "\x7f"
	       "ELF",
	       4);
	eh->e_ident[ELF_EI_CLASS] = ELF_CLASS64;
	eh->e_ident[ELF_EI_DATA] = ELF_DATA2LSB;
	eh->e_ident[ELF_EI_VERSION] = ELF_EV_CURRENT;
	eh->e_type = ELF_ET_EXEC;
	eh->e_machine = ELF_EM_X86_64;
	eh->e_version = ELF_EV_CURRENT;
	eh->e_entry = KVMA + TEXT_PADDR + 0x10;
	eh->e_phoff = sizeof(struct elf64_ehdr);
	eh->e_ehsize = sizeof(struct elf64_ehdr);
	eh->e_phentsize = sizeof(struct elf64_phdr);
	eh->e_phnum = 3;
	set_segment(PH_TEXT, ELF_PT_LOAD, ELF_PF_R | ELF_PF_X, TEXT_OFFSET, TEXT_PADDR, 0x80, 0x80);
	set_segment(PH_DATA, ELF_PT_LOAD, ELF_PF_R | ELF_PF_W, DATA_OFFSET, DATA_PADDR, 0x40,
	            0x1000);
	set_segment(PH_NOTE, 4 /* PT_NOTE */, ELF_PF_R, 0x340, 0, 0x20, 0x20);
	memset(img.bytes + TEXT_OFFSET, 0x90, 0x80); /* nop */
	memset(img.bytes + DATA_OFFSET, 0xab, 0x40);
	return 0;
}

/* Run elf_check on the image and return its verdict, keeping the reason. */
static const char *last_why;

static int check(size_t size)
{
	struct elf_info info;

	last_why = NULL;
	return elf_check(img.bytes, size, &info, &last_why);
}

static void assert_rejected(size_t size, const char *reason_part)
{
	assert_int_equal(check(size), -1);
	assert_non_null(last_why);
	if (strstr(last_why, reason_part) == NULL)
		fail_msg("reason \"%s\" does not mention \"%s\"", last_why, reason_part);
}

/* ---------------------------------------------------------- good input */

static void elf_accepts_valid_kernel_image(void **state)
{
	struct elf_info info;
	const char *why = "untouched";

	(void)state;
	assert_int_equal(elf_check(img.bytes, IMG_SIZE, &info, &why), 0);
	assert_string_equal(why, "untouched"); /* only set on failure */
	assert_int_equal(info.entry, KVMA + TEXT_PADDR + 0x10);
	assert_int_equal(info.nsegments, 2); /* the PT_NOTE is not loadable */
	assert_int_equal(info.seg[0].vaddr, KVMA + TEXT_PADDR);
	assert_int_equal(info.seg[0].paddr, TEXT_PADDR);
	assert_int_equal(info.seg[0].offset, TEXT_OFFSET);
	assert_int_equal(info.seg[0].filesz, 0x80);
	assert_int_equal(info.seg[0].memsz, 0x80);
	assert_int_equal(info.seg[0].flags, ELF_PF_R | ELF_PF_X);
	assert_int_equal(info.seg[1].paddr, DATA_PADDR);
	assert_int_equal(info.seg[1].filesz, 0x40);
	assert_int_equal(info.seg[1].memsz, 0x1000);
	assert_int_equal(info.seg[1].flags, ELF_PF_R | ELF_PF_W);
}

static void elf_accepts_null_out_and_why(void **state)
{
	(void)state;
	assert_int_equal(elf_check(img.bytes, IMG_SIZE, NULL, NULL), 0);
	ehdr()->e_ident[0] = 0;
	assert_int_equal(elf_check(img.bytes, IMG_SIZE, NULL, NULL), -1);
}

static void elf_accepts_unaligned_buffer(void **state)
{
	static uint8_t shifted[IMG_SIZE + 1];

	(void)state;
	memcpy(shifted + 1, img.bytes, IMG_SIZE);
	assert_int_equal(elf_check(shifted + 1, IMG_SIZE, NULL, NULL), 0);
}

static void elf_ignores_empty_pt_load(void **state)
{
	struct elf_info info;

	(void)state;
	set_segment(PH_NOTE, ELF_PT_LOAD, ELF_PF_R, 0, 0x300000, 0, 0);
	assert_int_equal(elf_check(img.bytes, IMG_SIZE, &info, NULL), 0);
	assert_int_equal(info.nsegments, 2);
}

static void elf_accepts_segment_ending_at_file_end(void **state)
{
	(void)state;
	phdr(PH_DATA)->p_filesz = IMG_SIZE - DATA_OFFSET;
	phdr(PH_DATA)->p_memsz = IMG_SIZE - DATA_OFFSET;
	assert_int_equal(check(IMG_SIZE), 0);
}

/* ------------------------------------------------------- header errors */

static void elf_rejects_null_and_empty_input(void **state)
{
	const char *why = NULL;

	(void)state;
	assert_int_equal(elf_check(NULL, 100, NULL, &why), -1);
	assert_non_null(why);
	assert_rejected(0, "not an ELF");
	assert_rejected(3, "not an ELF"); /* not even the whole magic */
	assert_rejected(4, "too small");
}

static void elf_rejects_truncated_header(void **state)
{
	(void)state;
	assert_rejected(sizeof(struct elf64_ehdr) - 1, "too small");
}

static void elf_rejects_bad_magic(void **state)
{
	(void)state;
	ehdr()->e_ident[1] = 'e';
	assert_rejected(IMG_SIZE, "magic");
}

static void elf_rejects_text_file(void **state)
{
	static const char text[] = "this is not an ELF file, just some text\n"
	                           "long enough to cover a whole ELF header....\n";

	(void)state;
	assert_int_equal(elf_check(text, sizeof(text), NULL, &last_why), -1);
	assert_string_equal(last_why, "not an ELF file (bad magic)");
	assert_int_equal(elf_check("hello\n", 6, NULL, &last_why), -1); /* short text too */
	assert_string_equal(last_why, "not an ELF file (bad magic)");
}

static void elf_rejects_32bit_class(void **state)
{
	(void)state;
	ehdr()->e_ident[ELF_EI_CLASS] = 1; /* ELFCLASS32 */
	assert_rejected(IMG_SIZE, "64-bit");
}

static void elf_rejects_big_endian(void **state)
{
	(void)state;
	ehdr()->e_ident[ELF_EI_DATA] = 2; /* ELFDATA2MSB */
	assert_rejected(IMG_SIZE, "little-endian");
}

static void elf_rejects_unknown_version(void **state)
{
	(void)state;
	ehdr()->e_version = 2;
	assert_rejected(IMG_SIZE, "version");
	make_elf(NULL);
	ehdr()->e_ident[ELF_EI_VERSION] = 0;
	assert_rejected(IMG_SIZE, "version");
}

static void elf_rejects_wrong_machine(void **state)
{
	(void)state;
	ehdr()->e_machine = 3; /* EM_386 */
	assert_rejected(IMG_SIZE, "x86-64");
	ehdr()->e_machine = 183; /* EM_AARCH64 */
	assert_rejected(IMG_SIZE, "x86-64");
}

static void elf_rejects_non_executable_type(void **state)
{
	(void)state;
	ehdr()->e_type = 3; /* ET_DYN */
	assert_rejected(IMG_SIZE, "ET_EXEC");
	ehdr()->e_type = 1; /* ET_REL */
	assert_rejected(IMG_SIZE, "ET_EXEC");
}

static void elf_rejects_wrong_phentsize(void **state)
{
	(void)state;
	ehdr()->e_phentsize = 32;
	assert_rejected(IMG_SIZE, "e_phentsize");
}

static void elf_rejects_zero_phnum(void **state)
{
	(void)state;
	ehdr()->e_phnum = 0;
	assert_rejected(IMG_SIZE, "no program headers");
}

static void elf_rejects_phoff_past_end(void **state)
{
	(void)state;
	ehdr()->e_phoff = IMG_SIZE + 8;
	assert_rejected(IMG_SIZE, "program headers");
	ehdr()->e_phoff = IMG_SIZE - sizeof(struct elf64_phdr) + 1;
	assert_rejected(IMG_SIZE, "program headers");
}

static void elf_rejects_phoff_that_wraps(void **state)
{
	(void)state;
	ehdr()->e_phoff = UINT64_MAX - 8;
	assert_rejected(IMG_SIZE, "program headers");
}

static void elf_rejects_phnum_past_end(void **state)
{
	(void)state;
	ehdr()->e_phnum = 0xffff;
	assert_rejected(IMG_SIZE, "program headers");
}

static void elf_rejects_file_cut_inside_program_headers(void **state)
{
	(void)state;
	assert_rejected(sizeof(struct elf64_ehdr) + 100, "program headers");
}

/* ------------------------------------------------------ segment errors */

static void elf_rejects_filesz_greater_than_memsz(void **state)
{
	(void)state;
	phdr(PH_DATA)->p_memsz = 0x20;
	assert_rejected(IMG_SIZE, "p_filesz > p_memsz");
}

static void elf_rejects_segment_past_end_of_file(void **state)
{
	(void)state;
	phdr(PH_DATA)->p_filesz = IMG_SIZE - DATA_OFFSET + 1;
	assert_rejected(IMG_SIZE, "past the end");
}

static void elf_rejects_segment_offset_past_end(void **state)
{
	(void)state;
	phdr(PH_DATA)->p_offset = IMG_SIZE + 0x1000;
	assert_rejected(IMG_SIZE, "past the end");
}

static void elf_rejects_segment_offset_that_wraps(void **state)
{
	(void)state;
	/* offset + filesz wraps to a small number: must still be caught */
	phdr(PH_DATA)->p_offset = UINT64_MAX - 0x10;
	assert_rejected(IMG_SIZE, "past the end");
}

static void elf_rejects_truncated_file(void **state)
{
	(void)state;
	/* The data segment's file bytes end at 0x340. */
	assert_rejected(DATA_OFFSET + 0x3f, "past the end");
}

static void elf_rejects_every_truncation(void **state)
{
	(void)state;
	/* Any cut before the end of the last segment's bytes must fail cleanly. */
	for (size_t size = 0; size < DATA_OFFSET + 0x40; size++)
		assert_int_equal(check(size), -1);
	assert_int_equal(check(DATA_OFFSET + 0x40), 0);
}

static void elf_rejects_virtual_wraparound(void **state)
{
	(void)state;
	phdr(PH_DATA)->p_vaddr = UINT64_MAX - 0x100;
	assert_rejected(IMG_SIZE, "wraps");
}

static void elf_rejects_no_pt_load(void **state)
{
	(void)state;
	phdr(PH_TEXT)->p_type = 4;
	phdr(PH_DATA)->p_type = 6; /* PT_PHDR */
	assert_rejected(IMG_SIZE, "PT_LOAD");
}

static void elf_rejects_overlapping_segments(void **state)
{
	(void)state;
	/* data starts 0x10 bytes before the end of text */
	phdr(PH_DATA)->p_vaddr = phdr(PH_TEXT)->p_vaddr + 0x70;
	assert_rejected(IMG_SIZE, "overlap");
}

static void elf_accepts_touching_segments(void **state)
{
	(void)state;
	phdr(PH_DATA)->p_vaddr = phdr(PH_TEXT)->p_vaddr + 0x80;
	phdr(PH_DATA)->p_paddr = phdr(PH_TEXT)->p_paddr + 0x80;
	assert_int_equal(check(IMG_SIZE), 0);
}

static void elf_rejects_too_many_segments(void **state)
{
	static uint8_t big[0x1000];
	struct elf64_ehdr *eh = (struct elf64_ehdr *)big;
	struct elf64_phdr *ph = (struct elf64_phdr *)(big + sizeof(*eh));
	int n = ELF_MAX_SEGMENTS + 1;

	(void)state;
	memcpy(big, img.bytes, sizeof(*eh));
	eh->e_phnum = n;
	for (int i = 0; i < n; i++) {
		ph[i] = *phdr(PH_TEXT);
		ph[i].p_offset = 0xc00;
		ph[i].p_filesz = ph[i].p_memsz = 0x20; /* holds the entry at +0x10 */
		ph[i].p_vaddr += 0x1000 * i;
		ph[i].p_paddr += 0x1000 * i;
	}
	assert_int_equal(elf_check(big, sizeof(big), NULL, &last_why), -1);
	assert_string_equal(last_why, "too many PT_LOAD segments");
	eh->e_phnum = n - 1;
	assert_int_equal(elf_check(big, sizeof(big), NULL, NULL), 0);
}

/* --------------------------------------------------------- entry point */

static void elf_rejects_entry_outside_segments(void **state)
{
	(void)state;
	ehdr()->e_entry = KVMA + 0x100000;
	assert_rejected(IMG_SIZE, "entry");
	ehdr()->e_entry = 0;
	assert_rejected(IMG_SIZE, "entry");
}

static void elf_rejects_entry_just_past_text(void **state)
{
	(void)state;
	ehdr()->e_entry = KVMA + TEXT_PADDR + 0x80;
	assert_rejected(IMG_SIZE, "entry");
	ehdr()->e_entry = KVMA + TEXT_PADDR + 0x7f;
	assert_int_equal(check(IMG_SIZE), 0);
}

static void elf_rejects_entry_in_non_executable_segment(void **state)
{
	(void)state;
	ehdr()->e_entry = KVMA + DATA_PADDR;
	assert_rejected(IMG_SIZE, "executable");
}

static void elf_rejects_entry_in_zero_filled_part(void **state)
{
	(void)state;
	/* Make data executable: its bss part (past p_filesz) is still not code. */
	phdr(PH_DATA)->p_flags |= ELF_PF_X;
	ehdr()->e_entry = KVMA + DATA_PADDR + 0x800;
	assert_rejected(IMG_SIZE, "entry");
}

/* ---------------------------------------------------- kernel placement */

static int kernel_check(struct elf_info *info)
{
	last_why = NULL;
	assert_int_equal(elf_check(img.bytes, IMG_SIZE, info, NULL), 0);
	return elf_check_kernel(info, KVMA, MIB, 4 * GIB, &last_why);
}

static void elf_kernel_accepts_valid_placement(void **state)
{
	struct elf_info info;

	(void)state;
	assert_int_equal(kernel_check(&info), 0);
}

static void elf_kernel_rejects_vaddr_paddr_mismatch(void **state)
{
	struct elf_info info;

	(void)state;
	phdr(PH_DATA)->p_paddr += 0x1000;
	assert_int_equal(kernel_check(&info), -1);
	assert_non_null(strstr(last_why, "p_paddr"));
}

static void elf_kernel_rejects_segment_below_1mib(void **state)
{
	struct elf_info info;

	(void)state;
	set_segment(PH_DATA, ELF_PT_LOAD, ELF_PF_R | ELF_PF_W, DATA_OFFSET, 0xff000, 0x40, 0x1000);
	assert_int_equal(kernel_check(&info), -1);
	assert_non_null(strstr(last_why, "physical range"));
}

static void elf_kernel_rejects_segment_above_4gib(void **state)
{
	struct elf_info info;

	(void)state;
	/* starts inside, ends outside */
	set_segment(PH_DATA, ELF_PT_LOAD, ELF_PF_R | ELF_PF_W, DATA_OFFSET, 4 * GIB - 0x800, 0x40,
	            0x1000);
	assert_int_equal(kernel_check(&info), -1);
	assert_non_null(strstr(last_why, "physical range"));
	/* ends exactly at the limit: fine */
	set_segment(PH_DATA, ELF_PT_LOAD, ELF_PF_R | ELF_PF_W, DATA_OFFSET, 4 * GIB - 0x1000, 0x40,
	            0x1000);
	assert_int_equal(kernel_check(&info), 0);
}

static void elf_kernel_rejects_physical_overlap(void **state)
{
	struct elf_info info;

	(void)state;
	assert_int_equal(elf_check(img.bytes, IMG_SIZE, &info, NULL), 0);
	/* Distinct virtual ranges that land on the same physical bytes. */
	info.seg[1].paddr = TEXT_PADDR + 0x40;
	assert_int_equal(
	    elf_check_kernel(&info, info.seg[1].vaddr - info.seg[1].paddr, MIB, 4 * GIB, &last_why),
	    -1);
	/* seg[0] no longer matches that offset, so either rule may fire first */
	assert_non_null(last_why);
	info.seg[0].vaddr = info.seg[0].paddr + (info.seg[1].vaddr - info.seg[1].paddr);
	assert_int_equal(
	    elf_check_kernel(&info, info.seg[1].vaddr - info.seg[1].paddr, MIB, 4 * GIB, &last_why),
	    -1);
	assert_non_null(strstr(last_why, "overlap in physical"));
}

static void elf_phys_range_covers_all_segments(void **state)
{
	struct elf_info info;
	uint64_t lo, hi;

	(void)state;
	assert_int_equal(elf_check(img.bytes, IMG_SIZE, &info, NULL), 0);
	elf_phys_range(&info, &lo, &hi);
	assert_int_equal(lo, TEXT_PADDR);
	assert_int_equal(hi, DATA_PADDR + 0x1000);
}

/* ------------------------------------------------------- a real kernel */

static void elf_accepts_real_kernel_file(void **state)
{
	struct elf_info info;
	const char *why = NULL;
	uint8_t *buf;
	long size;
	FILE *f;

	(void)state;
	f = fopen(real_elf_path, "rb");
	if (f == NULL)
		fail_msg("cannot open %s", real_elf_path);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	buf = malloc(size);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, size, f), size);
	fclose(f);

	if (elf_check(buf, size, &info, &why) < 0 ||
	    elf_check_kernel(&info, KVMA, MIB, 4 * GIB, &why) < 0)
		fail_msg("%s: %s", real_elf_path, why);
	assert_true(info.nsegments >= 1);
	free(buf);
}

int main(int argc, char **argv)
{
#define T(f) cmocka_unit_test_setup(f, make_elf)
	const struct CMUnitTest tests[] = {
	    T(elf_accepts_valid_kernel_image),
	    T(elf_accepts_null_out_and_why),
	    T(elf_accepts_unaligned_buffer),
	    T(elf_ignores_empty_pt_load),
	    T(elf_accepts_segment_ending_at_file_end),
	    T(elf_rejects_null_and_empty_input),
	    T(elf_rejects_truncated_header),
	    T(elf_rejects_bad_magic),
	    T(elf_rejects_text_file),
	    T(elf_rejects_32bit_class),
	    T(elf_rejects_big_endian),
	    T(elf_rejects_unknown_version),
	    T(elf_rejects_wrong_machine),
	    T(elf_rejects_non_executable_type),
	    T(elf_rejects_wrong_phentsize),
	    T(elf_rejects_zero_phnum),
	    T(elf_rejects_phoff_past_end),
	    T(elf_rejects_phoff_that_wraps),
	    T(elf_rejects_phnum_past_end),
	    T(elf_rejects_file_cut_inside_program_headers),
	    T(elf_rejects_filesz_greater_than_memsz),
	    T(elf_rejects_segment_past_end_of_file),
	    T(elf_rejects_segment_offset_past_end),
	    T(elf_rejects_segment_offset_that_wraps),
	    T(elf_rejects_truncated_file),
	    T(elf_rejects_every_truncation),
	    T(elf_rejects_virtual_wraparound),
	    T(elf_rejects_no_pt_load),
	    T(elf_rejects_overlapping_segments),
	    T(elf_accepts_touching_segments),
	    T(elf_rejects_too_many_segments),
	    T(elf_rejects_entry_outside_segments),
	    T(elf_rejects_entry_just_past_text),
	    T(elf_rejects_entry_in_non_executable_segment),
	    T(elf_rejects_entry_in_zero_filled_part),
	    T(elf_kernel_accepts_valid_placement),
	    T(elf_kernel_rejects_vaddr_paddr_mismatch),
	    T(elf_kernel_rejects_segment_below_1mib),
	    T(elf_kernel_rejects_segment_above_4gib),
	    T(elf_kernel_rejects_physical_overlap),
	    T(elf_phys_range_covers_all_segments),
	    T(elf_accepts_real_kernel_file),
	};
#undef T

	size_t ntests = sizeof(tests) / sizeof(tests[0]);

	/*
	 * The last test needs a file from argv[1].  Without one it is left out
	 * rather than skipped: cmocka 1.1 reports a skip as "not ok ... # SKIP".
	 */
	if (argc > 1)
		real_elf_path = argv[1];
	else
		ntests--;
	return _cmocka_run_group_tests("elf_check", tests, ntests, NULL, NULL);
}
