/*
 * shm_attach: shmat(id, addr, flags), mapping a segment into our memory.
 *
 *   - addr NULL: the kernel picks the place, top-down below the stack,
 *     never overlapping anything.  Otherwise addr is used exactly (it must
 *     be page-aligned, or SHM_RND rounds it down); a range that overlaps a
 *     mapping -> EINVAL unless SHM_REMAP, which replaces what was there.
 *   - The checks come in Linux's order: shmid < 0, the address
 *     (misaligned, NULL with SHM_REMAP, SHM_RND|SHM_REMAP rounding to 0:
 *     EINVAL), the id, the permission (EACCES), then the overlap (EINVAL).
 *     Addresses outside user space give ENOMEM; below the minimum address
 *     an unprivileged caller gets EPERM.  shmos never maps page 0, not even
 *     for root (Linux lets root do it: that check is SKIP there).
 *   - SHM_RDONLY needs read permission and maps read-only: a write kills
 *     the writer with SIGSEGV and mprotect(PROT_WRITE) fails with EACCES.
 *     Read-write needs read and write permission; root needs neither.
 *     SHM_EXEC needs execute permission and makes the memory executable.
 *   - An attach sets nattch, atime and lpid.  One segment attached twice
 *     shows every write through both addresses.  The bytes between the
 *     segment's size and the end of its last page can be used; the next
 *     page faults.
 */
#include "check.h"
#include "shm_common.h"

static int main_id;       /* 2 pages, 0600 */
static volatile char *ga; /* an address for the crashing children */

static void touch_write(void)
{
	ga[0] = 1;
}

/* ------------------------------------------------ the kernel's choice --- */

static void null_address(void)
{
	int stack_marker;
	uintptr_t stack = (uintptr_t)&stack_marker;
	uintptr_t brk_end = (uintptr_t)syscall(SYS_brk, 0);
	long p = attach(main_id, NULL, 0);
	if (!want_ok("null_attach", p, "shmat(id, NULL, 0)"))
		return;
	check(p % PAGE == 0, "null_page_aligned", "shmat(NULL) returned %#lx", p);
	check((uintptr_t)p > brk_end && (uintptr_t)p + 2 * PAGE <= stack, "null_below_stack",
	      "attach at %#lx, heap ends at %#lx, stack at %#lx", p, brk_end, stack);

	int other = new_seg("null_top_down", PAGE, 0600);
	long q = other < 0 ? -1 : attach(other, NULL, 0);
	check(q != -1 && q < p, "null_top_down",
	      "a second attach went to %#lx, the first is at %#lx (expected below it)", q, p);

	/* Eight more of different sizes: none overlaps another or anything else. */
	uintptr_t at[10];
	size_t len[10];
	int n = 0, bad = 0;
	at[n] = p, len[n++] = 2 * PAGE;
	at[n] = q, len[n++] = PAGE;
	for (int i = 1; i <= 8; i++) {
		int id = new_seg("null_no_overlap", i * PAGE + 100, 0600);
		long r = id < 0 ? -1 : attach(id, NULL, 0);
		if (r == -1) {
			fail("null_no_overlap", "attach %d: %s", i, ename(errno));
			return;
		}
		at[n] = r, len[n++] = (i + 1) * PAGE;
	}
	void *heap = malloc(100);
	for (int i = 0; i < n; i++) {
		for (int j = i + 1; j < n; j++)
			bad += overlaps(at[i], len[i], at[j], len[j]);
		bad += overlaps(at[i], len[i], (uintptr_t)touch_write & ~(PAGE - 1), PAGE) ||
		       overlaps(at[i], len[i], (uintptr_t)heap, 100) ||
		       overlaps(at[i], len[i], stack & ~(PAGE - 1), PAGE);
		for (size_t off = 0; off < len[i]; off += PAGE) /* every page is ours */
			bad += *(volatile char *)(at[i] + off) != 0;
	}
	free(heap);
	check(bad == 0, "null_no_overlap",
	      "%d overlaps among 10 attaches, the program, heap, stack", bad);
	for (int i = 0; i < n; i++)
		shmdt((void *)at[i]);
}

/* --------------------------------------------------- chosen addresses --- */

