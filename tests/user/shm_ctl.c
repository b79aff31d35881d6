/*
 * shm_ctl: shmctl(id, cmd, buf), every command.
 *
 *   IPC_STAT      needs read permission; fills struct shmid_ds (the kernel
 *                 zeroes its padding); a bad buffer -> EFAULT, after the
 *                 lookup (a bad id -> EINVAL first).
 *   IPC_SET       owner, creator or root (else EPERM); changes uid, gid and
 *                 mode & 0777 only, and ctime; reads buf BEFORE the lookup
 *                 (a bad buffer -> EFAULT even for a bad id).
 *   IPC_RMID      owner, creator or root; ignores buf.  With attaches left
 *                 the segment gets SHM_DEST (01000) and key 0: the key no
 *                 longer finds it, the id still works; it goes when nattch
 *                 reaches 0.
 *   SHM_LOCK/UNLOCK  SHM_LOCKED (02000) in the mode; unlocking an unlocked
 *                 segment is fine; others get EPERM.
 *   IPC_INFO, SHM_INFO  limits and usage; both return the highest slot in use.
 *   SHM_STAT      takes a slot number, returns the full id; SHM_STAT_ANY
 *                 does the same without the permission check.
 *   Anything else, cmd | 0x100 (IPC_64, unused on x86-64) or id < 0 (even
 *   for IPC_INFO) -> EINVAL.
 * "nobody" below is a child that became uid/gid 65534 (needs root).
 */
#include "check.h"
#include "shm_common.h"

#define KEY 0x53480401

static int id_0600, id_0644, id_given, id_lockme, id_zero_given;

/* A page nobody may touch: the kernel's copy to or from it must fail. */
static void *bad_page;

/* ----------------------------------------------------------- IPC_STAT --- */

static void ipc_stat(void)
{
	unsigned char raw[sizeof(struct shmid_ds)];
	struct shmid_ds *ds = (struct shmid_ds *)raw;
	memset(raw, 0xaa, sizeof(raw));
	int r = shmctl(id_0600, IPC_STAT, ds);
	if (!check(r == 0, "stat_returns_0", "IPC_STAT returned %d (%s)", r, ename(errno)))
		return;
	int bad = -1;
	for (int i = 26; i < 48; i++) /* after the u16 seq: pad, padding, two unused longs */
		if (raw[i])
			bad = i;
	for (int i = 96; i < 112; i++) /* the two unused longs at the end */
		if (raw[i])
			bad = i;
	check(bad < 0, "stat_padding_zero", "byte %d of struct shmid_ds is 0x%02x, expected 0", bad,
	      bad < 0 ? 0 : raw[bad]);
	unsigned seq = raw[24] | raw[25] << 8;
	check(seq == ((unsigned)id_0600 >> 15), "stat_seq", "perm.seq %u, but the id %d says %u",
	      seq, id_0600, (unsigned)id_0600 >> 15);

	want_err("stat_null_efault", raw_shmctl(id_0600, IPC_STAT, NULL), EFAULT,
	         "IPC_STAT into NULL");
	want_err("stat_addr1_efault", raw_shmctl(id_0600, IPC_STAT, (void *)1), EFAULT,
	         "IPC_STAT into (void *)1");
	want_err("stat_prot_none_efault", raw_shmctl(id_0600, IPC_STAT, bad_page), EFAULT,
	         "IPC_STAT into a PROT_NONE page");
	want_err("stat_kernel_efault", raw_shmctl(id_0600, IPC_STAT, (void *)0xffff800000000000UL),
	         EFAULT, "IPC_STAT into a kernel address");
	want_err("stat_bad_id_before_buf", raw_shmctl(0x7ffffffe, IPC_STAT, NULL), EINVAL,
	         "IPC_STAT(bad id, NULL)");
	want_err("stat_negative_id", shmctl(-1, IPC_STAT, ds), EINVAL, "IPC_STAT(-1)");
}

/* ------------------------------------------------------------ IPC_SET --- */

