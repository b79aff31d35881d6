/*
 * sem_get: semget(key, nsems, flags), creating and finding semaphore sets.
 *
 *   - IPC_PRIVATE always creates a new set (IPC_CREAT not needed).
 *   - A new set: every value is 0; IPC_STAT shows the mode (flags & 0777),
 *     nsems, owner = creator = our euid/egid, sem_otime 0, sem_ctime now.
 *   - A key finds the set made with it.  For an existing key the checks
 *     come in this order: IPC_CREAT|IPC_EXCL -> EEXIST, nsems larger than
 *     the set's -> EINVAL, then the permission bits asked for in flags
 *     (flags 0 asks for none) -> EACCES.  nsems 0 is fine then.
 *   - nsems < 0 or > SEMMSL -> EINVAL before anything else; nsems 0 for a
 *     new set -> EINVAL.  A missing key without IPC_CREAT -> ENOENT.
 *   - No room: SEMMNI sets or SEMMNS semaphores in all -> ENOSPC.  The
 *     limits are lowered through /proc/sys/kernel/sem only for a moment, by
 *     root, and always restored.
 */
#include "check.h"
#include "sem_common.h"

#define KEY  0x53450101 /* a set of 3, made by root, mode 0600 */
#define KEY2 0x53450102 /* never created: ENOENT */
#define KEY3 0x53450103 /* root's, mode 0644 */
#define KEY4 0x53450104 /* made by nobody, mode 0 */
#define KEY5 0x53450105 /* for the ENOSPC cases */

/* ------------------------------------------------------------ new sets --- */

static void private_sets(void)
{
	int a = semget(IPC_PRIVATE, 1, 0600); /* no IPC_CREAT: still created */
	track(a);
	want_ok("private_without_creat", a, "semget(IPC_PRIVATE, 1, 0600)");
	int b = semget(IPC_PRIVATE, 1, IPC_CREAT | IPC_EXCL | 0600);
	int c = semget(IPC_PRIVATE, 1, IPC_CREAT | IPC_EXCL | 0600);
	track(b);
	track(c);
	check(a >= 0 && b >= 0 && c >= 0 && a != b && b != c && a != c, "private_always_new",
	      "three IPC_PRIVATE sets got ids %d, %d, %d", a, b, c);
}

static void new_set_fields(void)
{
	long t0 = now_coarse();
	int id = new_set("new_set", 5, 0640);
	long t1 = time(NULL);
	if (id < 0)
		return;

	unsigned short vals[5] = {9, 9, 9, 9, 9};
	int r = semctl(id, 0, GETALL, vals);
	check(r == 0 && !vals[0] && !vals[1] && !vals[2] && !vals[3] && !vals[4],
	      "values_start_at_zero", "GETALL returned %d: %u %u %u %u %u", r, vals[0], vals[1],
	      vals[2], vals[3], vals[4]);

	struct semid_ds ds;
	r = stat_set(id, &ds);
	check(r == 0 && ds.sem_nsems == 5 && (ds.sem_perm.mode & 0777) == 0640, "stat_nsems_mode",
	      "IPC_STAT %d: nsems %lu, mode 0%o", r, (unsigned long)ds.sem_nsems,
	      (unsigned)ds.sem_perm.mode);
	check(ds.sem_perm.uid == geteuid() && ds.sem_perm.cuid == geteuid() &&
	          ds.sem_perm.gid == getegid() && ds.sem_perm.cgid == getegid(),
	      "stat_owner_is_creator", "uid %u cuid %u gid %u cgid %u, we are %u/%u",
	      ds.sem_perm.uid, ds.sem_perm.cuid, ds.sem_perm.gid, ds.sem_perm.cgid, geteuid(),
	      getegid());
	check(ds.sem_perm.__key == IPC_PRIVATE, "stat_private_key", "key 0x%x",
	      (unsigned)ds.sem_perm.__key);
	check(ds.sem_otime == 0 && time_between(ds.sem_ctime, t0, t1), "stat_times",
	      "otime %ld (expected 0), ctime %ld (expected %ld..%ld)", (long)ds.sem_otime,
	      (long)ds.sem_ctime, t0, t1);
}

/* ----------------------------------------------------------------- keys --- */

