/*
 * sem_ctl: semctl, every command, with Linux's permission rules and layouts.
 *
 *   - GETVAL/SETVAL, GETALL/SETALL, GETPID (who changed it last: semop,
 *     zero ops included, SETVAL, SETALL), GETNCNT/GETZCNT; ERANGE for a
 *     value outside 0..32767 (SETVAL checks it before anything else).
 *   - IPC_STAT: struct semid_ds as Linux x86-64 lays it out (104 bytes,
 *     sem_nsems a full unsigned long, padding zero); sem_otime set by
 *     semop only, sem_ctime by SETVAL, SETALL and IPC_SET.
 *   - IPC_SET changes uid, gid and the low 9 mode bits, nothing else.
 *   - IPC_RMID: the id is dead afterwards (EINVAL).
 *   - IPC_INFO/SEM_INFO: limits (or usage), return the highest index in
 *     use; SEM_STAT takes that index and returns the id; SEM_STAT_ANY
 *     skips the read permission.
 *   - Permissions: read for the GET commands and IPC_STAT/SEM_STAT (EACCES),
 *     alter for SETVAL/SETALL; owner or creator (or root) for IPC_SET and
 *     IPC_RMID (EPERM).
 *   - EINVAL for a bad cmd, semid < 0 (even for IPC_INFO) or a dead id;
 *     EFAULT for bad GETALL/SETALL/IPC_STAT/IPC_SET/IPC_INFO buffers.
 */
#include "check.h"
#include "sem_common.h"

#include <stddef.h>

#define DEAD_ID    0x7ffe0000 /* an id nothing has */
#define KEY_NOBODY 0x53450301 /* a set made by nobody */

/* ---------------------------------------------------------- the values --- */

static void values(void)
{
	int id = new_set("values_setup", 3, 0600);
	want_zero("setval_returns_0", setval(id, 1, 7), "SETVAL 7");
	want_val("getval_reads_it", getval(id, 1), 7, "GETVAL");
	want_zero("setval_32767", setval(id, 0, SEMVMX), "SETVAL 32767");
	want_err("setval_32768_erange", setval(id, 0, SEMVMX + 1), ERANGE, "SETVAL 32768");
	want_err("setval_minus1_erange", setval(id, 0, -1), ERANGE, "SETVAL -1");
	want_err("setval_65535_erange", setval(id, 0, 65535), ERANGE, "SETVAL 65535");
	want_val("erange_keeps_value", getval(id, 0), SEMVMX, "GETVAL after ERANGE");
	want_err("setval_erange_before_lookup", setval(DEAD_ID, 0, -1), ERANGE,
	         "SETVAL -1 on a dead id");

	unsigned short in[3] = {1, 2, SEMVMX}, out[3] = {0, 0, 0};
	want_zero("setall_returns_0", semctl(id, 0, SETALL, in), "SETALL {1, 2, 32767}");
	semctl(id, 0, GETALL, out);
	check(out[0] == 1 && out[1] == 2 && out[2] == SEMVMX, "getall_reads_them",
	      "GETALL %u %u %u", out[0], out[1], out[2]);
	unsigned short big[3] = {4, 5, SEMVMX + 1};
	want_err("setall_32768_erange", semctl(id, 0, SETALL, big), ERANGE, "SETALL {4, 5, 32768}");
	semctl(id, 0, GETALL, out);
	check(out[0] == 1 && out[1] == 2, "setall_erange_changes_nothing", "GETALL %u %u %u",
	      out[0], out[1], out[2]);
	/* GETALL and SETALL ignore semnum. */
	want_zero("getall_ignores_semnum", semctl(id, 99, GETALL, out), "GETALL, semnum 99");

	want_err("getval_semnum_nsems_einval", getval(id, 3), EINVAL, "GETVAL semnum 3 of 3");
	want_err("getval_semnum_negative_einval", getval(id, -1), EINVAL, "GETVAL semnum -1");
	want_err("setval_semnum_einval", setval(id, 3, 1), EINVAL, "SETVAL semnum 3 of 3");
	want_err("getncnt_semnum_einval", semctl(id, 3, GETNCNT), EINVAL, "GETNCNT semnum 3");
	want_val("getncnt_none", semctl(id, 0, GETNCNT), 0, "GETNCNT with no sleeper");
	want_val("getzcnt_none", semctl(id, 0, GETZCNT), 0, "GETZCNT with no sleeper");
}

