/*
 * selftest.c: tests that can only run inside the kernel.
 *
 * Run when the kernel boots with no program to start.  Each check prints
 * one protocol line (PASS name / FAIL name: detail).  The last check
 * compares free frames and heap bytes with their values before the tests:
 * every test must give back everything it took.
 */
#include <stdbool.h>

#include "include/uapi/errno.h"
#include "kernel/clock.h"
#include "kernel/format.h"
#include "kernel/kernel.h"
#include "kernel/probe.h"
#include "kernel/printk.h"
#include "kernel/x86.h"
#include "lib/string.h"
#include "mm/frame.h"
#include "mm/kmalloc.h"
#include "mm/kvm.h"
#include "mm/memlayout.h"
#include "mm/vm.h"

static int passed, failed;

static void check(bool ok, const char *name, const char *detail)
{
	if (ok) {
		printk("PASS %s\n", name);
		passed++;
	} else {
		printk("FAIL %s: %s\n", name, detail);
		failed++;
	}
}

static void test_frames(void)
{
	size_t before = frame_free_count();
	uint64_t a = frame_alloc(), b = frame_alloc();
	bool ok = a && b && a != b && !(a & 0xfff) && frame_free_count() == before - 2;
	ok = ok && ((uint64_t *)P2V(a))[17] == 0 && frame_refcount(a) == 1;
	frame_ref(a);
	ok = ok && frame_refcount(a) == 2;
	frame_put(a);
	ok = ok && frame_refcount(a) == 1 && frame_free_count() == before - 2;
	frame_put(a);
	frame_put(b);
	check(ok && frame_free_count() == before, "frame_alloc_ref_put",
	      "counts or refcounts wrong");

	uint64_t run = frame_alloc_contig(16);
	ok = run && frame_free_count() == before - 16;
	for (int i = 0; run && i < 16; i++)
		frame_put(run + i * PAGE_SIZE);
	check(ok && frame_free_count() == before, "frame_alloc_contig", "16-frame run failed");
}

static void test_heap(void)
{
	size_t before = kheap_used();
	static const size_t sizes[] = {1, 16, 17, 100, 1024, 1025, 5000, 70000};
	void *p[8];
	bool ok = true;
	for (int i = 0; i < 8; i++) {
		p[i] = kmalloc(sizes[i]);
		ok = ok && p[i] && ((uintptr_t)p[i] & 15) == 0;
		if (p[i])
			memset(p[i], 0xa0 + i, sizes[i]);
	}
	for (int i = 0; i < 8 && ok; i++)
		ok = ((unsigned char *)p[i])[sizes[i] - 1] == 0xa0 + i;
	for (int i = 0; i < 8; i++)
		kfree(p[i]);
	check(ok && kheap_used() == before, "kmalloc_kfree", "bad pointer, content or count");
}

/*
 * Map a frame in a fresh address space, switch to it, write through the
 * mapping and read the frame back through the direct map; then make it
 * read-only and see the CPU refuse a write; then unmap it.
 */
static void test_page_table(void)
{
	size_t frames_before = frame_free_count();
	const uintptr_t va = 0x40000000;
	pte_t *pml4 = vm_create();
	uint64_t pa = frame_alloc();
	bool ok = pml4 && pa && vm_map(pml4, va, pa, PAGE_SIZE, VM_WRITE) == 0;
	check(ok, "vm_map", "vm_create, frame_alloc or vm_map failed");
	if (!ok)
		return;
	check(vm_map(pml4, va, pa, PAGE_SIZE, VM_WRITE) == -EEXIST, "vm_map_twice_eexist",
	      "mapping a mapped page should give -EEXIST");

	vm_activate(pml4);
	int w = probe_write_byte((void *)va, 0x5c);
	uint8_t r = 0;
	int rd = probe_read_byte((void *)(va + 1), &r);
	check(w == 0 && rd == 0 && *(uint8_t *)P2V(pa) == 0x5c && r == 0, "vm_write_read_back",
	      "write through the mapping did not reach the frame");

	uint64_t got_pa = 0;
	unsigned flags = 0;
	bool found = vm_lookup(pml4, va + 5, &got_pa, &flags);
	check(found && got_pa == pa + 5 && (flags & VM_WRITE) && !(flags & VM_USER) &&
	          !(flags & VM_EXEC),
	      "vm_lookup", "wrong address or flags");

	ok = vm_protect(pml4, va, PAGE_SIZE, 0) == 0;
	w = probe_write_byte((void *)va, 0x77);
	check(ok && w == -EFAULT && *(uint8_t *)P2V(pa) == 0x5c, "vm_protect_readonly_faults",
	      "a write to a read-only page did not fault");
	rd = probe_read_byte((void *)va, &r);
	check(rd == 0 && r == 0x5c, "vm_protect_still_readable", "read-only page not readable");

	frame_ref(pa); /* keep the frame across the unmap to look at it */
	size_t n = vm_unmap(pml4, va, PAGE_SIZE, true);
	rd = probe_read_byte((void *)va, &r);
	check(n == 1 && rd == -EFAULT && frame_refcount(pa) == 1, "vm_unmap",
	      "page still readable after unmap, or refcount wrong");
	frame_put(pa);

	vm_activate(kernel_pml4);
	vm_destroy(pml4);
	check(frame_free_count() == frames_before, "vm_frames_returned",
	      "page-table pages or the frame leaked");
}

