/*
 * shm_big: a 256 MiB segment, attached and touched at both ends.
 *
 * A segment's memory is allocated on first touch, one page at a time, so
 * attaching 256 MiB costs no more than attaching 4 KiB, and touching a few
 * pages uses a few frames.  On shmos, where /proc/meminfo's FreeFrames is
 * exact, the test checks just that, and that every frame is free again
 * once the segment is removed and its users are gone.  (Linux has no exact
 * count: those checks are SKIP there.)  The pages are touched in children,
 * whose page tables go away with them, so the parent's count can be exact.
 *
 * tests/tests.list runs it on a 1 GiB guest; with less memory, if shmget
 * says ENOMEM, the test is skipped.
 */
#include "check.h"
#include "shm_common.h"

#define BIG   (256UL << 20)
#define STEP  (16UL << 20) /* also touch one byte every 16 MiB */
#define TIMES 100

static int id;

/* The byte written at offset off: differs from one touched page to the next. */
static unsigned char mark(size_t off)
{
	return (unsigned char)(0x40 + off / STEP);
}

static void writer(void)
{
	long f0 = free_frames();
	unsigned char *p = shmat(id, NULL, 0);
	if (!want_ok("attach_256mib", p == (void *)-1 ? -1 : 0, "shmat(256 MiB segment)"))
		return;
	long f1 = free_frames();
	for (size_t off = 0; off < BIG; off += STEP)
		p[off] = mark(off);
	p[BIG - 1] = 0xee;
	long f2 = free_frames();
	int ok = p[0] == mark(0) && p[BIG - 1] == 0xee;
	for (size_t off = 0; off < BIG; off += STEP)
		ok &= p[off] == mark(off) && p[off + 1] == 0;
	check(ok, "touch_both_ends", "bytes written at 0, every 16 MiB and at 256 MiB - 1 differ");
	if (is_shmos()) {
		/* At most a table of frame pointers (2 bytes a page) or so: not 65536 frames. */
		check(f0 - f1 < 1024, "attach_is_lazy",
		      "attaching 256 MiB used %ld frames (FreeFrames %ld -> %ld)", f0 - f1, f0, f1);
		check(f1 - f2 <= 64, "touch_uses_few_frames",
		      "touching 17 pages used %ld frames (FreeFrames %ld -> %ld)", f1 - f2, f1, f2);
	} else {
		skip("attach_is_lazy", "Linux has no exact free-frame count");
		skip("touch_uses_few_frames", "Linux has no exact free-frame count");
	}
}

/* Another process, another attach (read-only): the same bytes. */
static void reader(void)
{
	const unsigned char *p = shmat(id, NULL, SHM_RDONLY);
	if (!want_ok("reader_attach", p == (void *)-1 ? -1 : 0, "shmat(256 MiB, SHM_RDONLY)"))
		return;
	int ok = p[BIG - 1] == 0xee && p[BIG - 2] == 0;
	for (size_t off = 0; off < BIG; off += STEP)
		ok &= p[off] == mark(off);
	check(ok, "reader_sees_both_ends", "another process reads other bytes");
}

/* Nanoseconds per shmat+shmdt of a segment, averaged (an INFO line, not a check). */
static long long attach_cost(int seg)
{
	long long t0 = now_ns(CLOCK_MONOTONIC);
	for (int i = 0; i < TIMES; i++) {
		void *p = shmat(seg, NULL, 0);
		if (p == (void *)-1)
			return -1;
		shmdt(p);
	}
	return (now_ns(CLOCK_MONOTONIC) - t0) / TIMES;
}

/* Use some stack now, so that later calls do not take new stack frames from the count. */
static void touch_stack(void)
{
	volatile char buf[64 * 1024];
	for (size_t i = 0; i < sizeof(buf); i += 512)
		buf[i] = 1;
}

int main(void)
{
	struct shm_info before, with;
	check_init("shm_big");
	if (!shm_require())
		return summary();
	touch_stack();
	long frames0 = free_frames();
	shmctl(0, SHM_INFO, (struct shmid_ds *)(void *)&before);
	id = shmget(IPC_PRIVATE, BIG, IPC_CREAT | 0600);
	if (id < 0 && errno == ENOMEM) {
		skip("big_segment", "shmget(256 MiB) says ENOMEM: too little memory here");
		return summary();
	}
	if (!want_ok("create_256mib", id, "shmget(IPC_PRIVATE, 256 MiB)"))
		return summary();
	run_counted("writer", writer);
	run_counted("reader", reader);

	shmctl(0, SHM_INFO, (struct shmid_ds *)(void *)&with);
	check(with.shm_tot == before.shm_tot + BIG / PAGE, "shm_tot_counts_pages",
	      "shm_tot went from %lu to %lu pages, expected +%lu", before.shm_tot, with.shm_tot,
	      BIG / PAGE);
	check(with.shm_rss == before.shm_rss + BIG / STEP + 1, "shm_rss_counts_touched",
	      "shm_rss went from %lu to %lu pages, expected +%lu (the touched ones)",
	      before.shm_rss, with.shm_rss, BIG / STEP + 1);

	/* What an attach costs, 256 MiB against 4 KiB (they should be alike: nothing is copied). */
	int small = shmget(IPC_PRIVATE, PAGE, IPC_CREAT | 0600);
	long long big_ns = attach_cost(id), small_ns = attach_cost(small);
	shmctl(small, IPC_RMID, NULL);
	info("shmat+shmdt: %lld ns for 256 MiB, %lld ns for 4 KiB", big_ns, small_ns);
	check(big_ns > 0 && small_ns > 0, "attach_256mib_repeatedly", "%d attaches failed", TIMES);

	want_zero("remove_256mib", shmctl(id, IPC_RMID, NULL), "IPC_RMID");
	long frames1 = free_frames();
	if (is_shmos())
		check(frames1 == frames0, "frames_back",
		      "FreeFrames %ld before the segment, %ld after removing it (%+ld)", frames0,
		      frames1, frames1 - frames0);
	else
		skip("frames_back", "Linux has no exact free-frame count (checked on shmos)");
	return summary();
}
