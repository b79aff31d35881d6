/* Host tests of mm/frame.c on the fake machine of host_mm.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "mm/frame.h"
#include "mm/memlayout.h"
#include "tests/unit/host_mm.h"

static int overlaps(uint64_t pa, uint64_t base, uint64_t len)
{
	return pa + PAGE_SIZE > base && pa < base + len;
}

static void frame_counts_exclude_reserved_memory(void **state)
{
	(void)state;
	/* Usable: 1-48 MiB and 49-64 MiB (below 1 MiB is never handed out),
	 * minus the kernel (1 MiB), the initrd (64 KiB) and the bookkeeping:
	 * a bit and a 32-bit count for each of the 16384 frames = 17 pages. */
	size_t usable = ((47UL << 20) + (15UL << 20)) / PAGE_SIZE;
	size_t kernel = 256, initrd = 16, bookkeeping = 17;
	size_t total = frame_total_count();
	assert_int_equal(total, usable - kernel - initrd - bookkeeping);
	assert_int_equal(frame_free_count(), total);
	assert_int_equal(frame_max_phys(), HOST_RAM_SIZE);
}

static void frame_alloc_never_returns_reserved_frames(void **state)
{
	(void)state;
	const struct boot_info *bi = &host_boot_info;
	size_t n = 0;
	uint64_t pa, first = 0;
	while ((pa = frame_alloc()) != 0) {
		if (!first)
			first = pa;
		assert_true(pa >= (1UL << 20));
		assert_false(overlaps(pa, bi->kernel_phys_base, bi->kernel_phys_size));
		assert_false(overlaps(pa, bi->initrd_base, bi->initrd_size));
		assert_false(overlaps(pa, 48UL << 20, 1UL << 20)); /* the ACPI region */
		assert_true(pa < HOST_RAM_SIZE);
		n++;
	}
	assert_int_equal(n, frame_total_count());
	assert_int_equal(frame_free_count(), 0);
	assert_int_equal(frame_alloc_contig(1), 0);
	frame_put(first);
	assert_int_equal(frame_free_count(), 1);
	assert_int_equal(frame_alloc(), first);
}

static void frame_alloc_zero_fills(void **state)
{
	(void)state;
	uint64_t pa = frame_alloc();
	unsigned char *p = P2V(pa);
	for (size_t i = 0; i < PAGE_SIZE; i++)
		assert_int_equal(p[i], 0);
	memset(p, 0xee, PAGE_SIZE);
	frame_put(pa);
	assert_int_equal(p[100], 0x5a); /* freed frames are filled with junk */
	uint64_t again = frame_alloc_contig(1);
	assert_int_equal(((unsigned char *)P2V(again))[100], 0);
}

static void frame_refcount_frees_at_zero(void **state)
{
	(void)state;
	size_t before = frame_free_count();
	uint64_t pa = frame_alloc();
	assert_int_equal(frame_refcount(pa), 1);
	frame_ref(pa);
	frame_ref(pa);
	assert_int_equal(frame_refcount(pa), 3);
	frame_put(pa);
	frame_put(pa);
	assert_int_equal(frame_free_count(), before - 1);
	frame_put(pa);
	assert_int_equal(frame_refcount(pa), 0);
	assert_int_equal(frame_free_count(), before);
}

static void frame_contig_runs_are_contiguous_and_free_again(void **state)
{
	(void)state;
	size_t before = frame_free_count();
	uint64_t run = frame_alloc_contig(300);
	assert_int_not_equal(run, 0);
	for (int i = 0; i < 300; i++)
		assert_int_equal(frame_refcount(run + i * PAGE_SIZE), 1);
	assert_int_equal(frame_free_count(), before - 300);
	for (int i = 0; i < 300; i++)
		frame_put(run + i * PAGE_SIZE);
	assert_int_equal(frame_free_count(), before);
	/* Larger than any free run (the biggest is 8 MiB + 64 KiB .. 48 MiB): refused. */
	assert_int_equal(frame_alloc_contig((40UL << 20) / PAGE_SIZE), 0);
	uint64_t biggest = frame_alloc_contig((39UL << 20) / PAGE_SIZE);
	assert_true(biggest >= (8UL << 20) + (64UL << 10));
	for (uint64_t i = 0; i < (39UL << 20) / PAGE_SIZE; i++)
		frame_put(biggest + i * PAGE_SIZE);
	assert_int_equal(frame_alloc_contig(0), 0);
	assert_int_equal(frame_free_count(), before);
}

static void frame_contig_skips_fragmented_areas(void **state)
{
	(void)state;
	/* Allocate everything, free every other frame: no run of 2 exists. */
	uint64_t pas[20000];
	size_t n = 0;
	uint64_t pa;
	while (n < 20000 && (pa = frame_alloc()) != 0)
		pas[n++] = pa;
	for (size_t i = 0; i < n; i += 2)
		frame_put(pas[i]);
	assert_int_equal(frame_alloc_contig(2), 0);
	assert_int_not_equal(frame_alloc(), 0);
}

static void frame_bad_put_panics(void **state)
{
	(void)state;
	uint64_t pa = frame_alloc();
	frame_put(pa);
	assert_true(EXPECT_PANIC(frame_put(pa)));        /* already free */
	assert_true(EXPECT_PANIC(frame_put(pa + 8)));    /* not page-aligned */
	assert_true(EXPECT_PANIC(frame_ref(1UL << 40))); /* beyond RAM */
	assert_non_null(strstr(panic_message, "bad frame"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(frame_counts_exclude_reserved_memory,
	                                    host_mm_setup_test, host_mm_teardown_test),
	    cmocka_unit_test_setup_teardown(frame_alloc_never_returns_reserved_frames,
	                                    host_mm_setup_test, host_mm_teardown_test),
	    cmocka_unit_test_setup_teardown(frame_alloc_zero_fills, host_mm_setup_test,
	                                    host_mm_teardown_test),
	    cmocka_unit_test_setup_teardown(frame_refcount_frees_at_zero, host_mm_setup_test,
	                                    host_mm_teardown_test),
	    cmocka_unit_test_setup_teardown(frame_contig_runs_are_contiguous_and_free_again,
	                                    host_mm_setup_test, host_mm_teardown_test),
	    cmocka_unit_test_setup_teardown(frame_contig_skips_fragmented_areas, host_mm_setup_test,
	                                    host_mm_teardown_test),
	    cmocka_unit_test_setup_teardown(frame_bad_put_panics, host_mm_setup_test,
	                                    host_mm_teardown_test),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
