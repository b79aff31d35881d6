/*
 * frame.c: physical frames, tracked with a bitmap and a reference count each.
 *
 * At boot we find the highest RAM address, carve the bookkeeping arrays
 * (one bit and one 32-bit count per frame) out of the first free region
 * big enough, mark every usable frame free, then take back what is in use:
 * the kernel image, the initrd, the bookkeeping itself and the first
 * megabyte (real-mode leftovers, and so that address 0 is never a frame).
 *
 * Allocation scans the bitmap from where the last one stopped (next fit).
 * That is O(frames) in the worst case and simple to read; the free count
 * is exact, which the leak checks rely on.
 */
#include <stdbool.h>

#include "kernel/panic.h"
#include "kernel/spinlock.h"
#include "mm/frame.h"
#include "mm/memlayout.h"
#include "lib/string.h"

#define LOW_RESERVED  (1UL << 20)
#define BITS_PER_WORD 64

static struct spinlock frame_lock = SPINLOCK_INIT("frame");
static uint64_t *used_bitmap; /* bit set: frame not free (in use, reserved, or not RAM) */
static uint32_t *refcounts;
static size_t nframes; /* frames covered: [0, nframes) */
static size_t free_frames;
static size_t total_frames;
static size_t next_hint;
static uint64_t max_phys;

static bool is_used(size_t pfn)
{
	return used_bitmap[pfn / BITS_PER_WORD] & (1UL << (pfn % BITS_PER_WORD));
}

static void set_used(size_t pfn)
{
	used_bitmap[pfn / BITS_PER_WORD] |= 1UL << (pfn % BITS_PER_WORD);
}

static void set_free(size_t pfn)
{
	used_bitmap[pfn / BITS_PER_WORD] &= ~(1UL << (pfn % BITS_PER_WORD));
}

/* Mark [base, base+len) used; frames partly covered count as used. */
static void reserve_range(uint64_t base, uint64_t len)
{
	size_t first = base / PAGE_SIZE;
	size_t end = (base + len + PAGE_SIZE - 1) / PAGE_SIZE;
	for (size_t pfn = first; pfn < end && pfn < nframes; pfn++) {
		if (!is_used(pfn)) {
			set_used(pfn);
			free_frames--;
			total_frames--;
		}
	}
}

static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

/* Find room for the bookkeeping in a usable region, clear of kernel and initrd. */
static uint64_t find_metadata_home(const struct boot_info *bi, uint64_t bytes)
{
	for (uint32_t i = 0; i < bi->mem_count; i++) {
		const struct boot_mem_region *r = &bi->mem[i];
		if (r->type != BOOT_MEM_USABLE)
			continue;
		uint64_t start = PAGE_ROUND_UP(r->base);
		if (start < LOW_RESERVED)
			start = LOW_RESERVED;
		uint64_t end = PAGE_ROUND_DOWN(r->base + r->length);
		/* Slide past the kernel and the initrd if they sit in this region. */
		for (int tries = 0; tries < 3 && start + bytes <= end; tries++) {
			if (overlaps(start, bytes, bi->kernel_phys_base, bi->kernel_phys_size))
				start = PAGE_ROUND_UP(bi->kernel_phys_base + bi->kernel_phys_size);
			else if (bi->initrd_size &&
			         overlaps(start, bytes, bi->initrd_base, bi->initrd_size))
				start = PAGE_ROUND_UP(bi->initrd_base + bi->initrd_size);
			else
				return start;
		}
	}
	return 0;
}

