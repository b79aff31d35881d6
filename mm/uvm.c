/*
 * uvm.c: user address spaces: regions, page faults, copy-on-write fork.
 *
 * Lazy allocation: creating a region maps nothing.  The first access to a
 * page faults, and mm_fault maps a zero-filled frame (or, for a write to a
 * page shared after fork, a private copy).
 *
 * Copy-on-write: fork maps every private page into the child and makes it
 * read-only in both.  A write then faults; the region says writing is
 * allowed, so mm_fault copies the frame, or, if this process is the frame's
 * only user left, just makes the page writable again.
 */
#include <stdbool.h>

#include "include/uapi/errno.h"
#include "kernel/panic.h"
#include "lib/string.h"
#include "mm/frame.h"
#include "mm/kmalloc.h"
#include "mm/memlayout.h"
#include "mm/memobj.h"
#include "mm/uvm.h"

int user_range_ok(uintptr_t va, size_t len)
{
	return va < USER_TOP && len <= USER_TOP - va;
}

/* Page-table flags for a page of region r.  A writable region's page stays
 * read-only while its frame is shared: the write fault will copy it. */
static unsigned page_flags(const struct region *r, uint64_t pa)
{
	if (r->prot == PROT_NONE)
		return VM_NONE | VM_USER;
	unsigned flags = VM_USER;
	/* A shared object's frame is meant to be shared: never copy-on-write. */
	bool shared = r->obj != 0;
	if ((r->prot & PROT_WRITE) && (shared || pa == 0 || frame_refcount(pa) == 1))
		flags |= VM_WRITE;
	if (r->prot & PROT_EXEC)
		flags |= VM_EXEC;
	return flags;
}

struct mm *mm_create(void)
{
	struct mm *mm = kzalloc(sizeof(*mm));
	if (!mm)
		return 0;
	mm->pml4 = vm_create();
	if (!mm->pml4) {
		kfree(mm);
		return 0;
	}
	return mm;
}

/* A region goes away: tell its owner, and let go of its object. */
static void region_free(struct region *r)
{
	if (r->ops && r->ops->close)
		r->ops->close(r);
	if (r->obj)
		memobj_put(r->obj);
	kfree(r);
}

/* A new region maps what r maps (fork, a split): it needs its own reference. */
static void region_opened(struct region *r)
{
	if (r->obj)
		memobj_get(r->obj);
	if (r->ops && r->ops->open)
		r->ops->open(r);
}

void mm_destroy(struct mm *mm)
{
	vm_unmap(mm->pml4, 0, USER_TOP, true);
	vm_destroy(mm->pml4);
	for (struct region *r = mm->regions, *next; r; r = next) {
		next = r->next;
		region_free(r);
	}
	kfree(mm);
}

struct region *mm_find_region(struct mm *mm, uintptr_t va)
{
	for (struct region *r = mm->regions; r && r->start <= va; r = r->next)
		if (va < r->end)
			return r;
	return 0;
}

/* Split the region containing addr (strictly inside it) in two at addr. */
static int split_at(struct mm *mm, uintptr_t addr)
{
	struct region *r = mm_find_region(mm, addr);
	if (!r || r->start == addr)
		return 0;
	struct region *tail = kmalloc(sizeof(*tail));
	if (!tail)
		return -ENOMEM;
	*tail = *r;
	tail->start = addr;
	tail->obj_pgoff = r->obj_pgoff + (addr - r->start) / PAGE_SIZE;
	r->end = addr;
	r->next = tail;
	region_opened(tail);
	return 0;
}

/* Join neighbours that touch and agree, so the list stays short. */
static void merge_neighbours(struct mm *mm)
{
	for (struct region *r = mm->regions; r && r->next;) {
		struct region *n = r->next;
		/* Object mappings stay apart: each is an attach its owner counts. */
		if (r->end == n->start && r->prot == n->prot && r->kind == n->kind && !r->obj &&
		    !n->obj && r->max_prot == n->max_prot) {
			r->end = n->end;
			r->next = n->next;
			kfree(n);
		} else {
			r = n;
		}
	}
}

bool mm_range_free(struct mm *mm, uintptr_t start, uintptr_t end)
{
	for (struct region *r = mm->regions; r; r = r->next)
		if (r->start < end && start < r->end)
			return false;
	return true;
}

/* Put n in the sorted list, and merge it with its neighbours where it can. */
static void insert_region(struct mm *mm, struct region *n)
{
	struct region **link = &mm->regions;
	while (*link && (*link)->start < n->start)
		link = &(*link)->next;
	n->next = *link;
	*link = n;
	merge_neighbours(mm);
}