static void ipc_set(void)
{
	struct shmid_ds ds, after;
	int id = new_seg("set", 100, 0600);
	if (id < 0)
		return;
	seg_stat(id, &ds);
	long old_ctime = ds.shm_ctime;
	/* ctime has whole seconds: wait (polling, bounded) for the next one. */
	long deadline = old_ctime + 3;
	while (now_coarse() <= old_ctime && time(NULL) < deadline)
		sched_yield();
	ds.shm_perm.mode = 07777;
	ds.shm_perm.uid = 1234;
	ds.shm_perm.gid = 4321;
	ds.shm_perm.cuid = 99;
	ds.shm_perm.cgid = 98;
	ds.shm_segsz = 1;
	ds.shm_cpid = 5;
	ds.shm_nattch = 7;
	long t0 = now_coarse();
	int r = shmctl(id, IPC_SET, &ds);
	long t1 = time(NULL);
	want_zero("set_returns_0", r, "IPC_SET");
	seg_stat(id, &after);
	check(after.shm_perm.mode == 0777, "set_mode_low_bits", "mode 0%o after IPC_SET 07777",
	      after.shm_perm.mode);
	check(after.shm_perm.uid == 1234 && after.shm_perm.gid == 4321, "set_uid_gid",
	      "uid %u gid %u, expected 1234 4321", after.shm_perm.uid, after.shm_perm.gid);
	check(after.shm_perm.cuid == geteuid() && after.shm_perm.cgid == getegid() &&
	          after.shm_segsz == 100 && after.shm_cpid == getpid() && after.shm_nattch == 0,
	      "set_ignores_rest", "cuid %u cgid %u segsz %zu cpid %d nattch %lu changed",
	      after.shm_perm.cuid, after.shm_perm.cgid, after.shm_segsz, after.shm_cpid,
	      after.shm_nattch);
	check(after.shm_ctime > old_ctime && time_between(after.shm_ctime, t0, t1), "set_ctime",
	      "ctime %ld: was %ld, IPC_SET ran in [%ld, %ld]", (long)after.shm_ctime, old_ctime, t0,
	      t1);

	ds = after;
	ds.shm_perm.uid = (uid_t)-1;
	want_err("set_uid_minus1_einval", shmctl(id, IPC_SET, &ds), EINVAL, "IPC_SET uid -1");
	ds = after;
	ds.shm_perm.gid = (gid_t)-1;
	want_err("set_gid_minus1_einval", shmctl(id, IPC_SET, &ds), EINVAL, "IPC_SET gid -1");

	/* The buffer is read before the id is looked up. */
	want_err("set_null_efault", raw_shmctl(id, IPC_SET, NULL), EFAULT, "IPC_SET from NULL");
	want_err("set_prot_none_efault", raw_shmctl(id, IPC_SET, bad_page), EFAULT,
	         "IPC_SET from a PROT_NONE page");
	want_err("set_efault_before_lookup", raw_shmctl(0x7ffffffe, IPC_SET, NULL), EFAULT,
	         "IPC_SET(bad id, NULL)");

	/* SHM_DEST and SHM_LOCKED are not part of what IPC_SET changes. */
	long p = attach(id, NULL, 0);
	shmctl(id, SHM_LOCK, NULL);
	shmctl(id, IPC_RMID, NULL);
	seg_stat(id, &ds);
	ds.shm_perm.uid = geteuid();
	ds.shm_perm.mode = 0640;
	r = shmctl(id, IPC_SET, &ds);
	const char *how = r ? ename(errno) : "ok";
	seg_stat(id, &after);
	check(r == 0 && after.shm_perm.mode == 03640, "set_keeps_dest_locked",
	      "IPC_SET 0640 on a locked, removed segment: %s, mode 0%o", how, after.shm_perm.mode);
	if (p != -1)
		shmdt((void *)p);
}

/* ----------------------------------------------------------- IPC_RMID --- */

