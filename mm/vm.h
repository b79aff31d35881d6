/*
 * vm.h: the page-table API.  Every page-table entry in the kernel is
 * written here and nowhere else.
 *
 * An address space is named by its top-level table (PML4), as a kernel
 * pointer.  Callers describe permissions with VM_* flags; vm.c turns them
 * into x86-64 PTE bits.  Ranges are page-aligned and must stay on one side
 * of the canonical hole.  Functions return 0 or a negative errno.
 *
 *   va: | PML4 index | PDPT index | PD index | PT index | offset |
 *        47       39  38       30  29     21  20     12  11     0
 */
#ifndef MM_VM_H
#define MM_VM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint64_t pte_t;

/* Hardware bits of a page-table entry. */
#define PTE_P         (1UL << 0)  /* present */
#define PTE_W         (1UL << 1)  /* writable */
#define PTE_U         (1UL << 2)  /* user-accessible */
#define PTE_PWT       (1UL << 3)  /* write-through */
#define PTE_PCD       (1UL << 4)  /* cache disable */
#define PTE_A         (1UL << 5)  /* accessed */
#define PTE_D         (1UL << 6)  /* dirty */
#define PTE_PS        (1UL << 7)  /* 2 MiB leaf, in a page directory */
#define PTE_G         (1UL << 8)  /* global: kept in the TLB across CR3 loads */
#define PTE_PROTNONE  (1UL << 9)  /* software bit: not present, but the frame is kept (PROT_NONE) */
#define PTE_NX        (1UL << 63) /* no-execute */
#define PTE_ADDR_MASK 0x000ffffffffff000UL

/* What callers ask for. A mapping is readable unless VM_NONE. */
#define VM_WRITE   0x01
#define VM_EXEC    0x02
#define VM_USER    0x04
#define VM_NOCACHE 0x08
#define VM_GLOBAL  0x10
#define VM_HUGE    0x20 /* use 2 MiB pages (va, pa and len 2 MiB-aligned) */
#define VM_NONE    0x40 /* no access at all, but keep the frame (PROT_NONE) */

/* Does a leaf entry hold a frame (present, or PROT_NONE)? */
static inline bool pte_used(pte_t e)
{
	return e & (PTE_P | PTE_PROTNONE);
}

/* Leaf entry for va, creating intermediate tables if alloc; NULL if absent.
 * If a 2 MiB page covers va, returns that page-directory entry (PTE_PS set). */
pte_t *vm_walk(pte_t *pml4, uintptr_t va, bool alloc);

int vm_map(pte_t *pml4, uintptr_t va, uint64_t pa, size_t len, unsigned flags);
/* Unmap every page in the range; with put_frames, drop one frame reference each. */
size_t vm_unmap(pte_t *pml4, uintptr_t va, size_t len, bool put_frames);
/* Change the permissions of every mapped page in the range. */
int vm_protect(pte_t *pml4, uintptr_t va, size_t len, unsigned flags);
/* Physical address and flags of the page mapping va; false if unmapped. */
bool vm_lookup(pte_t *pml4, uintptr_t va, uint64_t *pa, unsigned *flags);

/* Walk the mapped pages of [start, end) in address order:
 *     struct vm_iter it;
 *     for (vm_iter_init(&it, pml4, start, end); vm_iter_next(&it);)
 *             use it.va, it.pa, it.size, it.pte;
 */
struct vm_iter {
	pte_t *pml4;
	uintptr_t cursor, end; /* end is exclusive; UINTPTR_MAX reaches the top */
	bool done;
	uintptr_t va; /* the current page: start address, physical address, size */
	uint64_t pa;
	size_t size;
	pte_t *pte;
};
void vm_iter_init(struct vm_iter *it, pte_t *pml4, uintptr_t start, uintptr_t end);
bool vm_iter_next(struct vm_iter *it);

/* Address spaces: a new one shares the kernel half; destroying it frees its
 * page-table pages (its lower half must hold no mappings any more). */
pte_t *vm_create(void);
void vm_destroy(pte_t *pml4);
void vm_activate(pte_t *pml4);

/* Flag conversions, exposed for tests and the fault handler. */
pte_t vm_flags_to_pte(unsigned flags);
unsigned vm_pte_to_flags(pte_t pte);

/* Provided by the architecture (kernel/) or by the host tests. */
void arch_flush_tlb_page(uintptr_t va);
void arch_load_page_table(uint64_t pml4_pa);

#endif
