/*
 * frame.h: the physical frame allocator.
 *
 * Frames are 4 KiB pages of physical memory, named by physical address.
 * Every frame carries a reference count: a new frame has count 1,
 * frame_ref() adds a user (a second page-table mapping, a copy-on-write
 * sharer, a shared-memory object), frame_put() drops one and frees the frame
 * when the last goes.  A return of 0 means "no memory": physical page 0 is
 * never handed out.
 */
#ifndef MM_FRAME_H
#define MM_FRAME_H

#include <stddef.h>
#include <stdint.h>

#include "include/boot_info.h"

void frame_init(const struct boot_info *bi);

uint64_t frame_alloc(void);            /* one zero-filled frame */
uint64_t frame_alloc_contig(size_t n); /* n contiguous zero-filled frames, each count 1 */
void frame_ref(uint64_t pa);
void frame_put(uint64_t pa);
unsigned frame_refcount(uint64_t pa);

size_t frame_free_count(void);
size_t frame_total_count(void); /* frames of usable RAM the allocator manages */
uint64_t frame_max_phys(void);  /* end of the highest RAM region (for the direct map) */

#endif