/* GETPID: the last process that changed the semaphore, or did a zero op on it. */
static void sempid(void)
{
	int id = new_set("sempid_setup", 3, 0600);
	want_val("getpid_new_set", semctl(id, 0, GETPID), 0, "GETPID of a new set");
	struct sembuf ops[2] = {{0, 1, 0}, {1, 0, 0}}; /* +1 on 0, zero op on 1 */
	pid_t pid = start_semop(id, ops, 2, NULL);
	int r = child_errno(pid);
	check(r == 0 && semctl(id, 0, GETPID) == pid, "getpid_after_semop",
	      "GETPID %d, the child was %d (%s)", semctl(id, 0, GETPID), pid, result_name(r));
	want_val("getpid_after_zero_op", semctl(id, 1, GETPID), pid, "GETPID after a zero op");
	want_val("getpid_untouched", semctl(id, 2, GETPID), 0, "GETPID of semaphore 2");

	pid = check_fork();
	if (pid == 0)
		_exit(setval(id, 0, 3) == 0 ? 0 : 1);
	child_errno(pid);
	want_val("getpid_after_setval", semctl(id, 0, GETPID), pid,
	         "GETPID after a child's SETVAL");
	pid = check_fork();
	if (pid == 0) {
		unsigned short v[3] = {1, 1, 1};
		_exit(semctl(id, 0, SETALL, v) == 0 ? 0 : 1);
	}
	child_errno(pid);
	want_val("getpid_after_setall", semctl(id, 2, GETPID), pid,
	         "GETPID after a child's SETALL");
}

/* ---------------------------------------------------------- IPC_STAT --- */

static void layout(void)
{
	int id = new_set("layout_setup", 7, 0640);
	check(sizeof(struct semid_ds) == 104 && offsetof(struct semid_ds, sem_otime) == 48 &&
	          offsetof(struct semid_ds, sem_ctime) == 64 &&
	          offsetof(struct semid_ds, sem_nsems) == 80,
	      "musl_semid_ds_layout", "sizeof %zu", sizeof(struct semid_ds));

	unsigned char buf[200];
	memset(buf, 0xa5, sizeof(buf));
	long r = raw_semctl(id, 0, IPC_STAT, (unsigned long)buf);
	want_zero("raw_ipc_stat", r, "raw semctl(IPC_STAT)");
	int beyond = 0;
	for (int i = 104; i < 200; i++)
		beyond |= buf[i] != 0xa5;
	check(!beyond, "ipc_stat_writes_104_bytes", "bytes after the first 104 were written");
	unsigned long nsems;
	memcpy(&nsems, buf + 80, 8);
	check(nsems == 7, "nsems_is_unsigned_long", "the 8 bytes at offset 80 hold %#lx", nsems);
	int pad = 0;
	for (int i = 26; i < 48; i++) /* after seq: __pad2, padding, two unused longs */
		pad |= buf[i];
	for (int i = 56; i < 64; i++)
		pad |= buf[i];
	for (int i = 72; i < 80; i++)
		pad |= buf[i];
	for (int i = 88; i < 104; i++)
		pad |= buf[i];
	check(!pad, "padding_is_zero", "nonzero bytes in the padding or unused fields");
	unsigned mode;
	memcpy(&mode, buf + 20, 4);
	check(mode == 0640, "mode_at_20", "mode %#o at offset 20", mode);

	struct seminfo si;
	check(sizeof(si) == 40, "seminfo_size", "sizeof(struct seminfo) %zu", sizeof(si));
	memset(buf, 0xa5, sizeof(buf));
	r = raw_semctl(0, 0, IPC_INFO, (unsigned long)buf);
	beyond = 0;
	for (int i = 40; i < 200; i++)
		beyond |= buf[i] != 0xa5;
	check(r >= 0 && !beyond, "ipc_info_writes_40_bytes", "IPC_INFO returned %ld%s", r,
	      beyond ? " and wrote past 40 bytes" : "");
}

