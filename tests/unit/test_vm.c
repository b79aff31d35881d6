/* Host tests of the page-table API (mm/vm.c) on the fake machine of host_mm.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "include/uapi/errno.h"
#include "mm/frame.h"
#include "mm/kvm.h"
#include "mm/memlayout.h"
#include "mm/vm.h"
#include "tests/unit/host_mm.h"

extern int tlb_flushes;
static size_t frames_at_start;

static int setup(void **state)
{
	(void)state;
	host_mm_setup();
	kernel_pml4 = P2V(frame_alloc());                 /* an (empty) kernel half to share */
	kernel_pml4[300] = frame_alloc() | PTE_P | PTE_W; /* an empty kernel table */
	frames_at_start = frame_free_count();
	return 0;
}

static void vm_create_shares_kernel_half(void **state)
{
	(void)state;
	pte_t *pml4 = vm_create();
	assert_non_null(pml4);
	assert_int_equal(pml4[300], kernel_pml4[300]);
	assert_int_equal(pml4[0], 0);
	vm_destroy(pml4);
	assert_int_equal(frame_free_count(), frames_at_start);
}

static void vm_map_builds_four_levels_with_leaf_permissions(void **state)
{
	(void)state;
	pte_t *pml4 = vm_create();
	uint64_t pa = frame_alloc();
	assert_int_equal(vm_map(pml4, 0x400000, pa, PAGE_SIZE, VM_USER | VM_EXEC), 0);
	/* Walk it by hand, the way the CPU does. */
	pte_t l4 = pml4[0];
	assert_true((l4 & PTE_P) && (l4 & PTE_W) && (l4 & PTE_U));
	pte_t *pdpt = P2V(l4 & PTE_ADDR_MASK);
	pte_t *pd = P2V(pdpt[0] & PTE_ADDR_MASK);
	pte_t *pt = P2V(pd[2] & PTE_ADDR_MASK); /* 0x400000 >> 21 == 2 */
	pte_t leaf = pt[0];
	assert_int_equal(leaf & PTE_ADDR_MASK, pa);
	assert_true((leaf & PTE_P) && (leaf & PTE_U));
	assert_false(leaf & PTE_W);
	assert_false(leaf & PTE_NX);
	assert_ptr_equal(vm_walk(pml4, 0x400123, false), &pt[0]);
	vm_unmap(pml4, 0x400000, PAGE_SIZE, true);
	vm_destroy(pml4);
	assert_int_equal(frame_free_count(), frames_at_start);
}

static void vm_flags_round_trip(void **state)
{
	(void)state;
	unsigned all[] = {0,
	                  VM_WRITE,
	                  VM_EXEC,
	                  VM_USER,
	                  VM_WRITE | VM_USER,
	                  VM_NOCACHE | VM_GLOBAL,
	                  VM_WRITE | VM_EXEC | VM_USER};
	for (size_t i = 0; i < sizeof(all) / sizeof(all[0]); i++)
		assert_int_equal(vm_pte_to_flags(vm_flags_to_pte(all[i])), all[i]);
	assert_true(vm_flags_to_pte(0) & PTE_NX);
}

static void vm_map_rejects_misaligned_and_overlapping(void **state)
{
	(void)state;
	pte_t *pml4 = vm_create();
	uint64_t pa = frame_alloc();
	assert_int_equal(vm_map(pml4, 0x1001, pa, PAGE_SIZE, 0), -EINVAL);
	assert_int_equal(vm_map(pml4, 0x1000, pa + 1, PAGE_SIZE, 0), -EINVAL);
	assert_int_equal(vm_map(pml4, 0x1000, pa, 100, 0), -EINVAL);
	assert_int_equal(vm_map(pml4, 0x1000, pa, PAGE_SIZE, 0), 0);
	assert_int_equal(vm_map(pml4, 0x1000, pa, PAGE_SIZE, VM_WRITE), -EEXIST);
	assert_int_equal(vm_map(pml4, 0x200000, 0x200000, HUGE_PAGE_SIZE, VM_HUGE), 0);
	assert_int_equal(vm_map(pml4, 0x201000, pa, PAGE_SIZE, 0),
	                 -EEXIST); /* inside the huge page */
	assert_int_equal(vm_map(pml4, 0x400000, 0x1000, HUGE_PAGE_SIZE, VM_HUGE), -EINVAL);
	vm_unmap(pml4, 0x200000, HUGE_PAGE_SIZE, false);
	vm_unmap(pml4, 0x1000, PAGE_SIZE, true);
	vm_destroy(pml4);
	assert_int_equal(frame_free_count(), frames_at_start);
}

