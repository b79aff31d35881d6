/*
 * memory: the calls that shape a process's address space.
 *
 *   brk(addr)        moves the end of the heap ("the break").  The raw system
 *                    call returns the new break, or the OLD break if the
 *                    request is refused: it never returns -1.  (musl's own
 *                    brk() and sbrk(n != 0) always fail with ENOMEM without
 *                    asking the kernel, so we use syscall(SYS_brk, ...).)
 *   mmap/munmap      map and unmap anonymous memory; MAP_FIXED replaces
 *                    whatever was mapped there before.
 *   mprotect         changes the access rights of mapped pages.
 *
 * musl's malloc (mallocng) uses all of them: it grows the break, puts a
 * PROT_NONE guard page over the start of it with mmap(MAP_FIXED), and takes
 * large blocks straight from mmap.
 *
 * Checks that must crash (touching an unmapped page...) run in a forked
 * child with expect_signal(); checks that move the break run in a child too,
 * so that each starts from the program's initial break.
 */
#include "check.h"
#include <stdint.h>
#include <sys/mman.h>

#define PAGE 4096UL

extern char end[];            /* the end of our data + bss, from the linker */
static uintptr_t initial_brk; /* the break when main started */

static uintptr_t brk_to(uintptr_t addr)
{
	return (uintptr_t)syscall(SYS_brk, addr);
}

/* The initial break, rounded up to a page. */
static uintptr_t brk_base(void)
{
	return (initial_brk + PAGE - 1) & ~(PAGE - 1);
}

/* Index of the first byte in p[0, n) that is not c, or -1. */
static long first_not(const volatile unsigned char *p, size_t n, unsigned char c)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != c)
			return (long)i;
	return -1;
}