static void ipc_rmid(void)
{
	struct shmid_ds ds = {0};
	int id = new_seg("rmid", PAGE, 0600);
	want_zero("rmid_ignores_buf", raw_shmctl(id, IPC_RMID, (void *)1),
	          "IPC_RMID with buf (void *)1");
	want_err("rmid_unattached_gone", shmctl(id, IPC_STAT, &ds), EINVAL,
	         "IPC_STAT after IPC_RMID of an unattached segment");
	want_err("rmid_twice_einval", shmctl(id, IPC_RMID, NULL), EINVAL, "IPC_RMID again");

	/* With an attach: marked, keyless, still usable by id. */
	int old = new_key_seg("rmid_attached", KEY, PAGE, 0600);
	char *p = old < 0 ? (char *)-1 : shmat(old, NULL, 0);
	if (p == (char *)-1)
		return;
	strcpy(p, "still here");
	want_zero("rmid_attached", shmctl(old, IPC_RMID, NULL), "IPC_RMID");
	int r = seg_stat(old, &ds);
	check(r == 0 && ds.shm_perm.mode == (SHM_DEST | 0600) && ds.shm_perm.__key == 0 &&
	          ds.shm_nattch == 1,
	      "rmid_marks_dest", "IPC_STAT: %s, mode 0%o key 0x%x nattch %lu (expected 01600 0 1)",
	      r ? ename(errno) : "ok", ds.shm_perm.mode, (unsigned)ds.shm_perm.__key,
	      ds.shm_nattch);
	want_err("rmid_key_gone", shmget(KEY, 0, 0), ENOENT, "shmget(removed key, 0, 0)");
	int fresh = shmget(KEY, PAGE, IPC_CREAT | 0600);
	track(fresh);
	check(fresh >= 0 && fresh != old, "rmid_key_makes_new",
	      "shmget(removed key, IPC_CREAT) = %d (%s), the removed segment is %d", fresh,
	      fresh < 0 ? ename(errno) : "ok", old);
	long q = attach(old, NULL, 0);
	check(q != -1 && strcmp((char *)q, "still here") == 0 && nattch_of(old) == 2,
	      "rmid_attach_by_id", "shmat(removed id): %s, nattch %ld",
	      q == -1 ? ename(errno) : "ok", nattch_of(old));
	want_zero("rmid_again_while_attached", shmctl(old, IPC_RMID, NULL),
	          "a second IPC_RMID while attached");
	seg_stat(old, &ds);
	want_zero("set_after_rmid", shmctl(old, IPC_SET, &ds), "IPC_SET on a removed segment");
	shmdt(p);
	r = seg_stat(old, &ds);
	check(r == 0 && ds.shm_nattch == 1, "rmid_survives_one_detach",
	      "after one of two detaches: %s, nattch %lu", r ? ename(errno) : "ok", ds.shm_nattch);
	if (q != -1)
		shmdt((void *)q);
	want_err("rmid_gone_at_nattch_0", seg_stat(old, &ds), EINVAL,
	         "IPC_STAT after the last detach");
	want_err("rmid_gone_shmat", attach(old, NULL, 0), EINVAL, "shmat after the last detach");
}

/* ----------------------------------------------------- SHM_LOCK/UNLOCK --- */

static void lock_unlock(void)
{
	struct shmid_ds ds = {0};
	int id = id_0600;
	want_zero("lock", shmctl(id, SHM_LOCK, NULL), "SHM_LOCK");
	seg_stat(id, &ds);
	check(ds.shm_perm.mode == (SHM_LOCKED | 0600), "lock_sets_mode",
	      "mode 0%o after SHM_LOCK, expected 02600", ds.shm_perm.mode);
	want_zero("lock_twice_ignores_buf", raw_shmctl(id, SHM_LOCK, (void *)1),
	          "SHM_LOCK again, buf (void *)1");
	want_zero("unlock", shmctl(id, SHM_UNLOCK, NULL), "SHM_UNLOCK");
	seg_stat(id, &ds);
	check(ds.shm_perm.mode == 0600, "unlock_clears_mode",
	      "mode 0%o after SHM_UNLOCK, expected 0600", ds.shm_perm.mode);
	want_zero("unlock_unlocked", shmctl(id, SHM_UNLOCK, NULL), "SHM_UNLOCK again");
	want_err("lock_bad_id", shmctl(0x7ffffffe, SHM_LOCK, NULL), EINVAL, "SHM_LOCK(bad id)");
}

/* ------------------------------------------------ IPC_INFO / SHM_INFO --- */

/* What SHM_STAT_ANY finds in every slot: the truth to compare IPC_INFO and SHM_INFO with. */
struct census {
	int used, highest;
	unsigned long pages;
};

static void take_census(struct census *c)
{
	struct shmid_ds ds = {0};
	memset(c, 0, sizeof(*c));
	for (int slot = 0; slot < 32768; slot++)
		if (shmctl(slot, SHM_STAT_ANY, &ds) >= 0) {
			c->used++;
			c->highest = slot;
			c->pages += (ds.shm_segsz + PAGE - 1) / PAGE;
		}
}

