/*
 * shm_get: shmget(key, size, flags), creating and finding segments.
 *
 *   - IPC_PRIVATE always creates a new segment (IPC_CREAT not needed).
 *   - A key finds the segment made with it.  For an existing key the
 *     checks come in this order: IPC_CREAT|IPC_EXCL -> EEXIST, a size
 *     larger than the segment's -> EINVAL, then the permission bits asked
 *     for in flags (flags 0 asks for none) -> EACCES.  Size 0 is fine then.
 *   - A missing key: ENOENT without IPC_CREAT.  Creating: size 0 or above
 *     shmmax -> EINVAL; no room in shmmni (segments) or shmall (pages)
 *     -> ENOSPC; more memory than there is -> ENOMEM.
 *   - A new segment: shm_segsz is the size asked for (not rounded), the
 *     mode is flags & 0777, memory reads as zero up to the page end, cpid
 *     and ctime are set, atime/dtime/lpid/nattch are 0.
 *   - Ids are (sequence << 15) | slot: after IPC_RMID and a new segment in
 *     the same slot, the old id is refused (EINVAL) and the new one works.
 *
 * Run with --fresh-boot right after boot (as tests/tests.list does): on
 * shmos the first segment must then get id 0, a valid id.  The /proc/sys
 * limits are lowered only for a moment, by root, and always restored.
 */
#include "check.h"
#include "shm_common.h"

#define KEY  0x53480101 /* a segment of 4096 bytes */
#define KEY2 0x53480102 /* never created: ENOENT */
#define KEY3 0x53480103 /* root's, mode 0600, for nobody */
#define KEY4 0x53480104 /* root's, mode 0644 */
#define KEY5 0x53480105 /* root's, mode 0040, group 65534 */
#define KEY6 0x53480106 /* mode 0, owned (uid) by nobody */
#define KEY7 0x53480107 /* made by nobody, mode 0 */
#define KEY8 0x53480108 /* for the ENOSPC cases */

static const char *SHMMAX = "/proc/sys/kernel/shmmax";
static const char *SHMALL = "/proc/sys/kernel/shmall";
static const char *SHMMNI = "/proc/sys/kernel/shmmni";

/* ------------------------------------------------------ a new segment --- */

static void first_id(int id, int fresh_boot)
{
	if (!is_shmos()) {
		skip("first_id_zero", "Linux hands out ids cyclically; checked on shmos");
		return;
	}
	if (!fresh_boot) {
		skip("first_id_zero", "needs --fresh-boot (the first shmget since boot)");
		return;
	}
	struct shmid_ds ds = {0};
	long p = attach(0, NULL, 0);
	const char *how = p == -1 ? ename(errno) : "ok";
	int r = seg_stat(0, &ds);
	check(id == 0 && p != -1 && r == 0 && ds.shm_segsz == 1, "first_id_zero",
	      "first segment got id %d; shmat(0) %s, IPC_STAT(0) %d, segsz %zu", id, how, r,
	      ds.shm_segsz);
	if (p != -1)
		shmdt((void *)p);
}

static void private_segments(void)
{
	int a = shmget(IPC_PRIVATE, 100, 0600); /* no IPC_CREAT: still created */
	track(a);
	want_ok("private_without_creat", a, "shmget(IPC_PRIVATE, 100, 0600)");
	int b = shmget(IPC_PRIVATE, 100, IPC_CREAT | IPC_EXCL | 0600);
	int c = shmget(IPC_PRIVATE, 100, IPC_CREAT | IPC_EXCL | 0600);
	track(b);
	track(c);
	check(a >= 0 && b >= 0 && c >= 0 && a != b && b != c && a != c, "private_always_new",
	      "three IPC_PRIVATE segments got ids %d, %d, %d", a, b, c);
}