static void vm_lookup_reports_address_and_flags(void **state)
{
	(void)state;
	pte_t *pml4 = vm_create();
	uint64_t pa = frame_alloc();
	uint64_t got;
	unsigned flags;
	assert_false(vm_lookup(pml4, 0x5000, &got, &flags));
	vm_map(pml4, 0x5000, pa, PAGE_SIZE, VM_WRITE | VM_USER);
	assert_true(vm_lookup(pml4, 0x5abc, &got, &flags));
	assert_int_equal(got, pa + 0xabc);
	assert_int_equal(flags, VM_WRITE | VM_USER);
	vm_map(pml4, 0x40000000, 0x600000, HUGE_PAGE_SIZE, VM_HUGE);
	assert_true(vm_lookup(pml4, 0x40012345, &got, &flags));
	assert_int_equal(got, 0x612345);
	assert_true(flags & VM_HUGE);
	vm_unmap(pml4, 0x40000000, HUGE_PAGE_SIZE, false);
	vm_unmap(pml4, 0x5000, PAGE_SIZE, true);
	vm_destroy(pml4);
}

static void vm_protect_changes_only_permissions(void **state)
{
	(void)state;
	pte_t *pml4 = vm_create();
	uint64_t pa = frame_alloc();
	vm_map(pml4, 0x7000, pa, PAGE_SIZE, VM_WRITE | VM_USER);
	*vm_walk(pml4, 0x7000, false) |= PTE_A | PTE_D;
	int before = tlb_flushes;
	assert_int_equal(vm_protect(pml4, 0x7000, PAGE_SIZE, VM_USER), 0);
	pte_t leaf = *vm_walk(pml4, 0x7000, false);
	assert_int_equal(leaf & PTE_ADDR_MASK, pa);
	assert_true(leaf & PTE_D); /* dirty and accessed survive */
	assert_false(leaf & PTE_W);
	assert_int_equal(tlb_flushes, before + 1);
	/* A range with nothing mapped is fine; splitting a huge page is not. */
	assert_int_equal(vm_protect(pml4, 0x100000, 0x10000, 0), 0);
	vm_map(pml4, 0x200000, 0x200000, HUGE_PAGE_SIZE, VM_HUGE);
	assert_int_equal(vm_protect(pml4, 0x200000, PAGE_SIZE, 0), -EINVAL);
	vm_unmap(pml4, 0x200000, HUGE_PAGE_SIZE, false);
	vm_unmap(pml4, 0x7000, PAGE_SIZE, true);
	vm_destroy(pml4);
	assert_int_equal(frame_free_count(), frames_at_start);
}

static void vm_unmap_counts_and_releases_frames(void **state)
{
	(void)state;
	pte_t *pml4 = vm_create();
	uint64_t pas[8];
	for (int i = 0; i < 8; i++) {
		pas[i] = frame_alloc();
		assert_int_equal(vm_map(pml4, 0x10000 + i * 2 * PAGE_SIZE, pas[i], PAGE_SIZE, 0),
		                 0);
	}
	frame_ref(pas[3]); /* a second owner: survives the unmap */
	size_t n = vm_unmap(pml4, 0x10000, 16 * PAGE_SIZE, true);
	assert_int_equal(n, 8);
	assert_int_equal(frame_refcount(pas[3]), 1);
	assert_int_equal(frame_refcount(pas[4]), 0);
	assert_false(vm_lookup(pml4, 0x10000, NULL, NULL));
	assert_int_equal(vm_unmap(pml4, 0x10000, 16 * PAGE_SIZE, true), 0); /* nothing left */
	frame_put(pas[3]);
	vm_destroy(pml4);
	assert_int_equal(frame_free_count(), frames_at_start);
}

static void vm_unmap_refuses_to_split_a_huge_page(void **state)
{
	(void)state;
	pte_t *pml4 = vm_create();
	vm_map(pml4, 0x200000, 0x200000, HUGE_PAGE_SIZE, VM_HUGE);
	assert_true(EXPECT_PANIC(vm_unmap(pml4, 0x201000, PAGE_SIZE, false)));
	assert_non_null(strstr(panic_message, "splits"));
}

