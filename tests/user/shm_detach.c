/*
 * shm_detach: shmdt(addr), and munmap of attached memory.
 *
 *   - shmdt takes the START address of an attach, nothing else: an address
 *     inside an attach, a misaligned one, one with no attach (anonymous
 *     memory, NULL, kernel addresses) or a second shmdt -> EINVAL.
 *   - It sets nattch - 1, dtime = now and lpid = the caller; afterwards
 *     the memory is gone (a touch -> SIGSEGV).
 *   - munmap of a whole attach works as a detach.  An attach cut into
 *     pieces by munmap or mprotect is still one attach for shmdt: after
 *     munmap of its first page shmdt(start) still works and removes every
 *     remaining piece.  Linux counts each piece in nattch (a hole in the
 *     middle makes 2); one shmdt brings it back to 0.
 */
#include "check.h"
#include "shm_common.h"

static int seg3; /* 3 pages */
static volatile char *ga;

static void touch(void)
{
	(void)*ga;
}

/* Attach seg3 somewhere; FAIL name and return NULL on failure. */
static char *attach3(const char *name)
{
	long p = attach(seg3, NULL, 0);
	if (p == -1) {
		fail(name, "shmat: %s", ename(errno));
		return NULL;
	}
	return (char *)p;
}

static void wrong_addresses(void)
{
	char *p = attach3("wrong_addresses");
	if (!p)
		return;
	want_err("dt_middle_einval", shmdt(p + PAGE), EINVAL, "shmdt(start + 4096)");
	want_err("dt_last_page_einval", shmdt(p + 2 * PAGE), EINVAL, "shmdt(start + 8192)");
	want_err("dt_misaligned_einval", shmdt(p + 1), EINVAL, "shmdt(start + 1)");
	check(nattch_of(seg3) == 1 && p[2 * PAGE] == 0, "dt_wrong_left_attach",
	      "after the failed calls nattch is %ld (expected 1)", nattch_of(seg3));

	void *anon = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	want_err("dt_anonymous_einval", shmdt(anon), EINVAL, "shmdt(an mmap'd page)");
	want_err("dt_program_einval", shmdt((void *)((uintptr_t)touch & ~(PAGE - 1))), EINVAL,
	         "shmdt(the program's code)");
	want_err("dt_null_einval", shmdt(NULL), EINVAL, "shmdt(NULL)");
	want_err("dt_unmapped_einval", shmdt((void *)free_area(PAGE)), EINVAL,
	         "shmdt(an unmapped page)");
	want_err("dt_user_top_einval", shmdt((void *)0x7ffffffff000UL), EINVAL,
	         "shmdt(0x7ffffffff000)");
	want_err("dt_kernel_einval", shmdt((void *)0xffff800000000000UL), EINVAL,
	         "shmdt(0xffff800000000000)");
	want_err("dt_noncanonical_einval", shmdt((void *)0x0000800000000000UL), EINVAL,
	         "shmdt(0x800000000000)");

	want_zero("dt_start_ok", shmdt(p), "shmdt(start)");
	want_err("dt_twice_einval", shmdt(p), EINVAL, "a second shmdt(start)");
	ga = p;
	expect_signal("dt_memory_gone", touch, SIGSEGV);
}

/* shmdt's bookkeeping, seen from a child: nattch, dtime, lpid. */
static void detach_in_child(void)
{
	struct shmid_ds ds = {0};
	char *p = attach3("dt_in_child");
	if (!p)
		return;
	long before = nattch_of(seg3), t0 = now_coarse();
	int r = shmdt(p);
	long t1 = time(NULL);
	want_zero("dt_in_child", r, "shmdt");
	seg_stat(seg3, &ds);
	check((long)ds.shm_nattch == before - 1, "dt_nattch",
	      "nattch %lu after shmdt, expected %ld", ds.shm_nattch, before - 1);
	check(time_between(ds.shm_dtime, t0, t1), "dt_dtime", "dtime %ld, not in [%ld, %ld]",
	      (long)ds.shm_dtime, t0, t1);
	check(ds.shm_lpid == getpid(), "dt_lpid", "lpid %d, expected the child %d", ds.shm_lpid,
	      getpid());
}

/* Of two attaches of one segment, shmdt removes just the one named. */
static void one_of_two(void)
{
	char *p = attach3("dt_one_of_two"), *q = attach3("dt_one_of_two");
	if (!p || !q)
		return;
	q[5] = 'q';
	int r = shmdt(p);
	check(r == 0 && nattch_of(seg3) == 1 && q[5] == 'q', "dt_one_of_two",
	      "shmdt of one attach: %s, nattch %ld (expected 1)", r ? ename(errno) : "ok",
	      nattch_of(seg3));
	long ro = attach(seg3, NULL, SHM_RDONLY);
	want_zero("dt_rdonly_attach", ro == -1 ? -1 : shmdt((void *)ro),
	          "shmat(SHM_RDONLY) then shmdt");
	shmdt(q);
}