static void explicit_addresses(void)
{
	uintptr_t a = free_area(4 * PAGE);
	int id = main_id;
	want_addr("explicit_address", attach(id, (void *)a, 0), a, "shmat(id, free address, 0)");
	shmdt((void *)a);
	want_addr("shm_rnd_rounds_down", attach(id, (void *)(a + 123), SHM_RND), a,
	          "shmat(id, address + 123, SHM_RND)");
	shmdt((void *)a);
	want_addr("shm_rnd_last_byte", attach(id, (void *)(a + PAGE - 1), SHM_RND), a,
	          "shmat(id, address + 4095, SHM_RND)");
	shmdt((void *)a);
	want_err("misaligned_einval", attach(id, (void *)(a + 1), 0), EINVAL,
	         "shmat(id, page + 1, 0)");
	want_err("misaligned_half_page", attach(id, (void *)(a + 2048), 0), EINVAL,
	         "shmat(id, page + 2048, 0)");

	/* Outside user space: the mapping itself fails. */
	want_err("kernel_address_enomem", attach(id, (void *)0xffff800000000000UL, 0), ENOMEM,
	         "shmat(id, 0xffff800000000000, 0)");
	want_err("noncanonical_enomem", attach(id, (void *)0x0000800000000000UL, 0), ENOMEM,
	         "shmat(id, 0x800000000000, 0)");
	want_err("crosses_user_end_enomem", attach(id, (void *)0x00007fffffffe000UL, 0), ENOMEM,
	         "shmat(2 pages at 0x7fffffffe000)");
	want_err("wraps_einval", attach(id, (void *)0xfffffffffffff000UL, 0), EINVAL,
	         "shmat(2 pages at 0xfffffffffffff000: the end wraps)");
}