/* sem_otime by semop only; sem_ctime by SETVAL, SETALL, IPC_SET.  Waits for the clock. */
static void times(void)
{
	struct semid_ds ds;
	int id = new_set("times_setup", 2, 0600);
	stat_set(id, &ds);
	long c0 = ds.sem_ctime;

	wait_next_second(c0);
	long t0 = now_coarse();
	setval(id, 0, 1);
	stat_set(id, &ds);
	check(ds.sem_ctime >= t0 && ds.sem_ctime > c0, "setval_sets_ctime",
	      "ctime %ld, was %ld, SETVAL at %ld", (long)ds.sem_ctime, c0, t0);
	check(ds.sem_otime == 0, "setval_not_otime", "otime %ld after SETVAL (expected 0)",
	      (long)ds.sem_otime);
	long c1 = ds.sem_ctime;

	wait_next_second(c1);
	t0 = now_coarse();
	op1(id, 0, 1, 0);
	long t1 = time(NULL);
	stat_set(id, &ds);
	check(time_between(ds.sem_otime, t0, t1), "semop_sets_otime",
	      "otime %ld, expected %ld..%ld", (long)ds.sem_otime, t0, t1);
	check(ds.sem_ctime == c1, "semop_not_ctime", "ctime %ld -> %ld after semop", c1,
	      (long)ds.sem_ctime);
	long o1 = ds.sem_otime;

	wait_next_second(o1);
	t0 = now_coarse();
	unsigned short v[2] = {3, 4};
	semctl(id, 0, SETALL, v);
	stat_set(id, &ds);
	check(ds.sem_ctime >= t0 && ds.sem_ctime > c1, "setall_sets_ctime", "ctime %ld, was %ld",
	      (long)ds.sem_ctime, c1);
	check(ds.sem_otime == o1, "setall_not_otime", "otime %ld -> %ld", o1, (long)ds.sem_otime);
	long c2 = ds.sem_ctime;

	wait_next_second(c2);
	t0 = now_coarse();
	semctl(id, 0, IPC_SET, &ds);
	stat_set(id, &ds);
	check(ds.sem_ctime >= t0 && ds.sem_ctime > c2, "ipc_set_sets_ctime", "ctime %ld, was %ld",
	      (long)ds.sem_ctime, c2);
}

/* ----------------------------------------------------- IPC_SET, IPC_RMID --- */

static void set_and_remove(void)
{
	int id = new_set("ipc_set_setup", 2, 0640);
	struct semid_ds ds, after;
	stat_set(id, &ds);
	ds.sem_perm.uid = 1234;
	ds.sem_perm.gid = 5678;
	ds.sem_perm.mode = 07604; /* only 0604 may stay */
	ds.sem_perm.cuid = 99;    /* ignored */
	ds.sem_nsems = 50;        /* ignored */
	ds.sem_otime = 12345;     /* ignored */
	want_zero("ipc_set", semctl(id, 0, IPC_SET, &ds), "IPC_SET");
	stat_set(id, &after);
	check(after.sem_perm.uid == 1234 && after.sem_perm.gid == 5678, "ipc_set_uid_gid",
	      "uid %u gid %u", after.sem_perm.uid, after.sem_perm.gid);
	check(after.sem_perm.mode == 0604, "ipc_set_mode_low_bits", "mode %#o, expected 0604",
	      (unsigned)after.sem_perm.mode);
	check(after.sem_perm.cuid == geteuid() && after.sem_nsems == 2 && after.sem_otime == 0,
	      "ipc_set_ignores_the_rest", "cuid %u nsems %lu otime %ld", after.sem_perm.cuid,
	      (unsigned long)after.sem_nsems, (long)after.sem_otime);
	ds.sem_perm.uid = (uid_t)-1;
	want_err("ipc_set_uid_minus1_einval", semctl(id, 0, IPC_SET, &ds), EINVAL,
	         "IPC_SET uid -1");

	want_zero("ipc_rmid", semctl(id, 0, IPC_RMID), "IPC_RMID");
	want_err("rmid_then_getval_einval", getval(id, 0), EINVAL, "GETVAL after IPC_RMID");
	want_err("rmid_then_stat_einval", stat_set(id, &after), EINVAL, "IPC_STAT after IPC_RMID");
	want_err("rmid_then_semop_einval", op1(id, 0, 1, 0), EINVAL, "semop after IPC_RMID");
	want_err("rmid_twice_einval", semctl(id, 0, IPC_RMID), EINVAL, "IPC_RMID again");
	want_err("rmid_then_set_einval", semctl(id, 0, IPC_SET, &ds), EINVAL, "IPC_SET after RMID");
}