void frame_init(const struct boot_info *bi)
{
	max_phys = 0;
	for (uint32_t i = 0; i < bi->mem_count; i++) {
		const struct boot_mem_region *r = &bi->mem[i];
		if (r->type == BOOT_MEM_USABLE && r->base + r->length > max_phys)
			max_phys = r->base + r->length;
	}
	nframes = max_phys / PAGE_SIZE;
	size_t bitmap_bytes = (nframes + BITS_PER_WORD - 1) / BITS_PER_WORD * 8;
	size_t meta_bytes = PAGE_ROUND_UP(bitmap_bytes + nframes * sizeof(uint32_t));
	uint64_t meta = find_metadata_home(bi, meta_bytes);
	if (!meta)
		panic("frame_init: no room for %lu bytes of frame bookkeeping", meta_bytes);

	used_bitmap = P2V(meta);
	refcounts = (uint32_t *)((char *)used_bitmap + bitmap_bytes);
	memset(used_bitmap, 0xff, bitmap_bytes);
	memset(refcounts, 0, nframes * sizeof(uint32_t));

	free_frames = total_frames = 0;
	for (uint32_t i = 0; i < bi->mem_count; i++) {
		const struct boot_mem_region *r = &bi->mem[i];
		if (r->type != BOOT_MEM_USABLE)
			continue;
		/* Only whole frames inside the region are usable. */
		for (size_t pfn = PAGE_ROUND_UP(r->base) / PAGE_SIZE;
		     pfn < (r->base + r->length) / PAGE_SIZE && pfn < nframes; pfn++) {
			if (is_used(pfn)) {
				set_free(pfn);
				free_frames++;
				total_frames++;
			}
		}
	}
	/* Regions can overlap in a firmware map: a non-usable one wins. */
	for (uint32_t i = 0; i < bi->mem_count; i++)
		if (bi->mem[i].type != BOOT_MEM_USABLE)
			reserve_range(bi->mem[i].base, bi->mem[i].length);
	reserve_range(0, LOW_RESERVED);
	reserve_range(bi->kernel_phys_base, bi->kernel_phys_size);
	if (bi->initrd_size)
		reserve_range(bi->initrd_base, bi->initrd_size);
	reserve_range(meta, meta_bytes);
	next_hint = 0;
}

/* Claim n free frames starting at pfn (all known free). Caller holds frame_lock. */
static void claim(size_t pfn, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		set_used(pfn + i);
		refcounts[pfn + i] = 1;
	}
	free_frames -= n;
	next_hint = pfn + n;
}

/* First run of n free frames at or after start, or nframes if none. */
static size_t find_run(size_t start, size_t n)
{
	size_t run = 0;
	for (size_t pfn = start; pfn < nframes; pfn++) {
		/* Skip whole words of used frames quickly. */
		if (pfn % BITS_PER_WORD == 0 && used_bitmap[pfn / BITS_PER_WORD] == ~0UL &&
		    pfn + BITS_PER_WORD <= nframes) {
			run = 0;
			pfn += BITS_PER_WORD - 1;
			continue;
		}
		run = is_used(pfn) ? 0 : run + 1;
		if (run == n)
			return pfn + 1 - n;
	}
	return nframes;
}

uint64_t frame_alloc_contig(size_t n)
{
	if (n == 0)
		return 0;
	spin_lock(&frame_lock);
	size_t pfn = nframes;
	if (free_frames >= n) {
		pfn = find_run(next_hint, n);
		if (pfn == nframes)
			pfn = find_run(0, n);
	}
	if (pfn == nframes) {
		spin_unlock(&frame_lock);
		return 0;
	}
	claim(pfn, n);
	spin_unlock(&frame_lock);
	memset(P2V(pfn * PAGE_SIZE), 0, n * PAGE_SIZE);
	return pfn * PAGE_SIZE;
}

uint64_t frame_alloc(void)
{
	return frame_alloc_contig(1);
}

static size_t checked_pfn(uint64_t pa, const char *who)
{
	size_t pfn = pa / PAGE_SIZE;
	if ((pa % PAGE_SIZE) || pfn >= nframes || !is_used(pfn) || refcounts[pfn] == 0)
		panic("%s: bad frame %lx", who, pa);
	return pfn;
}

void frame_ref(uint64_t pa)
{
	spin_lock(&frame_lock);
	size_t pfn = checked_pfn(pa, "frame_ref");
	if (refcounts[pfn] == UINT32_MAX)
		panic("frame_ref: count overflow on %lx", pa);
	refcounts[pfn]++;
	spin_unlock(&frame_lock);
}

void frame_put(uint64_t pa)
{
	spin_lock(&frame_lock);
	size_t pfn = checked_pfn(pa, "frame_put");
	bool last = --refcounts[pfn] == 0;
	spin_unlock(&frame_lock);
	if (!last)
		return;
	/* Fill freed frames with junk so a use after free shows up (xv6 does the same). */
	memset(P2V(pa), 0x5a, PAGE_SIZE);
	spin_lock(&frame_lock);
	set_free(pfn);
	free_frames++;
	spin_unlock(&frame_lock);
}

unsigned frame_refcount(uint64_t pa)
{
	size_t pfn = pa / PAGE_SIZE;
	return pfn < nframes ? refcounts[pfn] : 0;
}

size_t frame_free_count(void)
{
	return free_frames;
}

size_t frame_total_count(void)
{
	return total_frames;
}

uint64_t frame_max_phys(void)
{
	return max_phys;
}