static void info_commands(void)
{
	struct shminfo si;
	struct shm_info su;
	struct census c;
	unsigned long shmmax = 0, shmall = 0, shmmni = 0;
	memset(&si, 0xaa, sizeof(si));
	take_census(&c);
	long r = shmctl(0, IPC_INFO, (struct shmid_ds *)(void *)&si);
	check(r == c.highest, "ipc_info_highest_slot",
	      "IPC_INFO returned %ld (%s), the highest slot in use is %d", r,
	      r < 0 ? ename(errno) : "ok", c.highest);
	read_number("/proc/sys/kernel/shmmax", &shmmax);
	read_number("/proc/sys/kernel/shmall", &shmall);
	read_number("/proc/sys/kernel/shmmni", &shmmni);
	check(si.shmmin == 1 && si.shmmax == shmmax && si.shmall == shmall && si.shmmni == shmmni &&
	          si.shmseg == shmmni,
	      "ipc_info_fields",
	      "shmmin %lu shmmax %lu shmall %lu shmmni %lu shmseg %lu; /proc says %lu %lu %lu",
	      si.shmmin, si.shmmax, si.shmall, si.shmmni, si.shmseg, shmmax, shmall, shmmni);
	check(!si.__unused[0] && !si.__unused[1] && !si.__unused[2] && !si.__unused[3],
	      "ipc_info_unused_zero", "the four unused fields are not 0");
	long r2 = shmctl(123456, IPC_INFO, (struct shmid_ds *)(void *)&si);
	check(r2 == r, "ipc_info_ignores_id", "IPC_INFO with id 123456 returned %ld (%s), not %ld",
	      r2, r2 < 0 ? ename(errno) : "ok", r);

	memset(&su, 0xaa, sizeof(su));
	r = shmctl(0, SHM_INFO, (struct shmid_ds *)(void *)&su);
	check(r == c.highest, "shm_info_highest_slot", "SHM_INFO returned %ld, highest slot %d", r,
	      c.highest);
	check(su.used_ids == c.used && su.shm_tot == c.pages, "shm_info_counts",
	      "used_ids %d shm_tot %lu; the slots hold %d segments of %lu pages", su.used_ids,
	      su.shm_tot, c.used, c.pages);
	check(su.shm_swp == 0 && su.swap_attempts == 0 && su.swap_successes == 0,
	      "shm_info_no_swap", "shm_swp %lu attempts %lu successes %lu", su.shm_swp,
	      su.swap_attempts, su.swap_successes);

	/* A new 4-page segment, 2 pages touched: used_ids +1, shm_tot +4, shm_rss +2. */
	struct shm_info su2;
	int id = new_seg("shm_info_delta", 3 * PAGE + 1, 0600);
	char *p = id < 0 ? (char *)-1 : shmat(id, NULL, 0);
	if (p != (char *)-1) {
		p[0] = p[3 * PAGE] = 1;
		shmctl(0, SHM_INFO, (struct shmid_ds *)(void *)&su);
		shmdt(p);
		shmctl(id, IPC_RMID, NULL);
		shmctl(0, SHM_INFO, (struct shmid_ds *)(void *)&su2);
		check(su.used_ids == su2.used_ids + 1 && su.shm_tot == su2.shm_tot + 4,
		      "shm_info_delta",
		      "with/without a 4-page segment: used_ids %d/%d, shm_tot %lu/%lu", su.used_ids,
		      su2.used_ids, su.shm_tot, su2.shm_tot);
		check(su.shm_rss == su2.shm_rss + 2, "shm_info_rss_touched",
		      "shm_rss %lu with 2 touched pages, %lu after removing it", su.shm_rss,
		      su2.shm_rss);
	}

	want_err("ipc_info_negative_id", shmctl(-1, IPC_INFO, (struct shmid_ds *)(void *)&si),
	         EINVAL, "IPC_INFO(-1)");
	want_err("shm_info_negative_id", shmctl(-1, SHM_INFO, (struct shmid_ds *)(void *)&su),
	         EINVAL, "SHM_INFO(-1)");
	want_err("ipc_info_null_efault", raw_shmctl(0, IPC_INFO, NULL), EFAULT, "IPC_INFO(NULL)");
	want_err("shm_info_null_efault", raw_shmctl(0, SHM_INFO, NULL), EFAULT, "SHM_INFO(NULL)");
}

/* ----------------------------------------------------------- SHM_STAT --- */