/* ------------------------------------------------- IPC_INFO, SEM_INFO ... --- */

/* Sets and semaphores listed in /proc/sysvipc/sem. */
static int proc_usage(long *sets, long *sems)
{
	static char text[65536];
	if (read_text("/proc/sysvipc/sem", text, sizeof(text)) < 0)
		return -1;
	*sets = *sems = 0;
	char *line = strchr(text, '\n');
	while (line && line[1]) {
		long key, semid, nsems;
		unsigned perms;
		if (sscanf(line + 1, "%ld %ld %o %ld", &key, &semid, &perms, &nsems) == 4) {
			(*sets)++;
			*sems += nsems;
		}
		line = strchr(line + 1, '\n');
	}
	return 0;
}

static void info_and_stat(void)
{
	long lim[4];
	struct seminfo si;
	memset(&si, 0, sizeof(si));
	int maxidx = semctl(0, 0, IPC_INFO, &si);
	want_ok("ipc_info", maxidx, "semctl(0, 0, IPC_INFO)");
	if (read_sem_limits(lim) == 0)
		check(si.semmsl == lim[0] && si.semmns == lim[1] && si.semopm == lim[2] &&
		          si.semmni == lim[3],
		      "ipc_info_limits",
		      "semmsl %d semmns %d semopm %d semmni %d; /proc says %ld %ld %ld %ld",
		      si.semmsl, si.semmns, si.semopm, si.semmni, lim[0], lim[1], lim[2], lim[3]);
	check(si.semvmx == SEMVMX && si.semaem == SEMAEM && si.semume == 500 && si.semusz == 20 &&
	          si.semmnu == 1024000000 && si.semmap == 1024000000,
	      "ipc_info_constants", "semvmx %d semaem %d semume %d semusz %d semmnu %d semmap %d",
	      si.semvmx, si.semaem, si.semume, si.semusz, si.semmnu, si.semmap);
	want_ok("ipc_info_any_semid", semctl(12345, 0, IPC_INFO, &si), "IPC_INFO with semid 12345");
	want_err("ipc_info_semid_minus1", semctl(-1, 0, IPC_INFO, &si), EINVAL,
	         "IPC_INFO, semid -1");

	/* SEM_INFO counts sets and semaphores. */
	long sets0, sems0, sets1, sems1;
	semctl(0, 0, SEM_INFO, &si);
	proc_usage(&sets0, &sems0);
	check(si.semusz == sets0 && si.semaem == sems0, "sem_info_matches_proc",
	      "SEM_INFO: %d sets, %d semaphores; /proc/sysvipc/sem: %ld, %ld", si.semusz, si.semaem,
	      sets0, sems0);
	int a = new_set("sem_info_setup", 3, 0600);
	int b = new_set("sem_info_setup", 4, 0600);
	memset(&si, 0, sizeof(si));
	maxidx = semctl(0, 0, SEM_INFO, &si);
	proc_usage(&sets1, &sems1);
	check(si.semusz == sets0 + 2 && si.semaem == sems0 + 7, "sem_info_counts",
	      "SEM_INFO after two more sets (3 + 4): %d sets, %d semaphores (was %ld, %ld)",
	      si.semusz, si.semaem, sets0, sems0);
	check(si.semmsl == lim[0] && si.semvmx == SEMVMX, "sem_info_limits", "semmsl %d semvmx %d",
	      si.semmsl, si.semvmx);

	/* SEM_STAT over the indices 0..maxidx finds both sets, at maxidx the last. */
	int found = 0, at_max = 0;
	struct semid_ds ds;
	for (int i = 0; i <= maxidx; i++) {
		int r = semctl(i, 0, SEM_STAT, &ds);
		found += (r == a && ds.sem_nsems == 3) + (r == b && ds.sem_nsems == 4);
		if (i == maxidx)
			at_max = r >= 0;
	}
	check(found == 2, "sem_stat_finds_sets", "SEM_STAT over 0..%d found %d of our 2 sets",
	      maxidx, found);
	check(at_max, "max_index_in_use", "SEM_STAT(%d) (the highest index) failed", maxidx);
	/* The index is the id's low 15 bits; a removed set leaves a hole. */
	int c = new_set("sem_stat_hole_setup", 1, 0600);
	want_val("sem_stat_index_of_id", semctl(b & 0x7fff, 0, SEM_STAT, &ds), b,
	         "SEM_STAT(id & 0x7fff)");
	semctl(b, 0, IPC_RMID);
	want_err("sem_stat_hole_einval", semctl(b & 0x7fff, 0, SEM_STAT, &ds), EINVAL,
	         "SEM_STAT on a removed set's index");
	want_val("sem_stat_after_hole", semctl(c & 0x7fff, 0, SEM_STAT, &ds), c,
	         "SEM_STAT of a set made after the removed one");
	maxidx = semctl(0, 0, SEM_INFO, &si);
	want_err("sem_stat_unused_index", semctl(maxidx + 1, 0, SEM_STAT, &ds), EINVAL,
	         "SEM_STAT past the highest index");
	want_err("sem_stat_any_unused_index", semctl(maxidx + 1, 0, SEM_STAT_ANY, &ds), EINVAL,
	         "SEM_STAT_ANY past the highest index");
}