static void new_segment_fields(void)
{
	struct shmid_ds ds = {0};
	long t0 = now_coarse();
	int id = new_seg("stat_new_segment", 100, 0640);
	long t1 = time(NULL);
	if (id < 0)
		return;
	memset(&ds, 0xaa, sizeof(ds));
	if (!want_zero("stat_new_segment", shmctl(id, IPC_STAT, &ds), "IPC_STAT"))
		return;
	check(ds.shm_segsz == 100, "segsz_as_requested", "shm_segsz %zu, expected 100",
	      ds.shm_segsz);
	check(ds.shm_perm.mode == 0640, "mode_from_flags", "mode 0%o, expected 0640",
	      ds.shm_perm.mode);
	check(ds.shm_perm.__key == IPC_PRIVATE, "key_private", "key 0x%x, expected 0",
	      (unsigned)ds.shm_perm.__key);
	check(ds.shm_nattch == 0 && ds.shm_atime == 0 && ds.shm_dtime == 0 && ds.shm_lpid == 0,
	      "unused_fields_zero", "nattch %lu atime %ld dtime %ld lpid %d, expected all 0",
	      ds.shm_nattch, (long)ds.shm_atime, (long)ds.shm_dtime, ds.shm_lpid);
	check(ds.shm_cpid == getpid(), "cpid_is_creator", "cpid %d, expected %d", ds.shm_cpid,
	      getpid());
	check(time_between(ds.shm_ctime, t0, t1), "ctime_is_now", "ctime %ld, not in [%ld, %ld]",
	      (long)ds.shm_ctime, t0, t1);
	check(ds.shm_perm.uid == geteuid() && ds.shm_perm.cuid == geteuid() &&
	          ds.shm_perm.gid == getegid() && ds.shm_perm.cgid == getegid(),
	      "owner_is_creator", "uid %u gid %u cuid %u cgid %u, expected %u/%u", ds.shm_perm.uid,
	      ds.shm_perm.gid, ds.shm_perm.cuid, ds.shm_perm.cgid, geteuid(), getegid());

	/* Flag bits other than the permissions (SHM_NORESERVE here) are not part of the mode. */
	int n = shmget(IPC_PRIVATE, 4096, IPC_CREAT | SHM_NORESERVE | 0600);
	const char *how = n < 0 ? ename(errno) : "ok";
	track(n);
	memset(&ds, 0, sizeof(ds));
	if (n >= 0)
		seg_stat(n, &ds);
	check(n >= 0 && ds.shm_perm.mode == 0600, "mode_only_low_bits",
	      "shmget(IPC_CREAT|SHM_NORESERVE|0600): %s, mode 0%o", how, ds.shm_perm.mode);
}

/* Every byte of a fresh segment is zero, up to the end of its last page. */
static int all_zero(int id, size_t len, size_t *where)
{
	long p = attach(id, NULL, SHM_RDONLY);
	if (p == -1) {
		*where = (size_t)-1;
		return 0;
	}
	const unsigned char *b = (const unsigned char *)p;
	for (*where = 0; *where < len; (*where)++)
		if (b[*where])
			break;
	shmdt((void *)p);
	return *where == len;
}

static void zero_filled(void)
{
	size_t where;
	int id = new_seg("contents_zero", 3 * PAGE + 100, 0600);
	if (id >= 0)
		check(all_zero(id, 4 * PAGE, &where), "contents_zero",
		      "byte %zu of a new 3-page+100-byte segment is not zero (or shmat failed)",
		      where);

	/* Memory given back by a removed segment is cleared before it is used again. */
	for (int round = 0; round < 2; round++) {
		int d = new_seg("reused_memory_zero", 64 * PAGE, 0600);
		long p = d < 0 ? -1 : attach(d, NULL, 0);
		if (p == -1)
			return;
		memset((void *)p, 0x5a, 64 * PAGE);
		shmdt((void *)p);
		shmctl(d, IPC_RMID, NULL);
	}
	id = new_seg("reused_memory_zero", 64 * PAGE, 0600);
	if (id >= 0)
		check(all_zero(id, 64 * PAGE, &where), "reused_memory_zero",
		      "byte %zu of a segment made after removing a dirty one is not zero", where);
}

/* ------------------------------------------------------------- keys --- */

