/*
 * kmalloc.h: the kernel heap.
 *
 * kmalloc(n) returns n bytes aligned to 16 (to the size class for small
 * sizes) or NULL when memory is short; kzalloc zero-fills; kfree(NULL) is
 * a no-op.  kfree of a pointer the heap did not hand out, or a second kfree,
 * panics with a message instead of corrupting memory.
 */
#ifndef MM_KMALLOC_H
#define MM_KMALLOC_H

#include <stddef.h>

/*
 * The largest block that takes a single frame (a frame less kmalloc's
 * header).  Anything bigger needs several contiguous frames, which a
 * fragmented memory may not have: a structure that can grow large is better
 * kept in pieces of at most this size (as message texts are, ipc/msg.c).
 */
#define KMALLOC_ONE_FRAME 4032

void *kmalloc(size_t n);
void *kzalloc(size_t n);
void kfree(void *p);

size_t kheap_used(void); /* bytes handed out and not yet freed */

#endif