int mm_map_anon(struct mm *mm, uintptr_t start, size_t len, int prot, int kind)
{
	uintptr_t end = start + len;
	if ((start | len) & (PAGE_SIZE - 1) || len == 0 || start < USER_MIN_ADDR ||
	    !user_range_ok(start, len))
		return -EINVAL;
	if (!mm_range_free(mm, start, end))
		return -EEXIST;
	struct region *n = kzalloc(sizeof(*n));
	if (!n)
		return -ENOMEM;
	n->start = start;
	n->end = end;
	n->prot = prot;
	n->max_prot = PROT_READ | PROT_WRITE | PROT_EXEC;
	n->kind = kind;
	insert_region(mm, n);
	return 0;
}

int mm_map_object(struct mm *mm, uintptr_t start, size_t len, int prot, int max_prot,
                  struct memobj *obj, size_t pgoff, const struct region_ops *ops, void *owner)
{
	if ((start | len) & (PAGE_SIZE - 1) || len == 0 || !user_range_ok(start, len))
		return -EINVAL;
	if (!mm_range_free(mm, start, start + len))
		return -EEXIST;
	struct region *n = kzalloc(sizeof(*n));
	if (!n)
		return -ENOMEM;
	n->start = start;
	n->end = start + len;
	n->prot = prot;
	n->max_prot = max_prot;
	n->kind = REGION_SHARED;
	n->obj = obj;
	n->obj_pgoff = pgoff;
	n->ops = ops;
	n->owner = owner;
	region_opened(n);
	insert_region(mm, n);
	return 0;
}

int mm_unmap(struct mm *mm, uintptr_t start, size_t len)
{
	uintptr_t end = start + len;
	if ((start & (PAGE_SIZE - 1)) || len == 0 || !user_range_ok(start, len))
		return -EINVAL;
	int err = split_at(mm, start);
	if (!err)
		err = split_at(mm, end);
	if (err)
		return err;
	vm_unmap(mm->pml4, start, len, true);
	for (struct region **link = &mm->regions; *link;) {
		struct region *r = *link;
		if (r->start >= start && r->end <= end) {
			*link = r->next;
			region_free(r);
		} else {
			link = &r->next;
		}
	}
	return 0;
}

/* Where page 0 of r's object would be: the address an attach of it started at. */
static uintptr_t object_base(const struct region *r)
{
	return r->start - r->obj_pgoff * PAGE_SIZE;
}

int mm_unmap_object_at(struct mm *mm, uintptr_t addr, const struct region_ops *ops)
{
	/* The first region at or after addr that is a piece of an attach starting at addr. */
	struct region *first = mm->regions;
	while (first && !(first->end > addr && first->ops == ops && object_base(first) == addr))
		first = first->next;
	if (!first)
		return -EINVAL;
	struct memobj *obj = first->obj;
	uintptr_t end = addr + obj->npages * PAGE_SIZE;
	/* Every piece of that attach: same object, same base, within the object's size. */
	for (;;) {
		struct region *r = mm->regions;
		while (r && !(r->obj == obj && r->ops == ops && object_base(r) == addr &&
		              r->start < end))
			r = r->next;
		if (!r)
			return 0;
		int err = mm_unmap(mm, r->start, r->end - r->start);
		if (err)
			return err;
	}
}

int mm_protect(struct mm *mm, uintptr_t start, size_t len, int prot)
{
	uintptr_t end = start + len;
	if ((start & (PAGE_SIZE - 1)) || !user_range_ok(start, len))
		return -EINVAL;
	/* Every page of the range must belong to some region (Linux: ENOMEM), and
	 * none may be granted more than it allows (a read-only attach: EACCES). */
	for (uintptr_t va = start; va < end;) {
		struct region *r = mm_find_region(mm, va);
		if (!r)
			return -ENOMEM;
		if (prot & ~r->max_prot)
			return -EACCES;
		va = r->end;
	}
	int err = split_at(mm, start);
	if (!err)
		err = split_at(mm, end);
	if (err)
		return err;
	for (struct region *r = mm->regions; r; r = r->next)
		if (r->start >= start && r->end <= end)
			r->prot = prot;

	struct vm_iter it;
	for (vm_iter_init(&it, mm->pml4, start, end); vm_iter_next(&it);) {
		struct region *r = mm_find_region(mm, it.va);
		vm_protect(mm->pml4, it.va, PAGE_SIZE, page_flags(r, it.pa));
	}
	merge_neighbours(mm);
	return 0;
}

/*
 * Move the pages of [old, old + len) to new, frames and all: each mapped
 * page's entry is made at the new address with the same flags (a
 * copy-on-write page stays copy-on-write) and cleared at the old one without
 * dropping its frame.  The page tables for the new range are made first, so
 * that the move itself cannot fail half-way.
 */