/* ----------------------------------------------------------- errors --- */

static void errors(void)
{
	int id = new_set("errors_setup", 2, 0600);
	struct semid_ds ds;
	unsigned short v[2];
	const int bad_cmds[] = {-1, 21, 99, IPC_STAT | 0x100};
	const char *names[] = {"cmd_minus1_einval", "cmd_21_einval", "cmd_99_einval",
	                       "cmd_ipc64_einval"};
	for (int i = 0; i < 4; i++)
		want_err(names[i], raw_semctl(id, 0, bad_cmds[i], (unsigned long)&ds), EINVAL,
		         "semctl with a bad cmd");
	want_err("semid_minus1_einval", stat_set(-1, &ds), EINVAL, "IPC_STAT, semid -1");
	want_err("dead_id_stat_einval", stat_set(DEAD_ID, &ds), EINVAL, "IPC_STAT, dead id");
	want_err("dead_id_getval_einval", getval(DEAD_ID, 0), EINVAL, "GETVAL, dead id");
	want_err("dead_id_getall_einval", semctl(DEAD_ID, 0, GETALL, v), EINVAL, "GETALL, dead id");
	want_err("dead_id_rmid_einval", semctl(DEAD_ID, 0, IPC_RMID), EINVAL, "IPC_RMID, dead id");

	void *bad = bad_page();
	want_err("getall_null_efault", semctl(id, 0, GETALL, NULL), EFAULT, "GETALL NULL");
	want_err("getall_unmapped_efault", semctl(id, 0, GETALL, bad), EFAULT, "GETALL unmapped");
	setval(id, 0, 5);
	want_err("setall_unmapped_efault", semctl(id, 0, SETALL, bad), EFAULT, "SETALL unmapped");
	want_val("setall_efault_no_change", getval(id, 0), 5, "GETVAL after SETALL's EFAULT");
	want_err("stat_null_efault", semctl(id, 0, IPC_STAT, NULL), EFAULT, "IPC_STAT NULL");
	want_err("stat_unmapped_efault", semctl(id, 0, IPC_STAT, bad), EFAULT, "IPC_STAT unmapped");
	want_err("set_unmapped_efault", semctl(id, 0, IPC_SET, bad), EFAULT, "IPC_SET unmapped");
	want_err("ipc_info_unmapped_efault", semctl(0, 0, IPC_INFO, bad), EFAULT,
	         "IPC_INFO unmapped");
	want_err("sem_info_unmapped_efault", semctl(0, 0, SEM_INFO, bad), EFAULT,
	         "SEM_INFO unmapped");
	/* IPC_SET reads its buffer before it looks for the set; GETALL looks first. */
	want_err("set_efault_before_lookup", semctl(DEAD_ID, 0, IPC_SET, bad), EFAULT,
	         "IPC_SET, dead id, unmapped buffer");
	want_err("getall_lookup_before_efault", semctl(DEAD_ID, 0, GETALL, bad), EINVAL,
	         "GETALL, dead id, unmapped buffer");
}