static void shm_stat(void)
{
	struct shmid_ds a, b;
	int slot = id_0644 & 0x7fff;
	long r = shmctl(slot, SHM_STAT, &a);
	seg_stat(id_0644, &b);
	check(r == id_0644 && a.shm_segsz == b.shm_segsz && a.shm_perm.mode == b.shm_perm.mode &&
	          a.shm_ctime == b.shm_ctime && a.shm_cpid == b.shm_cpid,
	      "shm_stat_slot", "SHM_STAT(slot %d) = %ld (%s), expected the id %d and its data",
	      slot, r, r < 0 ? ename(errno) : "ok", id_0644);
	r = shmctl(id_0644, SHM_STAT, &a);
	check(r == id_0644, "shm_stat_full_id", "SHM_STAT(id %d) = %ld (%s): only the slot counts",
	      id_0644, r, r < 0 ? ename(errno) : "ok");
	r = shmctl(slot, SHM_STAT_ANY, &a);
	check(r == id_0644, "shm_stat_any_slot", "SHM_STAT_ANY(slot %d) = %ld (%s)", slot, r,
	      r < 0 ? ename(errno) : "ok");
	int unused = 0;
	while (unused < 32767 && shmctl(unused, SHM_STAT_ANY, &a) >= 0)
		unused++;
	want_err("shm_stat_unused_slot", shmctl(unused, SHM_STAT, &a), EINVAL,
	         "SHM_STAT(an unused slot)");
	want_err("shm_stat_any_unused_slot", shmctl(unused, SHM_STAT_ANY, &a), EINVAL,
	         "SHM_STAT_ANY(an unused slot)");
	want_err("shm_stat_null_efault", raw_shmctl(slot, SHM_STAT, NULL), EFAULT,
	         "SHM_STAT into NULL");
}

/* ------------------------------------------------------- bad commands --- */

static void bad_commands(void)
{
	struct shmid_ds ds = {0};
	int id = id_0600;
	want_err("cmd_99", shmctl(id, 99, &ds), EINVAL, "shmctl(id, 99)");
	want_err("cmd_minus1", shmctl(id, -1, &ds), EINVAL, "shmctl(id, -1)");
	want_err("cmd_4", shmctl(id, 4, &ds), EINVAL, "shmctl(id, 4) (unused number)");
	want_err("cmd_10", shmctl(id, 10, &ds), EINVAL, "shmctl(id, 10) (unused number)");
	want_err("cmd_16", shmctl(id, 16, &ds), EINVAL, "shmctl(id, 16) (after SHM_STAT_ANY)");
	want_err("ipc_64_stat", raw_shmctl(id, IPC_STAT | 0x100, &ds), EINVAL,
	         "raw shmctl(id, IPC_STAT|IPC_64)");
	want_err("ipc_64_shm_stat", raw_shmctl(id & 0x7fff, SHM_STAT | 0x100, &ds), EINVAL,
	         "raw shmctl(slot, SHM_STAT|IPC_64)");
	want_err("ipc_64_rmid", raw_shmctl(id, IPC_RMID | 0x100, NULL), EINVAL,
	         "raw shmctl(id, IPC_RMID|IPC_64)");
	want_zero("ipc_64_rmid_removed_nothing", seg_stat(id, &ds),
	          "the segment is gone after IPC_RMID|IPC_64");
}

/* ------------------------------------------------------------- nobody --- */