static int move_pages(struct mm *mm, uintptr_t old, size_t len, uintptr_t new)
{
	struct vm_iter it;
	for (vm_iter_init(&it, mm->pml4, old, old + len); vm_iter_next(&it);)
		if (!vm_walk(mm->pml4, new + (it.va - old), true))
			return -ENOMEM;
	/* The iterator skips holes, and clearing the entry it stands on is safe (vm_unmap does). */
	for (vm_iter_init(&it, mm->pml4, old, old + len); vm_iter_next(&it);) {
		vm_map(mm->pml4, new + (it.va - old), it.pa, PAGE_SIZE, vm_pte_to_flags(*it.pte));
		vm_unmap(mm->pml4, it.va, PAGE_SIZE, false); /* the frame's reference moved along */
	}
	return 0;
}

long mm_remap(struct mm *mm, uintptr_t old, size_t old_len, size_t new_len, bool may_move,
              uintptr_t dest)
{
	/* The old range must be one mapping (Linux: EFAULT), of private memory. */
	struct region *r = mm_find_region(mm, old);
	if (!r || old_len > r->end - old)
		return -EFAULT;
	if (old_len == 0 || r->obj || r->kind != REGION_ANON)
		return -EINVAL; /* shmos resizes only anonymous mmap memory */
	uintptr_t end = old + old_len;
	/* Grow in place when the pages after the mapping are free. */
	if (!dest && end == r->end && new_len <= USER_MAP_END - old &&
	    mm_range_free(mm, end, old + new_len)) {
		r->end = old + new_len;
		return (long)old;
	}
	if (!may_move)
		return -ENOMEM;
	if (!dest)
		dest = mm_find_free(mm, new_len);
	if (!dest)
		return -ENOMEM;
	int prot = r->prot, max_prot = r->max_prot;
	int err = mm_map_anon(mm, dest, new_len, prot, REGION_ANON);
	if (!err) {
		mm_find_region(mm, dest)->max_prot = max_prot;
		err = move_pages(mm, old, old_len, dest);
		if (err)
			mm_unmap(mm, dest, new_len);
	}
	if (err)
		return err;
	mm_unmap(mm, old, old_len); /* only the region is left to free */
	merge_neighbours(mm);
	return (long)dest;
}

uintptr_t mm_find_free(struct mm *mm, size_t len)
{
	uintptr_t best = 0;
	uintptr_t gap_start = USER_MIN_ADDR;
	/* Regions are sorted: each gap lies between one region's end and the next one's start. */
	for (struct region *r = mm->regions;; r = r->next) {
		uintptr_t gap_end = r ? r->start : USER_MMAP_TOP;
		if (gap_end > USER_MMAP_TOP)
			gap_end = USER_MMAP_TOP;
		if (gap_end > gap_start && gap_end - gap_start >= len)
			best = gap_end - len; /* the highest fitting gap wins: keep going */
		if (!r || r->start >= USER_MMAP_TOP)
			break;
		gap_start = r->end;
	}
	return best;
}

uintptr_t mm_brk(struct mm *mm, uintptr_t new_brk)
{
	if (new_brk < mm->brk_start || new_brk > USER_MMAP_TOP)
		return mm->brk;
	uintptr_t old_end = PAGE_ROUND_UP(mm->brk), new_end = PAGE_ROUND_UP(new_brk);
	if (new_end > old_end) {
		if (mm_map_anon(mm, old_end, new_end - old_end, PROT_READ | PROT_WRITE,
		                REGION_HEAP) < 0)
			return mm->brk; /* something is in the way, or no memory */
	} else if (new_end < old_end) {
		mm_unmap(mm, new_end, old_end - new_end);
	}
	mm->brk = new_brk;
	return mm->brk;
}

/* Give the page at va (page-aligned) a private, writable copy of its frame. */
static int break_cow(struct mm *mm, struct region *r, uintptr_t va, uint64_t pa)
{
	if (frame_refcount(pa) == 1) /* the other sharers are gone: just write */
		return vm_protect(mm->pml4, va, PAGE_SIZE, page_flags(r, pa));
	uint64_t copy = frame_alloc();
	if (!copy)
		return -ENOMEM;
	memcpy(P2V(copy), P2V(pa), PAGE_SIZE);
	vm_unmap(mm->pml4, va, PAGE_SIZE, true);
	return vm_map(mm->pml4, va, copy, PAGE_SIZE, page_flags(r, copy));
}

