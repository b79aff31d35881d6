/*
 * remap: mremap(2), which resizes a mapping and, with MREMAP_MAYMOVE, moves
 * it somewhere else without copying a byte: the pages themselves change
 * address.  musl's realloc uses it for big blocks.
 *
 *   grow in place    when the pages after the mapping are free
 *   ENOMEM           when they are not and the mapping may not move
 *   move             MREMAP_MAYMOVE: a new address, the same contents, the
 *                    old range free again; MREMAP_FIXED says where
 *   shrink           the tail is unmapped, the rest stays
 *   copy-on-write    a child that moves memory it shares with its parent
 *                    still gets its own copy when it writes
 *   errors           Linux's: EINVAL for bad flags, an unaligned address, a
 *                    zero length or one past the address space,
 *                    overlapping FIXED ranges; EFAULT for a range that is
 *                    not one mapping
 *
 * Each check builds its mappings inside an address range found free first,
 * so that what lies next to them is known.
 */
#include "check.h"
#include <stdint.h>
#include <sys/mman.h>
#include <sys/shm.h>

#define PAGE 4096UL

/* An address where n pages are free right now. */
static char *free_range(size_t n)
{
	void *p = mmap(NULL, n * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	munmap(p, n * PAGE);
	return p;
}

/* n read-write pages at exactly addr, page i filled with fill + i. */
static char *map_at(char *addr, size_t n, char fill)
{
	char *p = mmap(addr, n * PAGE, PROT_READ | PROT_WRITE,
	               MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	for (size_t i = 0; i < n; i++)
		memset(p + i * PAGE, fill + (char)i, PAGE);
	return p;
}

/* Does page i of p hold fill + i all through, for i in [from, to)? */
static int holds(const char *p, size_t from, size_t to, char fill)
{
	for (size_t i = from; i < to; i++)
		for (size_t b = 0; b < PAGE; b += 512)
			if (p[i * PAGE + b] != (char)(fill + (char)i))
				return 0;
	return 1;
}

/* Is the page at addr unmapped?  (MAP_FIXED_NOREPLACE refuses a mapped one.) */
static int is_free(char *addr)
{
	void *p =
	    mmap(addr, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
	if (p == MAP_FAILED)
		return 0;
	munmap(p, PAGE);
	return p == addr;
}

static void grow_and_move(void)
{
	char *area = free_range(16);
	char *p = area ? map_at(area, 2, 'a') : NULL;
	if (!check(p != NULL, "setup", "no room for the test mappings: %s", errname(errno)))
		return;

	char *g = mremap(p, 2 * PAGE, 4 * PAGE, 0);
	check(g == p && holds(g, 0, 2, 'a') && g[2 * PAGE] == 0 && g[4 * PAGE - 1] == 0,
	      "grow_in_place", "mremap(2 -> 4 pages) = %p (was %p)", (void *)g, (void *)p);
	if (g != p)
		return;
	g[3 * PAGE] = 'z'; /* the new pages are writable */

	char *blocker = map_at(area + 4 * PAGE, 1, 'B');
	errno = 0;
	char *r = mremap(p, 4 * PAGE, 6 * PAGE, 0);
	check(blocker && r == MAP_FAILED && errno == ENOMEM && holds(p, 0, 2, 'a'),
	      "grow_blocked_enomem", "mremap with the next page taken = %p (%s)", (void *)r,
	      errname(errno));

	char *m = mremap(p, 4 * PAGE, 6 * PAGE, MREMAP_MAYMOVE);
	int moved = m != MAP_FAILED && m != p;
	check(moved && holds(m, 0, 2, 'a') && m[3 * PAGE] == 'z' && m[5 * PAGE] == 0 &&
	          holds(blocker, 0, 1, 'B'),
	      "maymove_moves", "mremap(MAYMOVE) = %p (was %p), contents %s", (void *)m, (void *)p,
	      moved && holds(m, 0, 2, 'a') ? "kept" : "lost");
	check(moved && is_free(p) && is_free(p + 3 * PAGE), "maymove_old_range_free",
	      "the old range is still mapped after the move");
	if (!moved)
		return;

	char *s = mremap(m, 6 * PAGE, 2 * PAGE, 0);
	check(s == m && holds(m, 0, 2, 'a') && is_free(m + 2 * PAGE) && is_free(m + 5 * PAGE),
	      "shrink", "mremap(6 -> 2 pages) = %p (was %p)", (void *)s, (void *)m);

	/* MREMAP_FIXED: onto an address that holds another mapping, which goes. */
	char *there = free_range(3);
	char *dest = there ? map_at(there, 3, 'D') : NULL;
	char *f = mremap(m, 2 * PAGE, 3 * PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, dest);
	check(dest && f == dest && holds(f, 0, 2, 'a') && f[2 * PAGE] == 0 && is_free(m),
	      "fixed_replaces", "mremap(FIXED, %p) = %p (%s)", (void *)dest, (void *)f,
	      f == MAP_FAILED ? errname(errno) : "-");
	munmap(area, 16 * PAGE);
	if (dest)
		munmap(dest, 3 * PAGE);
}

/* A child moves memory it shares, copy-on-write, with its parent, and writes. */
static char *shared_with_parent;

static void child_moves(void)
{
	/* The page after is taken, so that growing must move. */
	if (!map_at(shared_with_parent + 2 * PAGE, 1, 'x'))
		child_fail("cannot map the page after: %s", errname(errno));
	char *m = mremap(shared_with_parent, 2 * PAGE, 8 * PAGE, MREMAP_MAYMOVE);
	if (m == MAP_FAILED || m == shared_with_parent)
		child_fail("mremap(MAYMOVE) in the child = %p: %s", (void *)m, errname(errno));
	if (!holds(m, 0, 2, 'p'))
		child_fail("the child's moved pages lost the parent's data");
	memset(m, 'c', PAGE);
}

static void copy_on_write(void)
{
	char *area = free_range(8);
	shared_with_parent = area ? map_at(area, 2, 'p') : NULL;
	if (!shared_with_parent) {
		fail("cow_setup", "no room: %s", errname(errno));
		return;
	}
	run_child("cow_child_moves", child_moves);
	check(holds(shared_with_parent, 0, 2, 'p'), "cow_parent_unchanged",
	      "the child's write after its mremap reached the parent's page");
	munmap(shared_with_parent, 2 * PAGE);
}

static void errors(void)
{
	char *area = free_range(8);
	char *p = area ? map_at(area, 2, 'e') : NULL;
	if (!p) {
		fail("errors_setup", "no room: %s", errname(errno));
		return;
	}
	check_errno("unaligned_einval", (long)mremap(p + 1, PAGE, 2 * PAGE, MREMAP_MAYMOVE), EINVAL,
	            "mremap(p + 1)");
	check_errno("new_len_0_einval", (long)mremap(p, PAGE, 0, MREMAP_MAYMOVE), EINVAL,
	            "mremap(new_len 0)");
	check_errno("bad_flags_einval", (long)mremap(p, PAGE, 2 * PAGE, 0x80), EINVAL,
	            "mremap(flags 0x80)");
	check_errno("fixed_without_maymove_einval",
	            (long)mremap(p, PAGE, PAGE, MREMAP_FIXED, area + 4 * PAGE), EINVAL,
	            "mremap(FIXED without MAYMOVE)");
	check_errno("fixed_unaligned_einval",
	            (long)mremap(p, PAGE, PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, area + 5 * PAGE + 8),
	            EINVAL, "mremap(FIXED, unaligned new address)");
	check_errno("fixed_overlap_einval",
	            (long)mremap(p, 2 * PAGE, 2 * PAGE, MREMAP_MAYMOVE | MREMAP_FIXED, p + PAGE),
	            EINVAL, "mremap(FIXED onto itself)");
	check_errno("unmapped_efault",
	            (long)mremap(area + 4 * PAGE, PAGE, 2 * PAGE, MREMAP_MAYMOVE), EFAULT,
	            "mremap of an unmapped page");
	check_errno("beyond_mapping_efault", (long)mremap(p, 3 * PAGE, 4 * PAGE, MREMAP_MAYMOVE),
	            EFAULT, "mremap(old_len past the mapping's end)");
	/* Longer than the address space: Linux 6.18 and shmos say EINVAL, older Linux ENOMEM. */
	errno = 0;
	long r = (long)mremap(p, PAGE, 1UL << 62, MREMAP_MAYMOVE);
	check(r == -1 && (errno == EINVAL || (!is_shmos() && errno == ENOMEM)), "huge_new_len",
	      "mremap(new_len 2^62) = %ld (%s), expected EINVAL", r, errname(errno));
	check(holds(p, 0, 2, 'e'), "errors_change_nothing", "a refused mremap changed the pages");
	munmap(area, 8 * PAGE);
}

/* musl's realloc moves a big block with mremap: the contents come along. */
static void realloc_big(void)
{
	size_t small = 1 << 20, big = 4 << 20;
	unsigned char *b = malloc(small);
	if (!b) {
		fail("realloc_big", "malloc(1 MiB) failed");
		return;
	}
	for (size_t i = 0; i < small; i++)
		b[i] = (unsigned char)(i * 7 + (i >> 12));
	unsigned char *c = realloc(b, big);
	size_t bad = small;
	for (size_t i = 0; c && i < small; i++)
		if (c[i] != (unsigned char)(i * 7 + (i >> 12))) {
			bad = i;
			break;
		}
	check(c && bad == small, "realloc_big", "realloc(1 -> 4 MiB) %s at byte %zu",
	      c ? "lost data" : "failed", bad);
	free(c ? c : b);
}

/* shmos resizes only anonymous mmap memory; Linux also moves a shm attach. */
static void shm_attach_einval(void)
{
	if (!is_shmos()) {
		skip("shm_attach_einval", "Linux can move a shared-memory attach");
		return;
	}
	int id = shmget(IPC_PRIVATE, PAGE, IPC_CREAT | 0600);
	char *a = id < 0 ? (char *)-1 : shmat(id, NULL, 0);
	if (id >= 0)
		shmctl(id, IPC_RMID, NULL);
	if (a == (char *)-1) {
		fail("shm_attach_einval", "shmget/shmat failed: %s", errname(errno));
		return;
	}
	check_errno("shm_attach_einval", (long)mremap(a, PAGE, 2 * PAGE, MREMAP_MAYMOVE), EINVAL,
	            "mremap of a System V attach");
	shmdt(a);
}

int main(void)
{
	check_init("remap");
	grow_and_move();
	copy_on_write();
	errors();
	realloc_big();
	shm_attach_einval();
	return summary();
}