static void keys(void)
{
	char what[96];
	int id = new_key_set("key_creates", KEY, 3, 0600);
	if (id < 0)
		return;
	pass("key_creates");

	struct semid_ds ds;
	stat_set(id, &ds);
	check(ds.sem_perm.__key == KEY, "stat_key", "IPC_STAT key 0x%x, expected 0x%x",
	      (unsigned)ds.sem_perm.__key, KEY);

	snprintf(what, sizeof(what), "semget(0x%x, 3, 0)", KEY);
	want_val("key_finds_set", semget(KEY, 3, 0), id, what);
	want_val("key_fewer_nsems", semget(KEY, 2, 0), id, "semget(KEY, 2, 0)");
	want_val("key_nsems_zero", semget(KEY, 0, 0), id, "semget(KEY, 0, 0)");
	want_val("key_creat_finds", semget(KEY, 3, IPC_CREAT | 0600), id,
	         "semget(KEY, 3, IPC_CREAT|0600)");
	want_err("key_more_nsems_einval", semget(KEY, 4, 0), EINVAL, "semget(KEY, 4, 0)");
	want_err("key_excl_eexist", semget(KEY, 3, IPC_CREAT | IPC_EXCL | 0600), EEXIST,
	         "semget(KEY, 3, IPC_CREAT|IPC_EXCL)");
	/* EEXIST comes before the nsems check. */
	want_err("eexist_before_nsems", semget(KEY, 4, IPC_CREAT | IPC_EXCL | 0600), EEXIST,
	         "semget(KEY, 4, IPC_CREAT|IPC_EXCL)");
	/* nsems < 0 is refused even for an existing key: it is checked first. */
	want_err("key_negative_nsems_einval", semget(KEY, -1, 0), EINVAL, "semget(KEY, -1, 0)");

	remove_key(KEY2);
	want_err("missing_key_enoent", semget(KEY2, 1, 0), ENOENT, "semget(KEY2, 1, 0)");
	want_err("excl_without_creat_enoent", semget(KEY2, 1, IPC_EXCL | 0600), ENOENT,
	         "semget(KEY2, 1, IPC_EXCL)");

	/* After IPC_RMID the key finds nothing, and a new set gets another id. */
	semctl(id, 0, IPC_RMID);
	want_err("removed_key_enoent", semget(KEY, 1, 0), ENOENT, "semget(KEY, 1, 0) after RMID");
	int id2 = new_key_set("key_recreated", KEY, 3, 0600);
	check(id2 >= 0 && id2 != id, "key_recreated_new_id", "old id %d, new id %d", id, id2);
	want_err("old_id_stale", getval(id, 0), EINVAL, "GETVAL on the removed set's id");
}

/* ---------------------------------------------------------------- nsems --- */

static void nsems_limits(void)
{
	long lim[4];
	want_err("nsems_negative_einval", semget(IPC_PRIVATE, -1, IPC_CREAT | 0600), EINVAL,
	         "semget(IPC_PRIVATE, -1)");
	want_err("nsems_zero_new_einval", semget(IPC_PRIVATE, 0, IPC_CREAT | 0600), EINVAL,
	         "semget(IPC_PRIVATE, 0)");
	remove_key(KEY2);
	want_err("nsems_zero_new_key_einval", semget(KEY2, 0, IPC_CREAT | 0600), EINVAL,
	         "semget(KEY2, 0, IPC_CREAT)");
	if (read_sem_limits(lim) != 0) {
		fail("nsems_above_semmsl_einval", "cannot read %s: %s", SEM_SYSCTL, errname(errno));
		return;
	}
	want_err("nsems_above_semmsl_einval", semget(IPC_PRIVATE, lim[0] + 1, IPC_CREAT | 0600),
	         EINVAL, "semget(IPC_PRIVATE, SEMMSL + 1)");
	/* Exactly SEMMSL (32000 by default) is allowed. */
	int id = semget(IPC_PRIVATE, lim[0], IPC_CREAT | 0600);
	track(id);
	char what[64];
	snprintf(what, sizeof(what), "semget(IPC_PRIVATE, SEMMSL = %ld)", lim[0]);
	want_ok("nsems_semmsl_allowed", id, what);
	if (id >= 0)
		want_val("last_semaphore_usable",
		         op1(id, lim[0] - 1, 1, 0) == 0 ? getval(id, lim[0] - 1) : -1, 1,
		         "semop +1 then GETVAL on the set's last semaphore");
}

/* ---------------------------------------------------------- permissions --- */