int mm_fault(struct mm *mm, uintptr_t va, unsigned access)
{
	struct region *r = mm_find_region(mm, va);
	if (!r || r->prot == PROT_NONE)
		return -EFAULT;
	if ((access & FAULT_WRITE) && !(r->prot & PROT_WRITE))
		return -EFAULT;
	if ((access & FAULT_EXEC) && !(r->prot & PROT_EXEC))
		return -EFAULT;

	uintptr_t page = PAGE_ROUND_DOWN(va);
	uint64_t pa;
	unsigned flags;
	if (r->obj && !vm_lookup(mm->pml4, page, &pa, &flags)) {
		/* A shared object: map its page (made zero-filled on the first touch anywhere). */
		pa = memobj_page(r->obj, r->obj_pgoff + (page - r->start) / PAGE_SIZE);
		if (!pa)
			return -ENOMEM;
		frame_ref(pa); /* the mapping's reference; the object keeps its own */
		int err = vm_map(mm->pml4, page, pa, PAGE_SIZE, page_flags(r, pa));
		if (err)
			frame_put(pa);
		return err;
	}
	if (!vm_lookup(mm->pml4, page, &pa, &flags)) {
		uint64_t fresh = frame_alloc(); /* zero-filled */
		if (!fresh)
			return -ENOMEM;
		int err = vm_map(mm->pml4, page, fresh, PAGE_SIZE, page_flags(r, fresh));
		if (err)
			frame_put(fresh);
		return err;
	}
	if ((access & FAULT_WRITE) && !(flags & VM_WRITE))
		return break_cow(mm, r, page, pa);
	/* Already fine: another CPU or an earlier fault fixed it; a stale TLB entry. */
	arch_flush_tlb_page(page);
	return 0;
}

int mm_copy_out(struct mm *mm, uintptr_t va, const void *src, size_t n)
{
	const char *from = src;
	while (n > 0) {
		uintptr_t page = PAGE_ROUND_DOWN(va);
		size_t chunk = PAGE_SIZE - (va - page);
		if (chunk > n)
			chunk = n;
		uint64_t pa;
		if (!vm_lookup(mm->pml4, page, &pa, 0)) {
			/* Fault it in as a write would, whatever the region's protection. */
			struct region *r = mm_find_region(mm, va);
			if (!r)
				return -EFAULT;
			uint64_t fresh = frame_alloc();
			if (!fresh)
				return -ENOMEM;
			if (vm_map(mm->pml4, page, fresh, PAGE_SIZE, page_flags(r, fresh))) {
				frame_put(fresh);
				return -ENOMEM;
			}
			pa = fresh;
		}
		memcpy((char *)P2V(pa) + (va - page), from, chunk);
		from += chunk;
		va += chunk;
		n -= chunk;
	}
	return 0;
}

size_t mm_copy_in(struct mm *mm, void *dst, uintptr_t va, size_t n)
{
	char *to = dst;
	size_t done = 0;
	while (done < n) {
		uintptr_t page = PAGE_ROUND_DOWN(va + done);
		size_t off = va + done - page, chunk = PAGE_SIZE - off;
		if (chunk > n - done)
			chunk = n - done;
		struct region *r = mm_find_region(mm, page);
		if (!r || r->prot == PROT_NONE)
			break;
		uint64_t pa;
		unsigned flags;
		if (vm_lookup(mm->pml4, page, &pa, &flags) && !(flags & VM_NONE))
			memcpy(to + done, (char *)P2V(pa) + off, chunk);
		else
			memset(to + done, 0,
			       chunk); /* never touched: zero, as a fault would make it */
		done += chunk;
	}
	return done;
}

/* Copy the parent's regions, and share every mapped page copy-on-write. */
struct mm *mm_fork(struct mm *parent)
{
	struct mm *child = mm_create();
	if (!child)
		return 0;
	child->brk_start = parent->brk_start;
	child->brk = parent->brk;
	child->arg_start = parent->arg_start;
	child->arg_end = parent->arg_end;
	struct region **tail = &child->regions;
	for (struct region *r = parent->regions; r; r = r->next) {
		struct region *copy = kmalloc(sizeof(*copy));
		if (!copy)
			goto fail;
		*copy = *r;
		copy->next = 0;
		*tail = copy;
		tail = &copy->next;
		region_opened(copy);
	}

	struct vm_iter it;
	for (vm_iter_init(&it, parent->pml4, 0, USER_TOP); vm_iter_next(&it);) {
		unsigned flags = vm_pte_to_flags(*it.pte);
		struct region *r = mm_find_region(parent, it.va);
		if ((flags & VM_WRITE) && !(r && r->obj)) { /* both read-only until one writes */
			flags &= ~VM_WRITE;
			vm_protect(parent->pml4, it.va, PAGE_SIZE, flags);
		}
		if (vm_map(child->pml4, it.va, it.pa, PAGE_SIZE, flags) < 0)
			goto fail;
		frame_ref(it.pa);
	}
	return child;
fail:
	mm_destroy(child);
	return 0;
}
