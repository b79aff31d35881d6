/*
 * kmalloc.c: a small slab allocator on top of frame.c.
 *
 * Small requests (up to 1024 bytes) are rounded up to a power of two and
 * served from "slab" pages: one frame holding a header and equal-sized
 * objects, with a bitmap of which objects are in use.  Each size class keeps
 * a list of slabs that still have room.  A slab whose objects are all free
 * goes straight back to the frame allocator, so an idle heap holds no
 * frames and the leak checks can compare exact counts.
 *
 * Larger requests get whole contiguous frames with the same kind of header
 * in front ("big" blocks).
 *
 *   slab page:  [struct slab | obj 0 | obj 1 | ... ]
 *   big block:  [struct big  | n bytes ...         ] (npages frames)
 *
 * kfree finds the header by rounding the pointer down to its page: both
 * kinds start with a magic number that says which one it is.
 */
#include <stdbool.h>
#include <stdint.h>

#include "kernel/panic.h"
#include "kernel/spinlock.h"
#include "lib/string.h"
#include "mm/frame.h"
#include "mm/kmalloc.h"
#include "mm/memlayout.h"

#define SLAB_MAGIC      0x51ab51abU
#define BIG_MAGIC       0xb16b10c5U
#define HEADER_SIZE     64
#define MIN_CLASS_SHIFT 4  /* 16 bytes */
#define MAX_CLASS_SHIFT 10 /* 1024 bytes */
#define NCLASSES        (MAX_CLASS_SHIFT - MIN_CLASS_SHIFT + 1)
#define MAX_OBJS        ((PAGE_SIZE - HEADER_SIZE) >> MIN_CLASS_SHIFT)

struct slab {
	uint32_t magic;
	uint16_t obj_size;
	uint16_t nobjs;
	uint16_t nfree;
	struct slab *next; /* in its class's list of slabs with free objects */
	struct slab *prev;
	uint64_t in_use[(MAX_OBJS + 63) / 64];
};

struct big {
	uint32_t magic;
	uint32_t npages;
};

_Static_assert(sizeof(struct slab) <= HEADER_SIZE, "slab header too large");
_Static_assert(KMALLOC_ONE_FRAME + HEADER_SIZE == PAGE_SIZE,
               "kmalloc.h's KMALLOC_ONE_FRAME is wrong");

static struct spinlock heap_lock = SPINLOCK_INIT("kheap");
static struct slab *partial[NCLASSES]; /* slabs with at least one free object */
static size_t heap_used;

static int class_of(size_t n)
{
	int shift = MIN_CLASS_SHIFT;
	while (((size_t)1 << shift) < n)
		shift++;
	return shift - MIN_CLASS_SHIFT;
}

static void list_remove(int cls, struct slab *s)
{
	if (s->prev)
		s->prev->next = s->next;
	else
		partial[cls] = s->next;
	if (s->next)
		s->next->prev = s->prev;
	s->next = s->prev = 0;
}

static void list_push(int cls, struct slab *s)
{
	s->prev = 0;
	s->next = partial[cls];
	if (s->next)
		s->next->prev = s;
	partial[cls] = s;
}

static struct slab *slab_new(int cls)
{
	uint64_t pa = frame_alloc();
	if (!pa)
		return 0;
	struct slab *s = P2V(pa);
	s->magic = SLAB_MAGIC;
	s->obj_size = 1 << (cls + MIN_CLASS_SHIFT);
	s->nobjs = (PAGE_SIZE - HEADER_SIZE) / s->obj_size;
	s->nfree = s->nobjs;
	return s; /* frame_alloc zeroed it: no object in use, not on a list */
}

static bool bit_get(const struct slab *s, unsigned i)
{
	return s->in_use[i / 64] & (1UL << (i % 64));
}

static void bit_flip(struct slab *s, unsigned i)
{
	s->in_use[i / 64] ^= 1UL << (i % 64);
}

static void *alloc_small(size_t n)
{
	int cls = class_of(n);
	spin_lock(&heap_lock);
	struct slab *s = partial[cls];
	if (!s) {
		s = slab_new(cls);
		if (!s) {
			spin_unlock(&heap_lock);
			return 0;
		}
		list_push(cls, s);
	}
	unsigned i = 0;
	while (bit_get(s, i))
		i++;
	bit_flip(s, i);
	if (--s->nfree == 0)
		list_remove(cls, s);
	heap_used += s->obj_size;
	spin_unlock(&heap_lock);
	return (char *)s + HEADER_SIZE + (size_t)i * s->obj_size;
}

static void free_small(struct slab *s, void *p)
{
	size_t off = (char *)p - ((char *)s + HEADER_SIZE);
	unsigned i = off / s->obj_size;
	int cls = class_of(s->obj_size);
	if (off % s->obj_size || i >= s->nobjs)
		panic("kfree: %p is not the start of a heap object", p);
	spin_lock(&heap_lock);
	if (!bit_get(s, i))
		panic("kfree: double free of %p", p);
	bit_flip(s, i);
	heap_used -= s->obj_size;
	if (s->nfree++ == 0)
		list_push(cls, s);
	bool empty = s->nfree == s->nobjs;
	if (empty) {
		list_remove(cls, s);
		s->magic = 0;
	}
	spin_unlock(&heap_lock);
	if (empty)
		frame_put(V2P(s));
}

static void *alloc_big(size_t n)
{
	size_t npages = (n + HEADER_SIZE + PAGE_SIZE - 1) / PAGE_SIZE;
	uint64_t pa = frame_alloc_contig(npages);
	if (!pa)
		return 0;
	struct big *b = P2V(pa);
	b->magic = BIG_MAGIC;
	b->npages = npages;
	spin_lock(&heap_lock);
	heap_used += npages * PAGE_SIZE;
	spin_unlock(&heap_lock);
	return (char *)b + HEADER_SIZE;
}

static void free_big(struct big *b, void *p)
{
	if ((char *)p != (char *)b + HEADER_SIZE)
		panic("kfree: %p is inside a big block, not its start", p);
	uint32_t npages = b->npages;
	b->magic = 0; /* a second kfree now finds no magic */
	spin_lock(&heap_lock);
	heap_used -= (size_t)npages * PAGE_SIZE;
	spin_unlock(&heap_lock);
	uint64_t pa = V2P(b);
	for (uint32_t i = 0; i < npages; i++)
		frame_put(pa + (uint64_t)i * PAGE_SIZE);
}

void *kmalloc(size_t n)
{
	if (n == 0)
		n = 1;
	if (n > ((size_t)1 << 40))
		return 0;
	if (n <= ((size_t)1 << MAX_CLASS_SHIFT))
		return alloc_small(n);
	return alloc_big(n);
}

void *kzalloc(size_t n)
{
	void *p = kmalloc(n);
	if (p)
		memset(p, 0, n);
	return p;
}

void kfree(void *p)
{
	if (!p)
		return;
	void *page = (void *)PAGE_ROUND_DOWN((uintptr_t)p);
	uint32_t magic = *(uint32_t *)page;
	if (magic == SLAB_MAGIC)
		free_small(page, p);
	else if (magic == BIG_MAGIC)
		free_big(page, p);
	else
		panic("kfree: %p was not allocated by kmalloc (or was freed already)", p);
}

size_t kheap_used(void)
{
	return heap_used;
}
