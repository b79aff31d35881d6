/*
 * vm.c: building and changing x86-64 four-level page tables.
 *
 * The tables themselves are frames from frame.c, reached through the
 * direct map (P2V).  Intermediate entries are always present+writable+user:
 * the leaf entry alone decides what an access may do, which keeps every
 * permission in one place.
 */
#include "include/uapi/errno.h"
#include "kernel/panic.h"
#include "lib/string.h"
#include "mm/frame.h"
#include "mm/kvm.h"
#include "mm/memlayout.h"
#include "mm/vm.h"

#define LEVELS           4 /* 3 = PML4, 2 = PDPT, 1 = PD, 0 = PT */
#define INTERMEDIATE     (PTE_P | PTE_W | PTE_U)
#define LOWER_HALF_END   0x0000800000000000UL
#define UPPER_HALF_START 0xffff800000000000UL

static unsigned index_at(uintptr_t va, int level)
{
	return (va >> (PAGE_SHIFT + 9 * level)) & 511;
}

static uint64_t span_of(int level)
{
	return 1UL << (PAGE_SHIFT + 9 * level);
}

static pte_t *table_of(pte_t entry)
{
	return P2V(entry & PTE_ADDR_MASK);
}

pte_t vm_flags_to_pte(unsigned flags)
{
	if (flags & VM_NONE)
		return PTE_PROTNONE | PTE_NX | ((flags & VM_USER) ? PTE_U : 0);
	pte_t pte = PTE_P;
	if (flags & VM_WRITE)
		pte |= PTE_W;
	if (!(flags & VM_EXEC))
		pte |= PTE_NX;
	if (flags & VM_USER)
		pte |= PTE_U;
	if (flags & VM_NOCACHE)
		pte |= PTE_PCD | PTE_PWT;
	if (flags & VM_GLOBAL)
		pte |= PTE_G;
	return pte;
}

unsigned vm_pte_to_flags(pte_t pte)
{
	unsigned flags = 0;
	if (!(pte & PTE_P) && (pte & PTE_PROTNONE))
		return VM_NONE | ((pte & PTE_U) ? VM_USER : 0);
	if (pte & PTE_W)
		flags |= VM_WRITE;
	if (!(pte & PTE_NX))
		flags |= VM_EXEC;
	if (pte & PTE_U)
		flags |= VM_USER;
	if (pte & PTE_PCD)
		flags |= VM_NOCACHE;
	if (pte & PTE_G)
		flags |= VM_GLOBAL;
	if (pte & PTE_PS)
		flags |= VM_HUGE;
	return flags;
}

/*
 * The entry for va at `level`, descending from the PML4.  Missing tables are
 * allocated (zeroed) when alloc is set; otherwise NULL.  A 2 MiB leaf met on
 * the way is returned as is.
 */
static pte_t *walk_to(pte_t *pml4, uintptr_t va, int level, bool alloc)
{
	pte_t *table = pml4;
	for (int l = LEVELS - 1; l > level; l--) {
		pte_t *e = &table[index_at(va, l)];
		if (*e & PTE_P) {
			if (*e & PTE_PS)
				return e;
		} else {
			if (!alloc)
				return 0;
			uint64_t pa = frame_alloc();
			if (!pa)
				return 0;
			*e = pa | INTERMEDIATE;
		}
		table = table_of(*e);
	}
	return &table[index_at(va, level)];
}

pte_t *vm_walk(pte_t *pml4, uintptr_t va, bool alloc)
{
	return walk_to(pml4, va, 0, alloc);
}

int vm_map(pte_t *pml4, uintptr_t va, uint64_t pa, size_t len, unsigned flags)
{
	bool huge = flags & VM_HUGE;
	uint64_t step = huge ? HUGE_PAGE_SIZE : PAGE_SIZE;
	if ((va | pa | len) & (step - 1))
		return -EINVAL;
	pte_t bits = vm_flags_to_pte(flags) | (huge ? PTE_PS : 0);
	for (uint64_t off = 0; off < len; off += step) {
		pte_t *e = walk_to(pml4, va + off, huge ? 1 : 0, true);
		if (!e)
			return -ENOMEM; /* pages mapped so far stay mapped: caller unmaps */
		if (pte_used(*e))
			return -EEXIST;
		*e = (pa + off) | bits;
	}
	return 0;
}

void vm_iter_init(struct vm_iter *it, pte_t *pml4, uintptr_t start, uintptr_t end)
{
	it->pml4 = pml4;
	it->cursor = start;
	it->end = end;
	it->done = false;
}

/* Does entry e of a level-l table lead anywhere (a table, a page, a PROT_NONE page)? */
static bool entry_in_use(pte_t e, int level)
{
	return level == 0 ? pte_used(e) : (e & PTE_P) != 0;
}