/* munmap(first page) leaves pages 2 and 3: shmdt(start) still finds and removes them. */
static void after_munmap_first(void)
{
	char *p = attach3("dt_after_munmap_first");
	if (!p)
		return;
	munmap(p, PAGE);
	p[PAGE] = 'a'; /* the rest still works */
	int r = shmdt(p);
	check(r == 0 && nattch_of(seg3) == 0, "dt_after_munmap_first",
	      "shmdt(start) after munmap of the first page: %s, nattch %ld",
	      r ? ename(errno) : "ok", nattch_of(seg3));
	ga = p + 2 * PAGE;
	expect_signal("dt_removed_the_rest", touch, SIGSEGV);
}

/* A hole in the middle: two pieces, counted twice (Linux), removed by one shmdt. */
static void middle_hole(void)
{
	char *p = attach3("dt_middle_hole");
	if (!p)
		return;
	munmap(p + PAGE, PAGE);
	check(nattch_of(seg3) == 2, "munmap_split_counts_two",
	      "nattch %ld after munmap of the middle page of an attach, expected 2 (one per piece)",
	      nattch_of(seg3));
	p[0] = 1;
	p[2 * PAGE] = 3;
	int r = shmdt(p);
	check(r == 0 && nattch_of(seg3) == 0, "dt_middle_hole",
	      "shmdt(start) of an attach with a hole: %s, nattch %ld", r ? ename(errno) : "ok",
	      nattch_of(seg3));
	ga = p + 2 * PAGE;
	expect_signal("dt_removed_both_pieces", touch, SIGSEGV);
}

/* LTP shmat04: mprotect splits, then shmdt must leave nattch at 0. */
static void mprotect_split(void)
{
	char *p = attach3("dt_mprotect_split");
	if (!p)
		return;
	mprotect(p + PAGE, PAGE, PROT_NONE);
	mprotect(p, 2 * PAGE, PROT_WRITE);
	int r = shmdt(p);
	check(r == 0 && nattch_of(seg3) == 0, "dt_mprotect_split",
	      "shmdt after mprotect(page 2, NONE) + mprotect(pages 1-2, WRITE): %s, nattch %ld",
	      r ? ename(errno) : "ok", nattch_of(seg3));
}

/* munmap of a whole attach is a detach. */
static void munmap_whole(void)
{
	struct shmid_ds ds = {0};
	char *p = attach3("munmap_whole");
	if (!p)
		return;
	long t0 = now_coarse();
	int r = munmap(p, 3 * PAGE);
	long t1 = time(NULL);
	const char *how = r ? ename(errno) : "ok";
	seg_stat(seg3, &ds);
	check(r == 0 && ds.shm_nattch == 0 && time_between(ds.shm_dtime, t0, t1) &&
	          ds.shm_lpid == getpid(),
	      "munmap_is_detach", "munmap: %s; nattch %lu, dtime %ld in [%ld, %ld], lpid %d", how,
	      ds.shm_nattch, (long)ds.shm_dtime, t0, t1, ds.shm_lpid);
	want_err("dt_after_munmap_einval", shmdt(p), EINVAL, "shmdt after munmap of the whole");
}

/* Detaching the last attach of a removed segment destroys it. */
static void last_detach_destroys(void)
{
	struct shmid_ds ds = {0};
	int id = new_seg("dt_destroys", PAGE, 0600);
	long p = id < 0 ? -1 : attach(id, NULL, 0);
	if (p == -1)
		return;
	shmctl(id, IPC_RMID, NULL);
	int r = seg_stat(id, &ds);
	check(r == 0 && (ds.shm_perm.mode & SHM_DEST), "rmid_waits_for_detach",
	      "IPC_STAT after IPC_RMID with an attach: %s, mode 0%o", r ? ename(errno) : "ok",
	      ds.shm_perm.mode);
	shmdt((void *)p);
	want_err("last_detach_destroys", seg_stat(id, &ds), EINVAL,
	         "IPC_STAT after the last shmdt of a removed segment");
}

int main(void)
{
	check_init("shm_detach");
	if (!shm_require())
		return summary();
	seg3 = new_seg("setup", 3 * PAGE, 0600);
	if (seg3 < 0)
		return shm_summary();
	wrong_addresses();
	run_counted("detach_in_child", detach_in_child);
	one_of_two();
	after_munmap_first();
	middle_hole();
	mprotect_split();
	munmap_whole();
	last_detach_destroys();
	return shm_summary();
}
