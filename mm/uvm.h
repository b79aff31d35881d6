/*
 * uvm.h: user address spaces.
 *
 * A process's memory is its page table plus a sorted list of regions, each
 * a page-aligned range with one protection: the program's segments, the
 * brk heap, the stack, anonymous mmaps.  Page faults, fork, exec, munmap,
 * mprotect and exit all work on this one structure.  Pages are filled in
 * lazily, on the first touch (mm_fault); every mapped user page holds one
 * reference on its frame.
 *
 * Protections use Linux's PROT_* values.  Functions return 0 or -errno.
 */
#ifndef MM_UVM_H
#define MM_UVM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "mm/memlayout.h"
#include "mm/vm.h"

#define PROT_NONE  0x0
#define PROT_READ  0x1
#define PROT_WRITE 0x2
#define PROT_EXEC  0x4

/* Region kinds, for naming and for brk. */
#define REGION_ANON   0
#define REGION_HEAP   1
#define REGION_STACK  2
#define REGION_IMAGE  3 /* a segment of the program */
#define REGION_SHARED 4 /* pages of a shared memory object (mm/memobj.h), never copy-on-write */

/* Why a page fault happened (mm_fault's access argument). */
#define FAULT_WRITE 0x1
#define FAULT_EXEC  0x2

/* Where mappings end: Linux's TASK_SIZE, the last page below 2^47 never mapped. */
#define USER_MAP_END    0x00007ffffffff000UL
#define USER_STACK_TOP  USER_MAP_END
#define USER_STACK_SIZE (8UL << 20)
#define USER_MMAP_TOP   (USER_STACK_TOP - USER_STACK_SIZE - (1UL << 20))
#define USER_MIN_ADDR   0x10000UL /* nothing is ever mapped below (Linux's mmap_min_addr) */

struct region;
struct memobj;

/* What the owner of an object mapping hears about its regions (System V
 * shared memory counts attaches with these). */
struct region_ops {
	void (*open)(struct region *r);  /* a new region maps the object: fork, a split */
	void (*close)(struct region *r); /* a region mapping it goes away: munmap, exit, exec */
};

struct region {
	uintptr_t start, end; /* [start, end), page-aligned */
	int prot;
	int max_prot; /* what mprotect may ever grant (a read-only attach: no PROT_WRITE) */
	int kind;
	/* REGION_SHARED: page obj_pgoff of obj is mapped at start; the region holds
	 * a reference on obj. */
	struct memobj *obj;
	size_t obj_pgoff;
	const struct region_ops *ops;
	void *owner;         /* ops' own data */
	struct region *next; /* sorted by start, never overlapping */
};

struct mm {
	pte_t *pml4;
	struct region *regions;
	uintptr_t brk_start, brk;     /* the heap is [brk_start, page_round_up(brk)) */
	uintptr_t arg_start, arg_end; /* argv strings, set by exec (/proc/PID/cmdline) */
};

struct mm *mm_create(void);
void mm_destroy(struct mm *mm);
struct mm *mm_fork(struct mm *parent); /* copy-on-write copy */

struct region *mm_find_region(struct mm *mm, uintptr_t va);
/* Does no region overlap [start, end)? */
bool mm_range_free(struct mm *mm, uintptr_t start, uintptr_t end);
/* Make a new region; the range must be free (unmap first for MAP_FIXED). */
int mm_map_anon(struct mm *mm, uintptr_t start, size_t len, int prot, int kind);
int mm_unmap(struct mm *mm, uintptr_t start, size_t len);
/* Map len bytes of obj, from its page pgoff, at start (the range must be free).
 * The pages are shared with every other mapping of obj: writes are seen by all. */
int mm_map_object(struct mm *mm, uintptr_t start, size_t len, int prot, int max_prot,
                  struct memobj *obj, size_t pgoff, const struct region_ops *ops, void *owner);
/* Unmap the object mapping whose first page is at addr: every region of it,
 * even after munmap or mprotect split it.  -EINVAL if there is none. */
int mm_unmap_object_at(struct mm *mm, uintptr_t addr, const struct region_ops *ops);
int mm_protect(struct mm *mm, uintptr_t start, size_t len, int prot);
/* A free range of len bytes, highest first below USER_MMAP_TOP; 0 if none. */
uintptr_t mm_find_free(struct mm *mm, size_t len);
/* mremap of anonymous memory ([old, old + old_len) in one region, new_len >
 * old_len, or a move): grow in place if the pages after are free, else (if
 * may_move) move the pages, without copying, to dest or (dest 0) wherever
 * there is room.  The new address, or -errno. */
long mm_remap(struct mm *mm, uintptr_t old, size_t old_len, size_t new_len, bool may_move,
              uintptr_t dest);
uintptr_t mm_brk(struct mm *mm, uintptr_t new_brk); /* returns the (new or old) break */

/* Resolve a fault at va: 0 if the page is now mapped, -EFAULT or -ENOMEM if not. */
int mm_fault(struct mm *mm, uintptr_t va, unsigned access);
/* Copy into another (inactive) address space, faulting pages in; for exec. */
int mm_copy_out(struct mm *mm, uintptr_t va, const void *src, size_t n);
/* Copy out of any address space without faulting anything in: pages never
 * touched read as zeros.  Returns the bytes copied (short at an unmapped
 * or PROT_NONE page).  For /proc/PID/cmdline. */
size_t mm_copy_in(struct mm *mm, void *dst, uintptr_t va, size_t n);

/* Is [va, va+len) entirely user space (no overflow, below USER_TOP)? */
int user_range_ok(uintptr_t va, size_t len);

#endif