/* Next mapped page at or after the cursor; skips whole empty tables at once. */
bool vm_iter_next(struct vm_iter *it)
{
	while (!it->done && it->cursor < it->end) {
		if (it->cursor >= LOWER_HALF_END && it->cursor < UPPER_HALF_START) {
			it->cursor = UPPER_HALF_START; /* jump the canonical hole */
			continue;
		}
		pte_t *table = it->pml4;
		for (int l = LEVELS - 1; l >= 0; l--) {
			pte_t *e = &table[index_at(it->cursor, l)];
			bool leaf = l == 0 ? pte_used(*e) : (*e & PTE_P) && (*e & PTE_PS);
			if ((*e & PTE_P) && !leaf) {
				table = table_of(*e);
				continue;
			}
			/* A leaf, or a hole as big as this level's span: step over it.
			 * A run of holes in this table is skipped in one go, without
			 * walking down from the root again for each (detaching a large
			 * segment that was never touched costs what a small one does). */
			uintptr_t base = it->cursor & ~(span_of(l) - 1);
			if (!leaf) {
				unsigned i = index_at(base, l);
				while (i < 511 && base + span_of(l) < it->end &&
				       !entry_in_use(table[i + 1], l)) {
					i++;
					base += span_of(l);
				}
			}
			uintptr_t next = base + span_of(l);
			if (next <= base)
				it->done = true; /* wrapped past the top of memory */
			else
				it->cursor = next;
			if (leaf) {
				it->va = base;
				it->pa = *e & PTE_ADDR_MASK & ~(span_of(l) - 1);
				it->size = span_of(l);
				it->pte = e;
				return true;
			}
			break;
		}
	}
	return false;
}

/* End of [va, va+len) for the iterator; a range that ends at the very top
 * of the address space would wrap to 0. */
static uintptr_t range_end(uintptr_t va, size_t len)
{
	uintptr_t end = va + len;
	return end < va || (end == 0 && len) ? UINTPTR_MAX : end;
}

/* Does the page [pva, pva+size) stick out of [va, end)?  Compared by last
 * bytes, which cannot overflow. */
static bool sticks_out(uintptr_t pva, size_t size, uintptr_t va, uintptr_t end)
{
	uintptr_t page_last = pva + (size - 1);
	uintptr_t range_last = end == UINTPTR_MAX ? UINTPTR_MAX : end - 1;
	return pva < va || page_last > range_last;
}

size_t vm_unmap(pte_t *pml4, uintptr_t va, size_t len, bool put_frames)
{
	struct vm_iter it;
	size_t count = 0;
	uintptr_t end = range_end(va, len);
	for (vm_iter_init(&it, pml4, va, end); vm_iter_next(&it);) {
		if (sticks_out(it.va, it.size, va, end))
			panic("vm_unmap: [%lx,+%lx) splits a 2 MiB page at %lx", va, len, it.va);
		if (put_frames) {
			if (it.size != PAGE_SIZE)
				panic("vm_unmap: cannot release frames of a 2 MiB page");
			frame_put(it.pa);
		}
		*it.pte = 0;
		arch_flush_tlb_page(it.va);
		count++;
	}
	return count;
}

int vm_protect(pte_t *pml4, uintptr_t va, size_t len, unsigned flags)
{
	struct vm_iter it;
	pte_t keep = PTE_ADDR_MASK | PTE_PS | PTE_A | PTE_D;
	if ((flags & VM_NONE) && (flags & VM_HUGE))
		return -EINVAL;
	uintptr_t end = range_end(va, len);
	for (vm_iter_init(&it, pml4, va, end); vm_iter_next(&it);) {
		if (sticks_out(it.va, it.size, va, end))
			return -EINVAL;
		*it.pte = (*it.pte & keep) | vm_flags_to_pte(flags);
		arch_flush_tlb_page(it.va);
	}
	return 0;
}

bool vm_lookup(pte_t *pml4, uintptr_t va, uint64_t *pa, unsigned *flags)
{
	pte_t *e = vm_walk(pml4, va, false);
	if (!e || !pte_used(*e))
		return false;
	uint64_t size = (*e & PTE_PS) ? HUGE_PAGE_SIZE : PAGE_SIZE;
	if (pa)
		*pa = (*e & PTE_ADDR_MASK & ~(size - 1)) + (va & (size - 1));
	if (flags)
		*flags = vm_pte_to_flags(*e);
	return true;
}

pte_t *vm_create(void)
{
	uint64_t pa = frame_alloc();
	if (!pa)
		return 0;
	pte_t *pml4 = P2V(pa);
	/* The kernel half is shared: its PML4 entries never change after boot (kvm.c). */
	memcpy(&pml4[256], &kernel_pml4[256], 256 * sizeof(pte_t));
	return pml4;
}

/* Free the tables below `table` at `level`; leaves must already be gone. */
static void free_tables(pte_t *table, int level)
{
	for (int i = 0; i < 512; i++) {
		if (level == 0 ? !pte_used(table[i]) : !(table[i] & PTE_P))
			continue;
		if (level == 0 || (table[i] & PTE_PS))
			panic("vm_destroy: page still mapped");
		free_tables(table_of(table[i]), level - 1);
		table[i] = 0;
	}
	frame_put(V2P(table));
}

void vm_destroy(pte_t *pml4)
{
	for (int i = 0; i < 256; i++) {
		if (pml4[i] & PTE_P)
			free_tables(table_of(pml4[i]), LEVELS - 2);
		pml4[i] = 0;
	}
	frame_put(V2P(pml4));
}

void vm_activate(pte_t *pml4)
{
	arch_load_page_table(V2P(pml4));
}