static void keys(void)
{
	remove_key(KEY);
	remove_key(KEY2);
	want_err("key_missing_enoent", shmget(KEY, 4096, 0600), ENOENT, "shmget(missing, 0600)");
	want_err("key_missing_excl_enoent", shmget(KEY2, 4096, IPC_EXCL | 0600), ENOENT,
	         "shmget(missing, IPC_EXCL) (no IPC_CREAT)");

	int id = shmget(KEY, 4096, IPC_CREAT | 0640);
	track(id);
	if (!want_ok("key_create", id, "shmget(KEY, 4096, IPC_CREAT|0640)"))
		return;
	struct shmid_ds ds = {0};
	seg_stat(id, &ds);
	check(ds.shm_perm.__key == KEY, "key_in_stat", "IPC_STAT key 0x%x, expected 0x%x",
	      (unsigned)ds.shm_perm.__key, KEY);
	int same[5] = {
	    shmget(KEY, 4096, 0),                /* found by key */
	    shmget(KEY, 0, 0),                   /* size 0: fine for an existing segment */
	    shmget(KEY, 100, 0600),              /* smaller: fine */
	    shmget(KEY, 4096, IPC_CREAT | 0600), /* IPC_CREAT alone: finds it */
	    shmget(KEY, 1, IPC_EXCL),            /* IPC_EXCL alone: no effect */
	};
	const char *names[5] = {"key_finds_segment", "key_size0_existing", "key_smaller_size",
	                        "key_creat_existing", "key_excl_alone_ignored"};
	for (int i = 0; i < 5; i++)
		check(same[i] == id, names[i], "got %d, expected id %d", same[i], id);

	/* Existing key: EEXIST comes first, even when the size is wrong too. */
	want_err("eexist", shmget(KEY, 4096, IPC_CREAT | IPC_EXCL | 0600), EEXIST,
	         "shmget(existing, IPC_CREAT|IPC_EXCL)");
	want_err("eexist_before_size", shmget(KEY, 8192, IPC_CREAT | IPC_EXCL | 0600), EEXIST,
	         "shmget(existing, 8192 > 4096, IPC_CREAT|IPC_EXCL)");
	want_err("eexist_size0", shmget(KEY, 0, IPC_CREAT | IPC_EXCL | 0600), EEXIST,
	         "shmget(existing, 0, IPC_CREAT|IPC_EXCL)");
	want_err("einval_larger_than_existing", shmget(KEY, 4097, 0), EINVAL,
	         "shmget(existing 4096-byte key, 4097, 0)");
	want_err("einval_larger_with_creat", shmget(KEY, 8192, IPC_CREAT | 0600), EINVAL,
	         "shmget(existing 4096-byte key, 8192, IPC_CREAT)");

	/* After IPC_RMID (nothing attached) the key is gone. */
	shmctl(id, IPC_RMID, NULL);
	want_err("key_gone_after_rmid", shmget(KEY, 0, 0), ENOENT, "shmget(removed key, 0, 0)");
}

/* ------------------------------------------------------------ sizes --- */

static void sizes(void)
{
	remove_key(KEY2);
	want_err("einval_size0_private", shmget(IPC_PRIVATE, 0, IPC_CREAT | 0600), EINVAL,
	         "shmget(IPC_PRIVATE, 0)");
	want_err("einval_size0_new_key", shmget(KEY2, 0, IPC_CREAT | 0600), EINVAL,
	         "shmget(new key, 0, IPC_CREAT)");
	want_err("einval_size_max", shmget(IPC_PRIVATE, SIZE_MAX, IPC_CREAT | 0600), EINVAL,
	         "shmget(IPC_PRIVATE, SIZE_MAX)");
	/*
	 * Raw (musl turns any size above PTRDIFF_MAX into SIZE_MAX itself).
	 * Below shmmax, yet above LLONG_MAX: Linux's shmem file refuses it
	 * (EINVAL, from shmem_file_setup); just below, there is no memory.
	 */
	want_err("einval_raw_2p63", raw_shmget(IPC_PRIVATE, 1UL << 63, IPC_CREAT | 0600), EINVAL,
	         "raw shmget(IPC_PRIVATE, 2^63)");
	long r = raw_shmget(IPC_PRIVATE, (1UL << 63) - 1, IPC_CREAT | 0600);
	track(r);
	want_err("enomem_raw_2p63_minus_1", r, ENOMEM, "raw shmget(IPC_PRIVATE, 2^63 - 1)");

	unsigned long shmmax = 0;
	if (read_number(SHMMAX, &shmmax) == 0 && shmmax < ULONG_MAX)
		want_err("einval_above_shmmax",
		         raw_shmget(IPC_PRIVATE, shmmax + 1, IPC_CREAT | 0600), EINVAL,
		         "raw shmget(IPC_PRIVATE, shmmax + 1)");
	else
		fail("einval_above_shmmax", "cannot read %s", SHMMAX);

	/* 64 TiB: far more than any machine here has. */
	unsigned long mode = 0;
	if (!is_shmos() && read_number("/proc/sys/vm/overcommit_memory", &mode) == 0 && mode == 1)
		skip("enomem_64tib", "vm.overcommit_memory is 1: Linux accepts any size");
	else {
		r = shmget(IPC_PRIVATE, 1UL << 46, IPC_CREAT | 0600);
		track(r);
		want_err("enomem_64tib", r, ENOMEM, "shmget(IPC_PRIVATE, 64 TiB)");
	}

	/* Huge pages are not part of the issue: refused one way or another is fine. */
	int h = shmget(IPC_PRIVATE, 2 << 20, IPC_CREAT | SHM_HUGETLB | 0600);
	int e = errno;
	track(h);
	if (h >= 0)
		info("SHM_HUGETLB: a 2 MiB segment was created (huge pages are configured)");
	else
		info("SHM_HUGETLB: %s", ename(e));
	check(h >= 0 || e == EINVAL || e == ENOMEM || e == EPERM, "hugetlb_refused_cleanly",
	      "shmget(SHM_HUGETLB) failed with %s, expected EINVAL or ENOMEM", ename(e));
}