/* ------------------------------------------------------- permissions --- */

static int s600, s644, s666, s_given, s_by_nobody;

/* Root with euid nobody has no privilege left (capabilities follow the euid). */
static void euid_nobody(void)
{
	struct semid_ds ds;
	if (seteuid(NOBODY) != 0)
		child_fail("seteuid(%d): %s", NOBODY, errname(errno));
	want_err("euid_nobody_stat_eacces", stat_set(s600, &ds), EACCES, "IPC_STAT on 0600");
	want_err("euid_nobody_rmid_eperm", semctl(s600, 0, IPC_RMID), EPERM, "IPC_RMID on 0600");
	want_err("euid_nobody_semop_eacces", op1(s600, 0, 1, 0), EACCES, "semop +1 on 0600");
}

static void nobody_ctl(void)
{
	struct semid_ds ds;
	unsigned short v[2] = {0, 0};
	want_err("nobody_stat_eacces", stat_set(s600, &ds), EACCES, "IPC_STAT on root's 0600");
	want_err("nobody_getval_eacces", getval(s600, 0), EACCES, "GETVAL on 0600");
	want_err("nobody_getall_eacces", semctl(s600, 0, GETALL, v), EACCES, "GETALL on 0600");
	want_err("nobody_getpid_eacces", semctl(s600, 0, GETPID), EACCES, "GETPID on 0600");
	want_err("nobody_getncnt_eacces", semctl(s600, 0, GETNCNT), EACCES, "GETNCNT on 0600");
	want_err("nobody_getzcnt_eacces", semctl(s600, 0, GETZCNT), EACCES, "GETZCNT on 0600");
	want_err("nobody_setval_eacces", setval(s600, 0, 1), EACCES, "SETVAL on 0600");
	want_err("nobody_setall_eacces", semctl(s600, 0, SETALL, v), EACCES, "SETALL on 0600");
	want_err("nobody_set_eperm", semctl(s600, 0, IPC_SET, &ds), EPERM, "IPC_SET on 0600");
	want_err("nobody_rmid_eperm", semctl(s600, 0, IPC_RMID), EPERM, "IPC_RMID on 0600");
	/* Linux checks the permission before semnum for the GET commands, after for SETVAL. */
	want_err("nobody_eacces_before_semnum", getval(s600, 99), EACCES,
	         "GETVAL semnum 99 on 0600");
	want_err("nobody_setval_semnum_first", setval(s600, 99, 1), EINVAL,
	         "SETVAL semnum 99 on 0600");

	want_zero("nobody_644_stat", stat_set(s644, &ds), "IPC_STAT on 0644");
	want_val("nobody_644_getval", getval(s644, 0), 0, "GETVAL on 0644");
	want_err("nobody_644_setval_eacces", setval(s644, 0, 1), EACCES, "SETVAL on 0644");
	want_zero("nobody_666_setval", setval(s666, 0, 1), "SETVAL on 0666");
	want_zero("nobody_666_setall", semctl(s666, 0, SETALL, v), "SETALL on 0666");
	want_err("nobody_666_set_eperm", semctl(s666, 0, IPC_SET, &ds), EPERM, "IPC_SET on 0666");
	want_err("nobody_666_rmid_eperm", semctl(s666, 0, IPC_RMID), EPERM, "IPC_RMID on 0666");

	/* SEM_STAT needs read permission, SEM_STAT_ANY does not. */
	struct seminfo si;
	int maxidx = semctl(0, 0, IPC_INFO, &si);
	int stat_r = -2, any_r = -2, e = 0;
	for (int i = 0; i <= maxidx; i++) {
		int r = semctl(i, 0, SEM_STAT_ANY, &ds);
		if (r == s600) {
			any_r = r;
			stat_r = semctl(i, 0, SEM_STAT, &ds);
			e = errno;
		}
	}
	check(any_r == s600, "nobody_sem_stat_any", "SEM_STAT_ANY did not find root's 0600 set");
	check(stat_r == -1 && e == EACCES, "nobody_sem_stat_eacces",
	      "SEM_STAT on root's 0600 set returned %d (%s)", stat_r, ename(e));

	/* Owner (uid given to us by IPC_SET) or creator: IPC_SET and IPC_RMID allowed. */
	want_zero("nobody_owner_stat", stat_set(s_given, &ds), "IPC_STAT as owner");
	ds.sem_perm.mode = 0660;
	want_zero("nobody_owner_set", semctl(s_given, 0, IPC_SET, &ds), "IPC_SET as owner");
	want_zero("nobody_owner_rmid", semctl(s_given, 0, IPC_RMID), "IPC_RMID as owner");
	want_zero("nobody_creator_set", semctl(s_by_nobody, 0, IPC_SET, &ds),
	          "IPC_SET as creator (root is the owner)");
	want_zero("nobody_creator_rmid", semctl(s_by_nobody, 0, IPC_RMID), "IPC_RMID as creator");
}

