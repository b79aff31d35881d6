/*
 * memobj.h: a shared-memory object: pages of memory that several owners
 * (tmpfs files now; System V segments and MAP_SHARED mappings later) hold
 * by reference, and that any number of page tables may map at once.
 *
 * Pages are allocated zero-filled on first touch.  The object holds one
 * reference on each frame it has; a page table mapping the frame holds
 * another, so a frame lives as long as the object or any mapping of it.
 * mm/ knows nothing of who uses the object or why.
 */
#ifndef MM_MEMOBJ_H
#define MM_MEMOBJ_H

#include <stddef.h>
#include <stdint.h>

#include "kernel/spinlock.h"

struct memobj {
	struct spinlock lock;
	int refs;
	size_t npages;    /* the object's size, in pages */
	size_t capacity;  /* entries in frames[] */
	uint64_t *frames; /* physical address of page i, or 0 if never touched */
};

struct memobj *memobj_create(size_t npages); /* one reference, for the caller */
void memobj_get(struct memobj *obj);
void memobj_put(struct memobj *obj); /* the last put frees every page */

/* Grow or shrink to npages; shrinking frees the pages past the end. */
int memobj_resize(struct memobj *obj, size_t npages);
/* The frame of page `index`, allocating it (zero-filled) if needed; 0 if
 * out of memory or past the end. */
uint64_t memobj_page(struct memobj *obj, size_t index);
/* The frame of page `index` if it was ever touched, else 0 (reads of holes). */
uint64_t memobj_page_if_present(struct memobj *obj, size_t index);
size_t memobj_resident(struct memobj *obj); /* pages allocated so far */

#endif