static void nobody(void)
{
	struct shmid_ds ds = {0};
	struct shminfo si;
	want_err("nobody_stat_0600", shmctl(id_0600, IPC_STAT, &ds), EACCES,
	         "nobody: IPC_STAT of root's 0600");
	want_err("nobody_shm_stat_0600", shmctl(id_0600 & 0x7fff, SHM_STAT, &ds), EACCES,
	         "nobody: SHM_STAT of root's 0600");
	long r = shmctl(id_0600 & 0x7fff, SHM_STAT_ANY, &ds);
	check(r == id_0600, "nobody_shm_stat_any", "nobody: SHM_STAT_ANY = %ld (%s), expected %d",
	      r, r < 0 ? ename(errno) : "ok", id_0600);
	want_zero("nobody_stat_0644", shmctl(id_0644, IPC_STAT, &ds),
	          "nobody: IPC_STAT of root's 0644");
	seg_stat(id_0644, &ds);
	want_err("nobody_set_eperm", shmctl(id_0644, IPC_SET, &ds), EPERM,
	         "nobody: IPC_SET of root's segment");
	want_err("nobody_rmid_eperm", shmctl(id_0644, IPC_RMID, NULL), EPERM,
	         "nobody: IPC_RMID of root's segment");
	want_err("nobody_lock_eperm", shmctl(id_0644, SHM_LOCK, NULL), EPERM,
	         "nobody: SHM_LOCK of root's segment");
	want_err("nobody_unlock_eperm", shmctl(id_0644, SHM_UNLOCK, NULL), EPERM,
	         "nobody: SHM_UNLOCK of root's segment");
	want_ok("nobody_ipc_info", shmctl(0, IPC_INFO, (struct shmid_ds *)(void *)&si),
	        "nobody: IPC_INFO");
	want_ok("nobody_shm_info", shmctl(0, SHM_INFO, (struct shmid_ds *)(void *)&si),
	        "nobody: SHM_INFO");

	/* id_given: root made it and gave it to nobody (uid 65534): the owner may do it all. */
	seg_stat(id_given, &ds);
	ds.shm_perm.mode = 0640;
	want_zero("owner_set", shmctl(id_given, IPC_SET, &ds), "owner (not creator): IPC_SET");

	/* Mode 0: the owner may not read it, but still controls it. */
	want_err("owner_mode0_stat_eacces", shmctl(id_zero_given, IPC_STAT, &ds), EACCES,
	         "owner: IPC_STAT of a mode-0 segment");
	seg_stat(id_given, &ds); /* readable: a template for IPC_SET */
	ds.shm_perm.mode = 0;
	want_zero("owner_mode0_set", shmctl(id_zero_given, IPC_SET, &ds),
	          "owner: IPC_SET of a mode-0 segment");
	want_zero("owner_mode0_rmid", shmctl(id_zero_given, IPC_RMID, NULL),
	          "owner: IPC_RMID of a mode-0 segment");

	/* A segment of our own, given away to root: as its creator we keep control. */
	int own = new_seg("creator_keeps_control", PAGE, 0600);
	seg_stat(own, &ds);
	ds.shm_perm.uid = 0;
	ds.shm_perm.gid = 0;
	want_zero("creator_gives_away", shmctl(own, IPC_SET, &ds),
	          "IPC_SET uid 0 on our own segment");
	ds.shm_perm.mode = 0600;
	want_zero("creator_set", shmctl(own, IPC_SET, &ds), "creator: IPC_SET");
	want_zero("creator_rmid", shmctl(own, IPC_RMID, NULL), "creator: IPC_RMID");

	/* SHM_LOCK without CAP_IPC_LOCK and with RLIMIT_MEMLOCK 0: EPERM; unlock is fine. */
	struct rlimit none = {0, 0};
	want_zero("setrlimit_memlock_0", setrlimit(RLIMIT_MEMLOCK, &none),
	          "setrlimit(RLIMIT_MEMLOCK, 0)");
	want_err("lock_memlock_0_eperm", shmctl(id_lockme, SHM_LOCK, NULL), EPERM,
	         "owner with RLIMIT_MEMLOCK 0: SHM_LOCK");
	want_zero("unlock_memlock_0", shmctl(id_lockme, SHM_UNLOCK, NULL),
	          "owner with RLIMIT_MEMLOCK 0: SHM_UNLOCK");
	want_zero("owner_rmid", shmctl(id_given, IPC_RMID, NULL), "owner (not creator): IPC_RMID");
}

static void permissions(void)
{
	struct shmid_ds ds = {0};
	id_given = new_seg("permissions", PAGE, 0600);
	id_lockme = new_seg("permissions", PAGE, 0600);
	id_zero_given = new_seg("permissions", PAGE, 0);
	int give[3] = {id_given, id_lockme, id_zero_given};
	for (int i = 0; i < 3; i++) {
		seg_stat(give[i], &ds);
		ds.shm_perm.uid = NOBODY;
		shmctl(give[i], IPC_SET, &ds);
	}
	/* Root may read even a mode-0 segment; its owner may not. */
	int zero = new_seg("permissions", PAGE, 0);
	if (geteuid() == 0)
		want_zero("root_stat_mode0", seg_stat(zero, &ds), "root: IPC_STAT of mode 0");
	else
		want_err("owner_stat_mode0", seg_stat(zero, &ds), EACCES,
		         "owner: IPC_STAT of mode 0");
	as_nobody("nobody", nobody);
}

int main(void)
{
	check_init("shm_ctl");
	if (!shm_require())
		return summary();
	bad_page = mmap(NULL, PAGE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	id_0600 = new_seg("setup", PAGE, 0600);
	id_0644 = new_seg("setup", 2 * PAGE, 0644);
	if (id_0600 < 0 || id_0644 < 0)
		return shm_summary();
	ipc_stat();
	ipc_set();
	ipc_rmid();
	lock_unlock();
	watchdog();
	info_commands();
	shm_stat();
	bad_commands();
	permissions();
	return shm_summary();
}