static void test_iterator(void)
{
	size_t frames_before = frame_free_count();
	pte_t *pml4 = vm_create();
	static const uintptr_t vas[] = {0x1000, 0x200000, 0x7fff0000, 0x7ffffffff000};
	bool ok = pml4 != 0;
	for (int i = 0; ok && i < 4; i++) {
		uint64_t pa = frame_alloc();
		ok = pa && vm_map(pml4, vas[i], pa, PAGE_SIZE, VM_USER) == 0;
	}
	struct vm_iter it;
	int seen = 0;
	for (vm_iter_init(&it, pml4, 0, USER_TOP); ok && vm_iter_next(&it); seen++)
		ok = seen < 4 && it.va == vas[seen] && it.size == PAGE_SIZE;
	check(ok && seen == 4, "vm_iter_visits_mappings", "iterator missed or invented a page");
	if (pml4) {
		vm_unmap(pml4, 0, USER_TOP, true);
		vm_destroy(pml4);
	}
	check(frame_free_count() == frames_before, "vm_iter_frames_returned", "leak");
}

static void test_kernel_map(void)
{
	extern char _text_start[], _rodata_start[], _data_start[];
	unsigned f_text = 0, f_ro = 0, f_data = 0, f_direct = 0;
	bool ok = vm_lookup(kernel_pml4, (uintptr_t)_text_start, 0, &f_text) &&
	          vm_lookup(kernel_pml4, (uintptr_t)_rodata_start, 0, &f_ro) &&
	          vm_lookup(kernel_pml4, (uintptr_t)_data_start, 0, &f_data) &&
	          vm_lookup(kernel_pml4, (uintptr_t)P2V(0x100000), 0, &f_direct);
	ok = ok && (f_text & VM_EXEC) && !(f_text & VM_WRITE);
	ok = ok && !(f_ro & VM_EXEC) && !(f_ro & VM_WRITE);
	ok = ok && !(f_data & VM_EXEC) && (f_data & VM_WRITE);
	ok = ok && !(f_direct & VM_EXEC) && (f_direct & VM_WRITE);
	check(ok, "kernel_map_permissions",
	      "text must be R+X, rodata R, data RW+NX, direct map NX");
	check(probe_write_byte((void *)_text_start, 0x90) == -EFAULT, "kernel_text_readonly",
	      "kernel text was writable");
	check(!vm_lookup(kernel_pml4, 0, 0, 0), "page_zero_unmapped", "address 0 is mapped");
}

static void test_stack_guard(void)
{
	size_t frames_before = frame_free_count();
	uintptr_t top = kstack_alloc(4);
	bool ok = top != 0;
	uint8_t r;
	ok = ok && probe_write_byte((void *)(top - 1), 1) == 0;
	ok = ok && probe_write_byte((void *)(top - 4 * PAGE_SIZE), 1) == 0;
	ok = ok && probe_read_byte((void *)(top - 4 * PAGE_SIZE - 1), &r) == -EFAULT;
	if (top)
		kstack_free(top);
	check(ok, "kstack_guard_page", "stack not mapped, or nothing unmapped below it");
	check(frame_free_count() == frames_before, "kstack_frames_returned", "leak");
}

static void test_clock(void)
{
	uint64_t start_ticks = ticks, start_ns = clock_ns();
	uint64_t deadline = rdtsc() + tsc_hz; /* at most one second */
	while (ticks < start_ticks + 3 && rdtsc() < deadline)
		hlt();
	uint64_t elapsed_ns = clock_ns() - start_ns;
	char detail[96];
	snformat(detail, sizeof(detail), "3 ticks took %lu ns, ticks %lu -> %lu", elapsed_ns,
	         start_ticks, ticks);
	/* 3 ticks at HZ=100 are 20-30 ms; allow a wide margin for an emulated CPU. */
	check(ticks >= start_ticks + 3 && elapsed_ns > 10000000 && elapsed_ns < 500000000,
	      "timer_ticks_and_clock_agree", detail);
	uint64_t year_2020 = 1577836800ULL * 1000000000ULL;
	check(clock_realtime_ns() > year_2020, "rtc_wall_clock", "RTC time before 2020");
}

int selftest_run(void)
{
	size_t frames = frame_free_count(), heap = kheap_used();
	printk("selftest: starting\n");
	test_frames();
	test_heap();
	test_page_table();
	test_iterator();
	test_kernel_map();
	test_stack_guard();
	test_clock();
	char detail[96];
	snformat(detail, sizeof(detail), "free frames %lu -> %lu, heap bytes %lu -> %lu", frames,
	         frame_free_count(), heap, kheap_used());
	check(frame_free_count() == frames && kheap_used() == heap, "selftest_no_leaks", detail);
	printk("selftest summary: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