static void vm_iter_visits_in_order_and_skips_holes(void **state)
{
	(void)state;
	pte_t *pml4 = vm_create();
	const uintptr_t vas[] = {0x0, 0x3000, 0x200000, 0x40000000, 0x7ffffffff000};
	for (int i = 0; i < 5; i++)
		vm_map(pml4, vas[i], frame_alloc(), PAGE_SIZE, 0);
	vm_map(pml4, 0x80000000, 0x800000, HUGE_PAGE_SIZE, VM_HUGE);

	struct vm_iter it;
	int n = 0;
	uintptr_t expect[] = {0x0, 0x3000, 0x200000, 0x40000000, 0x80000000, 0x7ffffffff000};
	for (vm_iter_init(&it, pml4, 0, USER_TOP); vm_iter_next(&it); n++) {
		assert_true(n < 6);
		assert_int_equal(it.va, expect[n]);
		assert_int_equal(it.size, expect[n] == 0x80000000 ? HUGE_PAGE_SIZE : PAGE_SIZE);
	}
	assert_int_equal(n, 6);

	/* A sub-range starting inside the huge page reports the whole page once. */
	n = 0;
	for (vm_iter_init(&it, pml4, 0x80001000, 0x80003000); vm_iter_next(&it); n++)
		assert_int_equal(it.pa, 0x800000);
	assert_int_equal(n, 1);

	/* Empty ranges and ranges in the canonical hole yield nothing. */
	vm_iter_init(&it, pml4, 0x5000, 0x5000);
	assert_false(vm_iter_next(&it));
	vm_iter_init(&it, pml4, USER_TOP, 0xffff800000000000UL);
	assert_false(vm_iter_next(&it));
	vm_unmap(pml4, 0x80000000, HUGE_PAGE_SIZE, false);
	vm_unmap(pml4, 0, USER_TOP, true);
	vm_destroy(pml4);
	assert_int_equal(frame_free_count(), frames_at_start);
}

static void vm_iter_reaches_the_top_of_memory(void **state)
{
	(void)state;
	pte_t *pml4 = vm_create();
	uint64_t pa = frame_alloc();
	vm_map(pml4, 0xfffffffffffff000UL, pa, PAGE_SIZE, 0);
	struct vm_iter it;
	int n = 0;
	for (vm_iter_init(&it, pml4, 0xffff800000000000UL, UINTPTR_MAX); vm_iter_next(&it); n++)
		assert_int_equal(it.va, 0xfffffffffffff000UL);
	assert_int_equal(n, 1);
	vm_unmap(pml4, 0xfffffffffffff000UL, PAGE_SIZE, true);
	assert_int_equal(frame_refcount(pa), 0);
}

static void vm_destroy_panics_on_live_mapping(void **state)
{
	(void)state;
	pte_t *pml4 = vm_create();
	vm_map(pml4, 0x1000, frame_alloc(), PAGE_SIZE, 0);
	assert_true(EXPECT_PANIC(vm_destroy(pml4)));
	assert_non_null(strstr(panic_message, "still mapped"));
}

static void vm_map_reports_out_of_memory(void **state)
{
	(void)state;
	pte_t *pml4 = vm_create();
	uint64_t pa = frame_alloc();
	while (frame_alloc())
		; /* exhaust memory: no frame left for page tables */
	assert_int_equal(vm_map(pml4, 0x1000, pa, PAGE_SIZE, 0), -ENOMEM);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, host_mm_teardown_test)
int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(vm_create_shares_kernel_half),
	    T(vm_map_builds_four_levels_with_leaf_permissions),
	    T(vm_flags_round_trip),
	    T(vm_map_rejects_misaligned_and_overlapping),
	    T(vm_lookup_reports_address_and_flags),
	    T(vm_protect_changes_only_permissions),
	    T(vm_unmap_counts_and_releases_frames),
	    T(vm_unmap_refuses_to_split_a_huge_page),
	    T(vm_iter_visits_in_order_and_skips_holes),
	    T(vm_iter_reaches_the_top_of_memory),
	    T(vm_destroy_panics_on_live_mapping),
	    T(vm_map_reports_out_of_memory),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