static void *map_anon(size_t len, int prot)
{
	return mmap(NULL, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

/* ------------------------------------------------------------------ brk --- */

static void brk_query(void)
{
	uintptr_t b = brk_to(0);
	if (b == 0 || b < (uintptr_t)end)
		child_fail("brk(0) = %#lx, below the end of bss %p", b, (void *)end);
	if (b != initial_brk)
		child_fail("brk(0) = %#lx in a fresh child, the parent had %#lx", b, initial_brk);
}

static void brk_grow_shrink(void)
{
	uintptr_t a = brk_base();
	volatile unsigned char *p = (volatile unsigned char *)a;

	/* Grow by 3 pages: new memory reads as zero. */
	if (brk_to(a + 3 * PAGE) != a + 3 * PAGE)
		child_fail("brk(base + 3 pages) refused");
	if (first_not(p, 3 * PAGE, 0) >= 0)
		child_fail("new heap memory is not zero");
	memset((void *)p, 0xab, 3 * PAGE);

	/* Grow more: the old contents stay, the new pages are zero. */
	if (brk_to(a + 8 * PAGE) != a + 8 * PAGE)
		child_fail("brk(base + 8 pages) refused");
	if (first_not(p, 3 * PAGE, 0xab) >= 0 || first_not(p + 3 * PAGE, 5 * PAGE, 0) >= 0)
		child_fail("growing the break changed memory below it, or new memory is not zero");

	/* Shrink to 1 page: that page keeps its contents. */
	if (brk_to(a + PAGE) != a + PAGE)
		child_fail("shrinking the break to base + 1 page refused");
	if (first_not(p, PAGE, 0xab) >= 0)
		child_fail("shrinking the break changed the memory still below it");

	/* Grow again: the pages given back were freed, they come back as zero. */
	if (brk_to(a + 3 * PAGE) != a + 3 * PAGE)
		child_fail("growing the break again refused");
	if (first_not(p + PAGE, 2 * PAGE, 0) >= 0)
		child_fail("pages given back by shrinking kept their old contents");
}

/* After shrinking, the pages above the break are gone. */
static void brk_shrunk_segv(void)
{
	uintptr_t a = brk_base();
	if (brk_to(a + 4 * PAGE) != a + 4 * PAGE || brk_to(a + PAGE) != a + PAGE)
		_exit(3);
	*(volatile char *)(a + 2 * PAGE) = 1;
}

static void brk_refused(void)
{
	uintptr_t b = brk_to(0);

	/* Below where the heap starts: refused, the old break comes back. */
	if (brk_to(initial_brk - PAGE) != b)
		child_fail("brk(start - 1 page) was not refused");
	if (brk_to(1) != b)
		child_fail("brk(1) was not refused");
	/* Into the kernel's half of the address space: refused. */
	if (brk_to(0xffff800000000000UL) != b)
		child_fail("brk(0xffff800000000000) was not refused");
	if (brk_to(0) != b)
		child_fail("a refused brk moved the break");
}

/* What mallocng does: MAP_FIXED over part of the brk area, then grow it on. */
static void brk_mmap_fixed(void)
{
	uintptr_t a = brk_base();
	volatile unsigned char *p = (volatile unsigned char *)a;

	if (brk_to(a + 4 * PAGE) != a + 4 * PAGE)
		child_fail("brk(base + 4 pages) refused");
	memset((void *)p, 0x33, 4 * PAGE);
	void *m = mmap((void *)(a + PAGE), 2 * PAGE, PROT_READ | PROT_WRITE,
	               MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	if (m != (void *)(a + PAGE))
		child_fail("mmap(MAP_FIXED) over the heap returned %p, not %#lx", m, a + PAGE);
	if (first_not(p + PAGE, 2 * PAGE, 0) >= 0)
		child_fail("the pages mapped over the heap are not zero");
	if (first_not(p, PAGE, 0x33) >= 0 || first_not(p + 3 * PAGE, PAGE, 0x33) >= 0)
		child_fail("the heap pages around the new mapping changed");
	if (brk_to(a + 5 * PAGE) != a + 5 * PAGE)
		child_fail("growing the break after the MAP_FIXED refused");
	if (first_not(p + 4 * PAGE, PAGE, 0) >= 0)
		child_fail("the new heap page is not zero");
	p[4 * PAGE] = 1;
}

/* mallocng's guard page: PROT_NONE over the first heap page. */
static void brk_guard_page(void)
{
	uintptr_t a = brk_base();
	if (brk_to(a + 2 * PAGE) != a + 2 * PAGE)
		_exit(3);
	if (mmap((void *)a, PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0) !=
	    (void *)a)
		_exit(4);
	*(volatile char *)(a + PAGE) = 1; /* the page after the guard is fine */
	*(volatile char *)a = 1;          /* the guard page is not */
}

/* ----------------------------------------------------------- mmap/munmap --- */

static void mmap_checks(void)
{
	unsigned char *p = map_anon(16 * PAGE, PROT_READ | PROT_WRITE);
	if (check(p != MAP_FAILED, "mmap_anon", "mmap(16 pages) failed: %s", errname(errno))) {
		check(first_not(p, 16 * PAGE, 0) < 0, "mmap_anon_zero",
		      "fresh anonymous memory is not zero");
		memset(p, 0x44, 16 * PAGE);
		check(first_not(p, 16 * PAGE, 0x44) < 0, "mmap_anon_writable",
		      "writes to the mapping did not stick");

		/* MAP_FIXED over the middle of an existing mapping replaces those pages. */
		void *m = mmap(p + 4 * PAGE, 2 * PAGE, PROT_READ | PROT_WRITE,
		               MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
		check(m == p + 4 * PAGE && first_not(p + 4 * PAGE, 2 * PAGE, 0) < 0 &&
		          first_not(p, 4 * PAGE, 0x44) < 0 &&
		          first_not(p + 6 * PAGE, 10 * PAGE, 0x44) < 0,
		      "mmap_fixed_replaces",
		      "mmap(MAP_FIXED) returned %p (asked %p), or the contents are wrong", m,
		      (void *)(p + 4 * PAGE));

		/* munmap of one page in the middle: the rest stays. */
		int r = munmap(p + 8 * PAGE, PAGE);
		check(r == 0 && first_not(p + 7 * PAGE, PAGE, 0x44) < 0 &&
		          first_not(p + 9 * PAGE, PAGE, 0x44) < 0,
		      "munmap_middle", "munmap returned %d, or the neighbouring pages changed", r);

		/* Unmapping what is not mapped is not an error. */
		check(munmap(p + 8 * PAGE, PAGE) == 0, "munmap_twice_ok",
		      "munmap of an unmapped page failed: %s", errname(errno));
		check(munmap(p, 16 * PAGE) == 0, "munmap_all", "munmap failed: %s", errname(errno));
	}

	/* Argument checks, made by the kernel (raw system calls: no libc in between). */
	check_errno("mmap_len0_einval",
	            syscall(SYS_mmap, 0, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), EINVAL,
	            "mmap(len 0)");
	p = map_anon(2 * PAGE, PROT_READ | PROT_WRITE);
	check_errno("mmap_fixed_unaligned_einval",
	            syscall(SYS_mmap, p + 1, PAGE, PROT_READ,
	                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0),
	            EINVAL, "mmap(page + 1, MAP_FIXED)");
	check_errno("munmap_unaligned_einval", syscall(SYS_munmap, p + 1, PAGE), EINVAL,
	            "munmap(page + 1)");
	check_errno("munmap_len0_einval", syscall(SYS_munmap, p, 0), EINVAL, "munmap(len 0)");
	check_errno("mprotect_unaligned_einval", syscall(SYS_mprotect, p + 1, PAGE, PROT_READ),
	            EINVAL, "mprotect(page + 1)");
	munmap(p, 2 * PAGE);
	check_errno("mprotect_unmapped_enomem", syscall(SYS_mprotect, p, PAGE, PROT_READ), ENOMEM,
	            "mprotect of an unmapped page");
}

static void touch_unmapped(void)
{
	volatile char *p = map_anon(PAGE, PROT_READ | PROT_WRITE);
	p[0] = 1;
	munmap((void *)p, PAGE);
	(void)p[0];
}

static void touch_unmapped_middle(void)
{
	volatile char *p = map_anon(3 * PAGE, PROT_READ | PROT_WRITE);
	munmap((void *)(p + PAGE), PAGE);
	p[0] = p[2 * PAGE] = 1; /* fine */
	p[PAGE] = 1;            /* gone */
}

static void write_readonly_mmap(void)
{
	volatile char *p = map_anon(PAGE, PROT_READ);
	if (p[10] != 0) /* reading is fine */
		_exit(3);
	p[10] = 1;
}

/* --------------------------------------------------------------- mprotect --- */

static void write_after_mprotect_read(void)
{
	volatile char *p = map_anon(PAGE, PROT_READ | PROT_WRITE);
	p[0] = 42;
	mprotect((void *)p, PAGE, PROT_READ);
	if (p[0] != 42) /* still readable, contents kept */
		_exit(3);
	p[0] = 1;
}

static void read_after_mprotect_none(void)
{
	volatile char *p = map_anon(PAGE, PROT_READ | PROT_WRITE);
	p[0] = 42;
	mprotect((void *)p, PAGE, PROT_NONE);
	(void)p[0];
}

static void mprotect_checks(void)
{
	volatile unsigned char *p = map_anon(2 * PAGE, PROT_READ | PROT_WRITE);
	if (p == MAP_FAILED) {
		fail("mprotect_restore", "mmap failed: %s", errname(errno));
		return;
	}
	p[0] = 42;
	int r1 = mprotect((void *)p, 2 * PAGE, PROT_NONE);
	int r2 = mprotect((void *)p, 2 * PAGE, PROT_READ | PROT_WRITE);
	p[PAGE] = 43;
	check(r1 == 0 && r2 == 0 && p[0] == 42 && p[PAGE] == 43, "mprotect_restore",
	      "RW -> NONE -> RW: mprotect returned %d, %d; contents %d, %d", r1, r2, p[0], p[PAGE]);

	/* Code written into a page runs once the page is made executable. */
	static const unsigned char ret42[] = {0xb8, 0x2a, 0x00,
	                                      0x00, 0x00, 0xc3}; /* mov $42,%eax; ret */
	memcpy((void *)p, ret42, sizeof(ret42));
	int r = mprotect((void *)p, PAGE, PROT_READ | PROT_EXEC);
	int (*fn)(void) = (int (*)(void))p;
	check(r == 0 && fn() == 42, "mprotect_exec_runs",
	      "mprotect(PROT_READ|PROT_EXEC) returned %d", r);
	munmap((void *)p, 2 * PAGE);
}

/* ----------------------------------------------------------------- malloc --- */

static void malloc_many_sizes(void)
{
	enum { N = 300 };
	static unsigned char *blocks[N];
	static size_t sizes[N];
	int i;

	/* Sizes from 1 byte to 2 MiB: small slots, large slots, and whole mmaps. */
	for (i = 0; i < N; i++) {
		sizes[i] = ((size_t)1 << (i % 22)) + (size_t)i * 7;
		blocks[i] = malloc(sizes[i]);
		if (blocks[i] == NULL) {
			fail("malloc_many_sizes", "malloc(%zu) failed", sizes[i]);
			return;
		}
		memset(blocks[i], i & 0xff, sizes[i]);
	}
	/* Free every other one, then check the survivors, then free the rest. */
	for (i = 0; i < N; i += 2)
		free(blocks[i]);
	for (i = 1; i < N; i += 2)
		if (first_not(blocks[i], sizes[i], i & 0xff) >= 0)
			break;
	check(i >= N, "malloc_many_sizes", "block %d (%zu bytes) was overwritten", i,
	      i < N ? sizes[i] : 0);
	for (i = 1; i < N; i += 2)
		free(blocks[i]);

	/* realloc keeps the contents while moving to bigger and bigger blocks. */
	unsigned char *q = malloc(16);
	size_t n = 16;
	int ok = q != NULL;
	if (ok)
		memset(q, 0x5c, n);
	while (ok && n < 4 * 1024 * 1024) {
		unsigned char *q2 = realloc(q, n * 4);
		ok = q2 != NULL && first_not(q2, n, 0x5c) < 0;
		q = q2;
		if (ok)
			memset(q + n, 0x5c, 3 * n);
		n *= 4;
	}
	check(ok, "realloc_keeps_contents", "realloc to %zu bytes lost the contents", n);
	free(q);

	/* calloc gives zeroed memory, even when it reuses freed blocks. */
	unsigned char *c = calloc(1000, 1000);
	check(c != NULL && first_not(c, 1000 * 1000, 0) < 0, "calloc_zero",
	      "calloc(1000, 1000) returned %p or non-zero memory", (void *)c);
	free(c);
}

int main(void)
{
	initial_brk = brk_to(0); /* before anything could malloc */
	check_init("memory");

	run_child("brk_query", brk_query);
	run_child("brk_grow_shrink", brk_grow_shrink);
	expect_signal("brk_shrunk_segv", brk_shrunk_segv, SIGSEGV);
	run_child("brk_refused", brk_refused);
	run_child("brk_mmap_fixed", brk_mmap_fixed);
	expect_signal("brk_guard_page_segv", brk_guard_page, SIGSEGV);

	mmap_checks();
	expect_signal("munmap_then_segv", touch_unmapped, SIGSEGV);
	expect_signal("munmap_middle_segv", touch_unmapped_middle, SIGSEGV);
	expect_signal("mmap_readonly_write_segv", write_readonly_mmap, SIGSEGV);

	expect_signal("mprotect_read_write_segv", write_after_mprotect_read, SIGSEGV);
	expect_signal("mprotect_none_read_segv", read_after_mprotect_none, SIGSEGV);
	mprotect_checks();

	malloc_many_sizes();
	return summary();
}