/* As nobody: root's sets KEY (0600) and KEY3 (0644). */
static void nobody_gets(void)
{
	int id = semget(KEY, 0, 0);
	want_ok("nobody_flags_zero_no_check", id, "semget(KEY, 0, 0) on root's 0600 set");
	want_err("nobody_read_eacces", semget(KEY, 1, 0400), EACCES, "semget(KEY, 1, 0400)");
	want_err("nobody_write_eacces", semget(KEY, 1, 0200), EACCES, "semget(KEY, 1, 0200)");
	/* The asked bits are folded into one rwx triple: 0004 asks for read too. */
	want_err("nobody_other_bits_eacces", semget(KEY, 1, 0004), EACCES, "semget(KEY, 1, 0004)");
	want_err("nobody_creat_existing_eacces", semget(KEY, 1, IPC_CREAT | 0600), EACCES,
	         "semget(KEY, 1, IPC_CREAT|0600)");
	/* nsems is checked before the permission. */
	want_err("nobody_nsems_before_perm", semget(KEY, 99, 0400), EINVAL,
	         "semget(KEY, 99, 0400) on a set of 3");

	want_ok("nobody_read_granted", semget(KEY3, 1, 0444), "semget(KEY3, 1, 0444) on 0644");
	want_err("nobody_write_refused", semget(KEY3, 1, 0644), EACCES,
	         "semget(KEY3, 1, 0644) on 0644");

	/* Our own set, mode 0: owning it gives no permission. */
	int own = new_key_set("nobody_creates", KEY4, 1, 0);
	if (own >= 0) {
		want_ok("nobody_own_flags_zero", semget(KEY4, 1, 0), "semget(KEY4, 1, 0)");
		want_err("nobody_own_mode0_eacces", semget(KEY4, 1, 0400), EACCES,
		         "semget(KEY4, 1, 0400) on our own mode-0 set");
	}
}

static void permissions(void)
{
	int a = new_key_set("perm_setup", KEY, 3, 0600);
	int b = new_key_set("perm_setup", KEY3, 1, 0644);
	if (a < 0 || b < 0)
		return;
	as_nobody("nobody", nobody_gets);
}

/* -------------------------------------------------------------- ENOSPC --- */

static long in_use[2]; /* sets and semaphores in the whole system, from SEM_INFO */

static void count_in_use(void)
{
	struct seminfo si;
	memset(&si, 0, sizeof(si));
	semctl(0, 0, SEM_INFO, &si);
	in_use[0] = si.semusz; /* sets */
	in_use[1] = si.semaem; /* semaphores */
}

/* Room for two more sets. */
static void semmni_full(void)
{
	int a = new_set("semmni_room", 1, 0600);
	int b = new_set("semmni_room", 1, 0600);
	if (a < 0 || b < 0)
		return;
	pass("semmni_room");
	want_err("semmni_private_enospc", semget(IPC_PRIVATE, 1, IPC_CREAT | 0600), ENOSPC,
	         "semget(IPC_PRIVATE) past SEMMNI");
	remove_key(KEY5);
	want_err("semmni_key_enospc", semget(KEY5, 1, IPC_CREAT | 0600), ENOSPC,
	         "semget(KEY5, IPC_CREAT) past SEMMNI");
	/* Removing one makes room for one. */
	semctl(a, 0, IPC_RMID);
	int c = new_set("semmni_room_again", 1, 0600);
	if (c >= 0)
		pass("semmni_room_again");
}

/* Room for four more semaphores. */
static void semmns_full(void)
{
	int a = new_set("semmns_room", 4, 0600);
	if (a < 0)
		return;
	pass("semmns_room");
	want_err("semmns_enospc", semget(IPC_PRIVATE, 1, IPC_CREAT | 0600), ENOSPC,
	         "semget(IPC_PRIVATE, 1) past SEMMNS");
	semctl(a, 0, IPC_RMID);
	int b = new_set("semmns_freed_on_rmid", 4, 0600);
	if (b >= 0)
		pass("semmns_freed_on_rmid");
}

static void enospc(void)
{
	long lim[4];
	char text[128];
	if (geteuid() != 0) {
		skip("semmni", "not running as root: cannot lower SEMMNI");
		skip("semmns", "not running as root: cannot lower SEMMNS");
		return;
	}
	if (read_sem_limits(lim) != 0) {
		fail("semmni", "cannot read %s: %s", SEM_SYSCTL, errname(errno));
		return;
	}
	count_in_use();
	snprintf(text, sizeof(text), "%ld %ld %ld %ld", lim[0], lim[1], lim[2], in_use[0] + 2);
	with_sem_limits("semmni", text, semmni_full);
	count_in_use();
	snprintf(text, sizeof(text), "%ld %ld %ld %ld", lim[0], in_use[1] + 4, lim[2], lim[3]);
	with_sem_limits("semmns", text, semmns_full);
	int id = new_set("create_after_restore", 1, 0600);
	if (id >= 0)
		pass("create_after_restore");
}

int main(void)
{
	check_init("sem_get");
	if (!sem_require())
		return summary();
	private_sets();
	new_set_fields();
	keys();
	nsems_limits();
	permissions();
	enospc();
	return sem_summary();
}
