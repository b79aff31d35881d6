/*
 * memobj.c: shared-memory objects (see memobj.h).
 */
#include "include/uapi/errno.h"
#include <stdbool.h>

#include "kernel/panic.h"
#include "lib/string.h"
#include "mm/frame.h"
#include "mm/kmalloc.h"
#include "mm/memobj.h"

struct memobj *memobj_create(size_t npages)
{
	struct memobj *obj = kzalloc(sizeof(*obj));
	if (!obj)
		return 0;
	spin_init(&obj->lock, "memobj");
	obj->refs = 1;
	if (memobj_resize(obj, npages) < 0) {
		kfree(obj);
		return 0;
	}
	return obj;
}

void memobj_get(struct memobj *obj)
{
	spin_lock(&obj->lock);
	obj->refs++;
	spin_unlock(&obj->lock);
}

void memobj_put(struct memobj *obj)
{
	spin_lock(&obj->lock);
	int left = --obj->refs;
	spin_unlock(&obj->lock);
	if (left > 0)
		return;
	if (left < 0)
		panic("memobj_put: reference count below zero");
	for (size_t i = 0; i < obj->npages; i++)
		if (obj->frames[i])
			frame_put(obj->frames[i]);
	kfree(obj->frames);
	kfree(obj);
}

int memobj_resize(struct memobj *obj, size_t npages)
{
	spin_lock(&obj->lock);
	/* Shrinking: let go of the pages past the new end. */
	for (size_t i = npages; i < obj->npages; i++) {
		if (obj->frames[i]) {
			frame_put(obj->frames[i]);
			obj->frames[i] = 0;
		}
	}
	if (npages > obj->capacity) {
		/* Grow the table by doubling, so a file written a page at a time is not quadratic.
		 */
		size_t cap = obj->capacity ? obj->capacity : 1;
		while (cap < npages)
			cap *= 2;
		spin_unlock(&obj->lock);
		uint64_t *bigger = kzalloc(cap * sizeof(uint64_t));
		if (!bigger)
			return -ENOMEM;
		spin_lock(&obj->lock);
		if (obj->frames)
			memcpy(bigger, obj->frames, obj->capacity * sizeof(uint64_t));
		kfree(obj->frames);
		obj->frames = bigger;
		obj->capacity = cap;
	}
	obj->npages = npages;
	spin_unlock(&obj->lock);
	return 0;
}

uint64_t memobj_page(struct memobj *obj, size_t index)
{
	spin_lock(&obj->lock);
	uint64_t pa = index < obj->npages ? obj->frames[index] : 0;
	bool missing = index < obj->npages && !pa;
	spin_unlock(&obj->lock);
	if (!missing)
		return pa;
	uint64_t fresh = frame_alloc();
	if (!fresh)
		return 0;
	spin_lock(&obj->lock);
	if (index >= obj->npages) { /* shrunk meanwhile */
		pa = 0;
	} else if (obj->frames[index]) { /* someone else filled it meanwhile */
		pa = obj->frames[index];
	} else {
		obj->frames[index] = pa = fresh;
		fresh = 0;
	}
	spin_unlock(&obj->lock);
	if (fresh)
		frame_put(fresh);
	return pa;
}

uint64_t memobj_page_if_present(struct memobj *obj, size_t index)
{
	spin_lock(&obj->lock);
	uint64_t pa = index < obj->npages ? obj->frames[index] : 0;
	spin_unlock(&obj->lock);
	return pa;
}

size_t memobj_resident(struct memobj *obj)
{
	size_t n = 0;
	spin_lock(&obj->lock);
	for (size_t i = 0; i < obj->npages; i++)
		n += obj->frames[i] != 0;
	spin_unlock(&obj->lock);
	return n;
}