/* shmmax lowered to 8192 (by with_sysctl): checked only when creating. */
static void at_shmmax_8192(void)
{
	want_err("shmmax_8193_einval", shmget(IPC_PRIVATE, 8193, IPC_CREAT | 0600), EINVAL,
	         "shmget(IPC_PRIVATE, 8193) with shmmax 8192");
	int ok = shmget(IPC_PRIVATE, 8192, IPC_CREAT | 0600);
	track(ok);
	want_ok("shmmax_8192_ok", ok, "shmget(IPC_PRIVATE, 8192) with shmmax 8192");
	/* KEY was made (12288 bytes) before shmmax went down: lookups still work. */
	int found = shmget(KEY, 12288, 0);
	want_ok("shmmax_not_rechecked", found, "shmget(existing 12288-byte key, 12288, 0)");
}

static void shmmax_lowered(void)
{
	remove_key(KEY);
	int id = shmget(KEY, 12288, IPC_CREAT | 0600);
	track(id);
	if (id < 0 && geteuid() == 0) {
		fail("shmmax_lowered", "shmget(KEY, 12288): %s", ename(errno));
		return;
	}
	with_sysctl("shmmax_lowered", SHMMAX, "8192", at_shmmax_8192);
	shmctl(id, IPC_RMID, NULL);
}

/* shmmni = segments in use + 2 (set by with_sysctl before this runs). */
static unsigned long lowered_shmmni;

static void at_shmmni(void)
{
	int a = shmget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
	track(a);
	int b = shmget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
	track(b);
	check(a >= 0 && b >= 0, "shmmni_room_for_two", "two creates below shmmni: %d, %d", a, b);
	long c = shmget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
	track(c);
	want_err("enospc_private", c, ENOSPC, "shmget(IPC_PRIVATE) with shmmni segments in use");
	remove_key(KEY8);
	c = shmget(KEY8, 1, IPC_CREAT | 0600);
	track(c);
	want_err("enospc_key", c, ENOSPC, "shmget(new key, IPC_CREAT) with shmmni in use");

	struct shminfo si;
	memset(&si, 0, sizeof(si));
	long r = shmctl(0, IPC_INFO, (struct shmid_ds *)(void *)&si);
	check(r >= 0 && si.shmmni == lowered_shmmni && si.shmseg == lowered_shmmni,
	      "ipc_info_new_shmmni", "IPC_INFO: %ld, shmmni %lu shmseg %lu, expected %lu", r,
	      si.shmmni, si.shmseg, lowered_shmmni);

	/* Removing one makes room again. */
	shmctl(a, IPC_RMID, NULL);
	c = shmget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
	track(c);
	want_ok("shmmni_room_after_rmid", c, "shmget after removing one");
}