static void overlaps_and_remap(void)
{
	int id = main_id, two = new_seg("overlap", 2 * PAGE, 0600);
	if (two < 0)
		return;
	uintptr_t a = free_area(8 * PAGE) + 2 * PAGE;
	if (!want_addr("overlap_setup", attach(id, (void *)a, 0), a, "shmat(id, free address)"))
		return;
	want_err("overlap_same_start", attach(two, (void *)a, 0), EINVAL,
	         "shmat over an attach, same start");
	want_err("overlap_second_page", attach(two, (void *)(a + PAGE), 0), EINVAL,
	         "shmat over an attach's second page");
	want_err("overlap_from_below", attach(two, (void *)(a - PAGE), 0), EINVAL,
	         "shmat whose second page overlaps an attach");
	want_err("overlap_program_text",
	         attach(two, (void *)((uintptr_t)touch_write & ~(PAGE - 1)), 0), EINVAL,
	         "shmat over the program's code");
	/* Two pages, as big as the segment: SHM_REMAP below must replace only these. */
	char *anon =
	    mmap(NULL, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	want_err("overlap_anonymous", attach(two, anon, 0), EINVAL, "shmat over an mmap'd page");

	/* SHM_REMAP: replace what is there. */
	char *seg_two = (char *)attach(two, NULL, 0);
	strcpy(seg_two, "segment two");
	long before = nattch_of(id);
	long r = attach(two, (void *)a, SHM_REMAP);
	check(r == (long)a && strcmp((char *)a, "segment two") == 0, "remap_replaces_attach",
	      "shmat(two, %#lx, SHM_REMAP) = %#lx (%s), reads \"%.12s\"", a, r,
	      r == -1 ? ename(errno) : "ok", r == -1 ? "" : (char *)a);
	check(nattch_of(id) == before - 1 && nattch_of(two) == 2, "remap_detaches_old",
	      "nattch of the replaced segment %ld (was %ld), of the new one %ld (expected 2)",
	      nattch_of(id), before, nattch_of(two));
	r = attach(two, (void *)a, SHM_REMAP); /* the same segment again: still one attach there */
	check(r == (long)a && nattch_of(two) == 2, "remap_same_segment",
	      "second SHM_REMAP: %s, nattch %ld (expected 2)", r == -1 ? ename(errno) : "ok",
	      nattch_of(two));
	strcpy(anon, "anonymous");
	r = attach(two, anon, SHM_REMAP);
	check(r == (long)anon && strcmp(anon, "segment two") == 0, "remap_over_anonymous",
	      "shmat(SHM_REMAP) over an mmap'd page: %s, reads \"%.12s\"",
	      r == -1 ? ename(errno) : "ok", r == -1 ? "" : (char *)anon);
	shmdt(anon);
	shmdt((void *)a);
	shmdt(seg_two);

	want_err("null_remap_einval", attach(id, NULL, SHM_REMAP), EINVAL,
	         "shmat(id, NULL, SHM_REMAP)");
	/* CVE-2017-5669: rounding down to page 0 with SHM_REMAP is refused. */
	want_err("rnd_remap_to_zero", attach(id, (void *)1, SHM_RND | SHM_REMAP), EINVAL,
	         "shmat(id, 1, SHM_RND|SHM_REMAP)");
	want_err("rnd_remap_to_zero_4095", attach(id, (void *)(PAGE - 1), SHM_RND | SHM_REMAP),
	         EINVAL, "shmat(id, 4095, SHM_RND|SHM_REMAP)");
}

/* Page zero: never for nobody; on shmos not even for root. */
static int zero_id;

static void nobody_page_zero(void)
{
	want_err("nobody_page_zero_eperm", attach(zero_id, (void *)0x100, SHM_RND), EPERM,
	         "nobody: shmat(id, 0x100, SHM_RND) (rounds to 0)");
	unsigned long min = 0;
	if (read_number("/proc/sys/vm/mmap_min_addr", &min) == 0 && min > PAGE)
		want_err("nobody_below_min_eperm", attach(zero_id, (void *)(min - PAGE), 0), EPERM,
		         "nobody: shmat below vm.mmap_min_addr");
}

static void page_zero(void)
{
	zero_id = new_seg("page_zero", PAGE, 0666);
	if (zero_id < 0)
		return;
	as_nobody("nobody_page_zero", nobody_page_zero);
	long r = attach(zero_id, (void *)0x100, SHM_RND);
	int e = errno;
	if (!is_shmos()) {
		if (r != -1)
			shmdt((void *)r);
		skip("root_page_zero_refused", "Linux lets root map page 0 (%s here)",
		     r == -1 ? ename(e) : "mapped");
		return;
	}
	if (r == -1)
		info("root: shmat(id, 0x100, SHM_RND) failed with %s", ename(e));
	check(r == -1 && (e == EPERM || e == EINVAL), "root_page_zero_refused",
	      "root: shmat(id, 0x100, SHM_RND) = %#lx (%s), expected -1/EPERM or EINVAL", r,
	      r == -1 ? ename(e) : "mapped");
	if (r != -1)
		shmdt((void *)r);
}

static void bad_ids(void)
{
	want_err("id_negative", attach(-1, NULL, 0), EINVAL, "shmat(-1, NULL, 0)");
	want_err("id_negative_first", attach(-1, (void *)1, 0), EINVAL, "shmat(-1, misaligned, 0)");
	want_err("id_never_used", attach(0x7ffffffe, NULL, 0), EINVAL, "shmat(0x7ffffffe)");
	want_err("id_wrong_sequence", attach(main_id ^ (1 << 20), NULL, 0), EINVAL,
	         "shmat(id with another sequence number)");
	int id = new_seg("id_removed", PAGE, 0600);
	shmctl(id, IPC_RMID, NULL);
	want_err("id_removed", attach(id, NULL, 0), EINVAL, "shmat(removed id)");
}

/* --------------------------------------------------------- read-only --- */

static void read_only(void)
{
	char *rw = (char *)attach(main_id, NULL, 0);
	long ro = attach(main_id, NULL, SHM_RDONLY);
	if (!want_ok("rdonly_attach", ro, "shmat(id, NULL, SHM_RDONLY)") || rw == (char *)-1)
		return;
	strcpy(rw, "written through the rw attach");
	check(strcmp((char *)ro, rw) == 0, "rdonly_reads", "the read-only attach reads \"%.30s\"",
	      (char *)ro);
	ga = (char *)ro;
	expect_signal("rdonly_write_sigsegv", touch_write, SIGSEGV);
	check(strcmp(rw, "written through the rw attach") == 0, "rdonly_write_changed_nothing",
	      "the segment now holds \"%.30s\"", rw);
	want_err("rdonly_mprotect_write", mprotect((void *)ro, PAGE, PROT_READ | PROT_WRITE),
	         EACCES, "mprotect(SHM_RDONLY attach, PROT_READ|PROT_WRITE)");
	want_zero("rdonly_mprotect_read", mprotect((void *)ro, PAGE, PROT_READ),
	          "mprotect(SHM_RDONLY attach, PROT_READ)");
	shmdt((void *)ro);
	shmdt(rw);
}

/* ------------------------------------------------------- permissions --- */

static int id_0600, id_0644, id_0666, id_0400_nobody, id_0_nobody, id_0777;

static void nobody_attaches(void)
{
	want_err("nobody_0600_rw", attach(id_0600, NULL, 0), EACCES, "nobody: RW on root's 0600");
	want_err("nobody_0600_ro", attach(id_0600, NULL, SHM_RDONLY), EACCES,
	         "nobody: SHM_RDONLY on root's 0600");
	want_err("nobody_0644_rw", attach(id_0644, NULL, 0), EACCES, "nobody: RW on root's 0644");
	want_ok("nobody_0644_ro", attach(id_0644, NULL, SHM_RDONLY),
	        "nobody: SHM_RDONLY on root's 0644");
	want_ok("nobody_0666_rw", attach(id_0666, NULL, 0), "nobody: RW on root's 0666");
	want_err("owner_0400_rw", attach(id_0400_nobody, NULL, 0), EACCES,
	         "owner: RW on its 0400 segment");
	want_ok("owner_0400_ro", attach(id_0400_nobody, NULL, SHM_RDONLY),
	        "owner: SHM_RDONLY on its 0400 segment");
	want_err("owner_mode0_ro", attach(id_0_nobody, NULL, SHM_RDONLY), EACCES,
	         "owner: SHM_RDONLY on its mode-0 segment");
	want_err("nobody_exec_0666", attach(id_0666, NULL, SHM_EXEC), EACCES,
	         "nobody: SHM_EXEC on 0666");
	want_ok("nobody_exec_0777", attach(id_0777, NULL, SHM_EXEC), "nobody: SHM_EXEC on 0777");

	/* The order: address checks come before the permission, the overlap after it. */
	uintptr_t a = free_area(2 * PAGE);
	want_err("order_address_before_perm", attach(id_0600, (void *)(a + 1), 0), EINVAL,
	         "nobody: misaligned shmat of root's 0600");
	want_err("order_remap_before_perm", attach(id_0600, NULL, SHM_REMAP), EINVAL,
	         "nobody: shmat(root's 0600, NULL, SHM_REMAP)");
	void *anon = mmap(NULL, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	want_err("order_perm_before_overlap", attach(id_0600, anon, 0), EACCES,
	         "nobody: root's 0600 over a mapped page");
}

static void permissions(void)
{
	id_0600 = new_seg("permissions", PAGE, 0600);
	id_0644 = new_seg("permissions", PAGE, 0644);
	id_0666 = new_seg("permissions", PAGE, 0666);
	id_0777 = new_seg("permissions", PAGE, 0777);
	id_0400_nobody = new_seg("permissions", PAGE, 0400);
	id_0_nobody = new_seg("permissions", PAGE, 0);
	if (id_0600 < 0 || id_0644 < 0 || id_0666 < 0 || id_0777 < 0 || id_0400_nobody < 0 ||
	    id_0_nobody < 0)
		return;

	/* Root passes every check: RW on 0400 and on mode 0. */
	if (geteuid() == 0) {
		long p = attach(id_0400_nobody, NULL, 0);
		if (want_ok("root_rw_on_0400", p, "root: RW attach of a 0400 segment")) {
			*(volatile char *)p = 1;
			shmdt((void *)p);
		}
		p = attach(id_0_nobody, NULL, 0);
		if (want_ok("root_rw_on_mode0", p, "root: RW attach of a mode-0 segment"))
			shmdt((void *)p);
	} else {
		skip("root_rw_on_0400", "not running as root");
		skip("root_rw_on_mode0", "not running as root");
	}

	struct shmid_ds ds = {0};
	int give[2] = {id_0400_nobody, id_0_nobody};
	for (int i = 0; i < 2; i++) {
		seg_stat(give[i], &ds);
		ds.shm_perm.uid = NOBODY;
		ds.shm_perm.gid = NOBODY;
		shmctl(give[i], IPC_SET, &ds);
	}
	as_nobody("nobody_attaches", nobody_attaches);
}

/* SHM_EXEC: code written into the segment runs; without it, it faults. */
static long exec_at;

static void run_code(void)
{
	static const unsigned char code[] = {0xb8, 42, 0, 0, 0, 0xc3}; /* mov $42, %eax; ret */
	memcpy((void *)exec_at, code, sizeof(code));
	int (*fn)(void) = (int (*)(void))exec_at;
	_exit(fn());
}

static void shm_exec(void)
{
	int status = -1;
	exec_at = attach(id_0777, NULL, SHM_EXEC);
	if (!want_ok("shm_exec_attach", exec_at, "shmat(0777 segment, NULL, SHM_EXEC)"))
		return;
	pid_t pid = check_fork();
	if (pid == 0)
		run_code();
	if (pid > 0)
		wait_child(pid, &status);
	check(WIFEXITED(status) && WEXITSTATUS(status) == 42, "shm_exec_runs",
	      "code in a SHM_EXEC attach: child %s, expected exit 42", describe_status(status));
	shmdt((void *)exec_at);
	exec_at = attach(id_0777, NULL, 0);
	if (exec_at != -1)
		expect_signal("no_exec_without_flag", run_code, SIGSEGV);
	shmdt((void *)exec_at);
}

/* ------------------------------------------------------ bookkeeping --- */

static void attach_in_child(void)
{
	struct shmid_ds ds = {0};
	int id = main_id;
	long before = nattch_of(id), t0 = now_coarse();
	long p = attach(id, NULL, 0);
	long t1 = time(NULL);
	if (!want_ok("child_attach", p, "shmat in a child"))
		return;
	seg_stat(id, &ds);
	check((long)ds.shm_nattch == before + 1, "attach_counts", "nattch %lu, expected %ld",
	      ds.shm_nattch, before + 1);
	check(time_between(ds.shm_atime, t0, t1), "attach_sets_atime",
	      "atime %ld, not in [%ld, %ld]", (long)ds.shm_atime, t0, t1);
	check(ds.shm_lpid == getpid(), "attach_sets_lpid", "lpid %d, expected the child %d",
	      ds.shm_lpid, getpid());
	check(ds.shm_cpid == getppid(), "attach_keeps_cpid", "cpid %d, expected the creator %d",
	      ds.shm_cpid, getppid());
}

static void twice_in_one_process(void)
{
	volatile char *p = (char *)attach(main_id, NULL, 0), *q = (char *)attach(main_id, NULL, 0);
	long r = attach(main_id, NULL, SHM_RDONLY);
	if (p == (char *)-1 || q == (char *)-1 || r == -1) {
		fail("attach_twice", "three attaches of one segment: %s", ename(errno));
		return;
	}
	check(p != q && nattch_of(main_id) == 3, "attach_twice",
	      "addresses %p and %p, nattch %ld (expected two addresses, 3 attaches)", p, q,
	      nattch_of(main_id));
	p[100] = 'x';
	q[PAGE + 7] = 'y';
	check(q[100] == 'x' && p[PAGE + 7] == 'y' && ((char *)r)[100] == 'x', "writes_seen_twice",
	      "a write through one attach is not seen through the others");
	shmdt((void *)p);
	shmdt((void *)q);
	shmdt((void *)r);
}

/* A 100-byte segment uses a whole page: bytes 100..4095 work, byte 4096 faults. */
static void page_tail(void)
{
	int id = new_seg("page_tail", 100, 0600);
	if (id < 0)
		return;
	/* Two reserved pages; the segment replaces the first, the second stays PROT_NONE. */
	char *area = mmap(NULL, 2 * PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	long p = attach(id, area, SHM_REMAP);
	if (!want_ok("tail_attach", p, "shmat(100-byte segment, reserved area, SHM_REMAP)"))
		return;
	int zero = 1;
	for (int i = 0; i < (int)PAGE; i++)
		zero &= area[i] == 0;
	area[PAGE - 1] = 'z';
	check(zero && area[PAGE - 1] == 'z', "tail_usable",
	      "bytes 100..4095 of a 100-byte segment: zero %d, offset 4095 %s", zero,
	      area[PAGE - 1] == 'z' ? "works" : "does not keep a write");
	ga = area + PAGE;
	expect_signal("past_page_end_sigsegv", touch_write, SIGSEGV);
	shmdt(area);
	munmap(area + PAGE, PAGE);
}

int main(void)
{
	check_init("shm_attach");
	if (!shm_require())
		return summary();
	main_id = new_seg("setup", 2 * PAGE, 0600);
	if (main_id < 0)
		return shm_summary();
	null_address();
	explicit_addresses();
	overlaps_and_remap();
	page_zero();
	bad_ids();
	read_only();
	watchdog();
	permissions();
	shm_exec();
	run_counted("attach_in_child", attach_in_child);
	twice_in_one_process();
	page_tail();
	return shm_summary();
}