static void permissions(void)
{
	if (geteuid() != 0) {
		skip("nobody", "not running as root: cannot become another user");
		return;
	}
	s600 = new_set("perm_setup", 2, 0600);
	s644 = new_set("perm_setup", 2, 0644);
	s666 = new_set("perm_setup", 2, 0666);
	s_given = new_set("perm_setup", 2, 0600);
	struct semid_ds ds;
	stat_set(s_given, &ds);
	ds.sem_perm.uid = NOBODY;
	semctl(s_given, 0, IPC_SET, &ds);

	/* A set made by nobody, handed over to root: nobody is still its creator. */
	remove_key(KEY_NOBODY);
	pid_t pid = check_fork();
	if (pid == 0) {
		become_nobody();
		_exit(semget(KEY_NOBODY, 1, IPC_CREAT | 0600) >= 0 ? 0 : 1);
	}
	child_errno(pid);
	s_by_nobody = semget(KEY_NOBODY, 0, 0);
	track(s_by_nobody);
	stat_set(s_by_nobody, &ds);
	ds.sem_perm.uid = 0;
	semctl(s_by_nobody, 0, IPC_SET, &ds);
	as_nobody("nobody", nobody_ctl);
	run_counted("euid_nobody", euid_nobody);
}

int main(void)
{
	check_init("sem_ctl");
	if (!sem_require())
		return summary();
	values();
	sempid();
	layout();
	set_and_remove();
	info_and_stat();
	errors();
	permissions();
	times();
	return sem_summary();
}