static void enospc_shmmni(void)
{
	struct shm_info si;
	char value[32];
	if (shmctl(0, SHM_INFO, (struct shmid_ds *)(void *)&si) < 0) {
		fail("enospc_shmmni", "SHM_INFO: %s", ename(errno));
		return;
	}
	lowered_shmmni = si.used_ids + 2;
	snprintf(value, sizeof(value), "%lu", lowered_shmmni);
	with_sysctl("enospc_shmmni", SHMMNI, value, at_shmmni);
}

/* shmall = pages in use + 2. */
static void at_shmall(void)
{
	int a = shmget(IPC_PRIVATE, 2 * PAGE, IPC_CREAT | 0600);
	track(a);
	want_ok("shmall_two_pages_fit", a, "a 2-page segment with 2 pages left in shmall");
	long b = shmget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
	track(b);
	want_err("enospc_shmall", b, ENOSPC, "a 1-byte segment with shmall used up");
}

static void enospc_shmall(void)
{
	struct shm_info si;
	char value[32];
	if (shmctl(0, SHM_INFO, (struct shmid_ds *)(void *)&si) < 0) {
		fail("enospc_shmall", "SHM_INFO: %s", ename(errno));
		return;
	}
	snprintf(value, sizeof(value), "%lu", si.shm_tot + 2);
	with_sysctl("enospc_shmall", SHMALL, value, at_shmall);
}

/* ------------------------------------------------------- permissions --- */

static void nobody_on_root_segments(void)
{
	/* KEY3: root's, 0600.  flags 0 asks for no permission at all. */
	int id = shmget(KEY3, 0, 0);
	want_ok("nobody_flag0_finds", id, "shmget(root's 0600 key, 0, 0)");
	want_err("nobody_read_eacces", shmget(KEY3, 0, 0400), EACCES, "shmget(key, 0, 0400)");
	want_err("nobody_creat_eacces", shmget(KEY3, 0, IPC_CREAT | 0600), EACCES,
	         "shmget(key, 0, IPC_CREAT|0600)");
	want_err("nobody_size_before_perm", shmget(KEY3, 8192, 0400), EINVAL,
	         "shmget(4096-byte key, 8192, 0400)");
	want_err("nobody_eexist_before_perm", shmget(KEY3, 4096, IPC_CREAT | IPC_EXCL | 0600),
	         EEXIST, "shmget(key, IPC_CREAT|IPC_EXCL|0600)");

	/* KEY4: 0644, so "other" may read but not write. */
	want_ok("nobody_other_read_ok", shmget(KEY4, 0, 0444), "shmget(0644 key, 0, 0444)");
	want_err("nobody_other_write_eacces", shmget(KEY4, 0, 0600), EACCES,
	         "shmget(0644 key, 0, 0600)");

	/* KEY5: 0040, group 65534: nobody gets the group bits. */
	want_ok("nobody_group_read_ok", shmget(KEY5, 0, 0400), "shmget(0040 group key, 0, 0400)");
	want_err("nobody_group_write_eacces", shmget(KEY5, 0, 0200), EACCES,
	         "shmget(0040 group key, 0, 0200)");

	/* KEY6: mode 0, uid nobody: the owner has no permission either. */
	want_err("owner_mode0_read", shmget(KEY6, 0, 0400), EACCES, "owner: shmget(mode 0, 0400)");
	want_err("owner_mode0_write", shmget(KEY6, 0, 0200), EACCES, "owner: shmget(mode 0, 0200)");
	want_err("owner_mode0_rw", shmget(KEY6, 0, 0600), EACCES, "owner: shmget(mode 0, 0600)");

	/* KEY7: made by nobody with mode 0: the creator is refused too (flags 0 works). */
	remove_key(KEY7);
	int own = shmget(KEY7, 2048, IPC_CREAT | 0);
	track(own);
	want_ok("nobody_creates", own, "nobody: shmget(new key, 2048, IPC_CREAT|0)");
	want_err("creator_mode0_read", shmget(KEY7, 2048, 0400), EACCES,
	         "creator: shmget(mode 0, 0400)");
	int again = shmget(KEY7, 2048, 0);
	check(again == own, "creator_mode0_flag0", "shmget(own key, 2048, 0) = %d, expected %d",
	      again, own);
}

