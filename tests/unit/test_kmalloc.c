/* Host tests of mm/kmalloc.c on the fake machine of host_mm.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "mm/frame.h"
#include "mm/kmalloc.h"
#include "mm/memlayout.h"
#include "tests/unit/host_mm.h"

static void kmalloc_small_sizes_round_to_classes(void **state)
{
	(void)state;
	assert_int_equal(kheap_used(), 0);
	void *a = kmalloc(1), *b = kmalloc(17), *c = kmalloc(1024);
	assert_int_equal(kheap_used(), 16 + 32 + 1024);
	assert_int_equal((uintptr_t)a % 16, 0);
	assert_int_equal((uintptr_t)b % 32, 0);
	kfree(a);
	kfree(b);
	kfree(c);
	assert_int_equal(kheap_used(), 0);
}

static void kmalloc_big_blocks_use_whole_pages(void **state)
{
	(void)state;
	size_t frames = frame_free_count();
	void *p = kmalloc(1025);
	assert_non_null(p);
	assert_int_equal(kheap_used(), PAGE_SIZE);
	void *q = kmalloc(3 * PAGE_SIZE);
	assert_int_equal(kheap_used(), PAGE_SIZE + 4 * PAGE_SIZE); /* header needs a 4th page */
	memset(q, 1, 3 * PAGE_SIZE);
	kfree(p);
	kfree(q);
	assert_int_equal(kheap_used(), 0);
	assert_int_equal(frame_free_count(), frames);
}

static void kmalloc_returns_frames_when_empty(void **state)
{
	(void)state;
	size_t frames = frame_free_count();
	void *p[600];
	for (int i = 0; i < 600; i++) {
		p[i] = kmalloc(64);
		assert_non_null(p[i]);
		memset(p[i], i & 0xff, 64);
	}
	assert_true(frame_free_count() < frames);
	for (int i = 0; i < 600; i++) /* nobody overwrote anybody */
		assert_int_equal(((unsigned char *)p[i])[63], i & 0xff);
	for (int i = 0; i < 600; i += 2)
		kfree(p[i]);
	for (int i = 1; i < 600; i += 2)
		kfree(p[i]);
	assert_int_equal(frame_free_count(), frames);
	assert_int_equal(kheap_used(), 0);
}

static void kmalloc_objects_are_distinct(void **state)
{
	(void)state;
	enum { N = 2000 };
	static void *p[N];
	srand(1);
	for (int i = 0; i < N; i++) {
		size_t n = 1 + rand() % 3000;
		p[i] = kzalloc(n);
		assert_non_null(p[i]);
		for (size_t j = 0; j < n; j++)
			assert_int_equal(((unsigned char *)p[i])[j], 0);
		memset(p[i], 0xcd, n);
	}
	for (int i = 0; i < N; i++)
		for (int j = i + 1; j < i + 4 && j < N; j++)
			assert_ptr_not_equal(p[i], p[j]);
	for (int i = N - 1; i >= 0; i--)
		kfree(p[i]);
	assert_int_equal(kheap_used(), 0);
}

static void kmalloc_reports_out_of_memory(void **state)
{
	(void)state;
	assert_null(kmalloc(HOST_RAM_SIZE)); /* no run that long */
	assert_null(kmalloc((size_t)1 << 50));
	assert_int_equal(kheap_used(), 0);
}

static void kfree_null_is_a_no_op(void **state)
{
	(void)state;
	kfree(NULL);
	assert_int_equal(kheap_used(), 0);
}

static void kfree_detects_double_free_and_bad_pointers(void **state)
{
	(void)state;
	void *keep = kmalloc(32); /* keeps the slab alive after p is freed */
	void *p = kmalloc(32);
	kfree(p);
	assert_true(EXPECT_PANIC(kfree(p)));
	assert_non_null(strstr(panic_message, "double free"));
	assert_true(EXPECT_PANIC(kfree((char *)keep + 8)));
	assert_non_null(strstr(panic_message, "not the start"));
	void *big = kmalloc(5000);
	assert_true(EXPECT_PANIC(kfree((char *)big + 16)));
	kfree(big);
	assert_true(EXPECT_PANIC(kfree(big)));
	kfree(keep);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(kmalloc_small_sizes_round_to_classes,
	                                    host_mm_setup_test, host_mm_teardown_test),
	    cmocka_unit_test_setup_teardown(kmalloc_big_blocks_use_whole_pages, host_mm_setup_test,
	                                    host_mm_teardown_test),
	    cmocka_unit_test_setup_teardown(kmalloc_returns_frames_when_empty, host_mm_setup_test,
	                                    host_mm_teardown_test),
	    cmocka_unit_test_setup_teardown(kmalloc_objects_are_distinct, host_mm_setup_test,
	                                    host_mm_teardown_test),
	    cmocka_unit_test_setup_teardown(kmalloc_reports_out_of_memory, host_mm_setup_test,
	                                    host_mm_teardown_test),
	    cmocka_unit_test_setup_teardown(kfree_null_is_a_no_op, host_mm_setup_test,
	                                    host_mm_teardown_test),
	    cmocka_unit_test_setup_teardown(kfree_detects_double_free_and_bad_pointers,
	                                    host_mm_setup_test, host_mm_teardown_test),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