static void permissions(void)
{
	if (geteuid() != 0) {
		skip("permissions", "not running as root: cannot become nobody");
		return;
	}
	int a = new_key_seg("permissions", KEY3, 4096, 0600);
	int b = new_key_seg("permissions", KEY4, 4096, 0644);
	int c = new_key_seg("permissions", KEY5, 4096, 0040);
	int d = new_key_seg("permissions", KEY6, 4096, 0);
	if (a < 0 || b < 0 || c < 0 || d < 0)
		return;
	struct shmid_ds ds = {0};
	seg_stat(c, &ds);
	ds.shm_perm.gid = NOBODY;
	shmctl(c, IPC_SET, &ds);
	/* Root passes every permission check (CAP_IPC_OWNER), even on mode 0. */
	int found = shmget(KEY6, 0, 0600);
	check(found == d, "root_ignores_mode0", "root: shmget(mode 0, 0600) = %d (%s), expected %d",
	      found, found < 0 ? ename(errno) : "ok", d);
	seg_stat(d, &ds);
	ds.shm_perm.uid = NOBODY;
	ds.shm_perm.gid = NOBODY;
	shmctl(d, IPC_SET, &ds);
	as_nobody("nobody_checks", nobody_on_root_segments);
}

/* -------------------------------------------------------------- ids --- */

/* Remove a segment, make new ones until one lands in the same slot. */
static void stale_ids(void)
{
	int old = new_seg("stale_id", 1, 0600);
	if (old < 0)
		return;
	shmctl(old, IPC_RMID, NULL);
	int id = -1, tries;
	for (tries = 0; tries < 70000; tries++) {
		id = shmget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
		if (id < 0 || (id & 0x7fff) == (old & 0x7fff))
			break;
		shmctl(id, IPC_RMID, NULL);
	}
	track(id);
	if (id < 0 || (id & 0x7fff) != (old & 0x7fff)) {
		fail("slot_reused", "no new segment landed in slot %d after %d tries (%s)",
		     old & 0x7fff, tries, id < 0 ? ename(errno) : "ok");
		return;
	}
	info("slot %d reused after %d creates: old id %d, new id %d", old & 0x7fff, tries + 1, old,
	     id);
	check(id != old, "new_id_differs", "the segment in the reused slot got the old id %d", old);
	struct shmid_ds ds = {0};
	want_err("stale_id_shmat", attach(old, NULL, 0), EINVAL, "shmat(stale id)");
	want_err("stale_id_ipc_stat", shmctl(old, IPC_STAT, &ds), EINVAL, "IPC_STAT(stale id)");
	want_err("stale_id_ipc_rmid", shmctl(old, IPC_RMID, NULL), EINVAL, "IPC_RMID(stale id)");
	want_zero("new_id_works", seg_stat(id, &ds), "IPC_STAT(new id) after the stale ones");
	if (id >= 32768) {
		/* The bare slot number is not the id, except for SHM_STAT which takes a slot. */
		want_err("stat_by_slot_einval", shmctl(id & 0x7fff, IPC_STAT, &ds), EINVAL,
		         "IPC_STAT(slot of an id with sequence > 0)");
		long r = shmctl(id & 0x7fff, SHM_STAT, &ds);
		check(r == id, "shm_stat_slot_gives_id",
		      "SHM_STAT(slot %d) = %ld (%s), expected %d", id & 0x7fff, r,
		      r < 0 ? ename(errno) : "ok", id);
	} else {
		info("the reused slot's id %d has sequence 0: stat_by_slot not checked", id);
	}
}

int main(int argc, char **argv)
{
	check_init("shm_get");
	/* The very first shmget: it also tells whether the kernel has shmget at all. */
	int first = shmget(IPC_PRIVATE, 1, IPC_CREAT | 0600);
	if (first < 0 && errno == ENOSYS) {
		fail("shmget_exists", "shmget returned ENOSYS: no System V shared memory");
		return summary();
	}
	track(first);
	first_id(first, argc > 1 && strcmp(argv[1], "--fresh-boot") == 0);
	private_segments();
	new_segment_fields();
	zero_filled();
	keys();
	sizes();
	watchdog();
	shmmax_lowered();
	enospc_shmmni();
	enospc_shmall();
	permissions();
	watchdog();
	stale_ids();
	return shm_summary();
}
