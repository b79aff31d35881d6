/*
 * sem_proc: the /proc files of semaphores, as on Linux (proc(5)).
 *
 *   - /proc/sysvipc/sem: a header, then one line per set, in Linux's
 *     format: "%10d %10d  %4o %10u %5u %5u %5u %5u %10llu %10llu" (key as a
 *     signed number, id, mode, nsems, uid gid cuid cgid, otime ctime).
 *     A removed set is gone from it.
 *   - /proc/sys/kernel/sem: "SEMMSL\tSEMMNS\tSEMOPM\tSEMMNI\n", the limits
 *     IPC_INFO reports.  Root may change them: a lower SEMMSL refuses
 *     bigger sets (EINVAL), a lower SEMOPM longer semops (E2BIG); SEMMNI
 *     above 32768 is refused (ERANGE).  (SEMMNI and SEMMNS: sem_get.)
 */
#include "check.h"
#include "sem_common.h"

#define KEY     0x53450401
#define KEY_NEG ((key_t)0x80000001) /* shown as a negative number */

static const char *PROC_SEM = "/proc/sysvipc/sem";
static const char *HEADER =
    "       key      semid perms      nsems   uid   gid  cuid  cgid      otime      ctime\n";

static char text[65536];

/* The line /proc/sysvipc/sem must have for set id. */
static int expected_line(int id, char *line, size_t size)
{
	struct semid_ds ds;
	if (stat_set(id, &ds) != 0)
		return -1;
	snprintf(line, size, "%10d %10d  %4o %10lu %5u %5u %5u %5u %10lu %10lu\n",
	         (int)ds.sem_perm.__key, id, (unsigned)ds.sem_perm.mode,
	         (unsigned long)ds.sem_nsems, ds.sem_perm.uid, ds.sem_perm.gid, ds.sem_perm.cuid,
	         ds.sem_perm.cgid, (unsigned long)ds.sem_otime, (unsigned long)ds.sem_ctime);
	return 0;
}

/* Does /proc/sysvipc/sem hold exactly this line? */
static int proc_has(const char *line)
{
	if (read_text(PROC_SEM, text, sizeof(text)) < 0)
		return 0;
	for (char *p = strstr(text, line); p; p = strstr(p + 1, line))
		if (p == text || p[-1] == '\n')
			return 1;
	return 0;
}

/* Is any line about set id (its second field)? */
static int proc_lists(int id)
{
	if (read_text(PROC_SEM, text, sizeof(text)) < 0)
		return 0;
	for (char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		long key, semid;
		if (sscanf(p, "%ld %ld", &key, &semid) == 2 && semid == id)
			return 1;
	}
	return 0;
}

static void sysvipc_sem(void)
{
	char line[256];
	long n = read_text(PROC_SEM, text, sizeof(text));
	want_ok("proc_sysvipc_sem_readable", n, PROC_SEM);
	check(strncmp(text, HEADER, strlen(HEADER)) == 0, "header", "the first line is \"%.90s\"",
	      text);

	remove_key(KEY);
	int id = new_key_set("line_setup", KEY, 3, 0640);
	expected_line(id, line, sizeof(line));
	check(proc_has(line), "line_new_set", "no line \"%.100s\"", line);
	op1(id, 1, 1, 0); /* now otime is set */
	expected_line(id, line, sizeof(line));
	check(proc_has(line), "line_after_semop", "no line \"%.100s\"", line);

	struct semid_ds ds;
	stat_set(id, &ds);
	ds.sem_perm.uid = 1234;
	ds.sem_perm.gid = 5678;
	ds.sem_perm.mode = 0604;
	semctl(id, 0, IPC_SET, &ds);
	expected_line(id, line, sizeof(line));
	check(proc_has(line), "line_after_ipc_set", "no line \"%.100s\"", line);

	int priv = new_set("private_setup", 1, 0600);
	expected_line(priv, line, sizeof(line));
	check(proc_has(line) && strncmp(line, "         0 ", 11) == 0, "line_private_key_0",
	      "no line \"%.100s\"", line);

	remove_key(KEY_NEG);
	int neg = new_key_set("negative_key_setup", KEY_NEG, 2, 0600);
	expected_line(neg, line, sizeof(line));
	check(proc_has(line) && strstr(line, "-2147483647") == line, "line_key_signed",
	      "no line \"%.100s\"", line);

	semctl(id, 0, IPC_RMID);
	check(!proc_lists(id), "removed_set_not_listed", "set %d is still listed", id);
	check(proc_lists(priv), "others_still_listed", "set %d is not listed", priv);
}

/* ---------------------------------------------------- /proc/sys/kernel/sem --- */

static void limits_file(void)
{
	long lim[4];
	char want[128];
	struct seminfo si;
	memset(&si, 0, sizeof(si));
	semctl(0, 0, IPC_INFO, &si);
	long n = read_text(SEM_SYSCTL, text, sizeof(text));
	want_ok("proc_sys_kernel_sem_readable", n, SEM_SYSCTL);
	snprintf(want, sizeof(want), "%d\t%d\t%d\t%d\n", si.semmsl, si.semmns, si.semopm,
	         si.semmni);
	check(strcmp(text, want) == 0, "limits_format", "read \"%.60s\", expected \"%.60s\"", text,
	      want);
	check(read_sem_limits(lim) == 0 && lim[2] == 500 && lim[0] <= 65535, "limits_defaults",
	      "SEMOPM %ld (expected Linux's 500)", lim[2]);
}

/* Under SEMMSL 10 and SEMOPM 5. */
static void small_limits(void)
{
	struct seminfo si;
	memset(&si, 0, sizeof(si));
	semctl(0, 0, IPC_INFO, &si);
	check(si.semmsl == 10 && si.semopm == 5, "ipc_info_follows", "IPC_INFO semmsl %d semopm %d",
	      si.semmsl, si.semopm);
	want_err("semmsl_11_einval", semget(IPC_PRIVATE, 11, IPC_CREAT | 0600), EINVAL,
	         "semget(IPC_PRIVATE, 11) under SEMMSL 10");
	int id = new_set("semmsl_10_allowed", 10, 0600);
	if (id >= 0)
		pass("semmsl_10_allowed");
	struct sembuf ops[6] = {{0, 1, 0}, {1, 1, 0}, {2, 1, 0}, {3, 1, 0}, {4, 1, 0}, {5, 1, 0}};
	want_err("semopm_6_e2big", semop(id, ops, 6), E2BIG, "semop of 6 under SEMOPM 5");
	want_zero("semopm_5_allowed", semop(id, ops, 5), "semop of 5 under SEMOPM 5");
}

static void writing_limits(void)
{
	long lim[4];
	char text4[128], before[128], after[128];
	if (geteuid() != 0) {
		skip("small_limits", "not running as root: cannot change %s", SEM_SYSCTL);
		return;
	}
	if (read_sem_limits(lim) != 0) {
		fail("small_limits", "cannot read %s", SEM_SYSCTL);
		return;
	}
	snprintf(text4, sizeof(text4), "10 %ld 5 %ld", lim[1], lim[3]);
	with_sem_limits("small_limits", text4, small_limits);

	/* SEMMNI above IPCMNI (32768): refused, nothing changes. */
	read_text(SEM_SYSCTL, before, sizeof(before));
	snprintf(text4, sizeof(text4), "%ld %ld %ld 40000", lim[0], lim[1], lim[2]);
	int r = write_text(SEM_SYSCTL, text4);
	int e = errno;
	read_text(SEM_SYSCTL, after, sizeof(after));
	if (r == 0)
		write_text(SEM_SYSCTL, before);
	check(r == -1 && e == ERANGE, "semmni_above_ipcmni_erange",
	      "writing SEMMNI 40000 %s, expected ERANGE", r == 0 ? "worked" : ename(e));
	check(strcmp(before, after) == 0, "refused_write_changes_nothing",
	      "the limits went from \"%.50s\" to \"%.50s\"", before, after);
}

int main(void)
{
	check_init("sem_proc");
	if (!sem_require())
		return summary();
	sysvipc_sem();
	limits_file();
	writing_limits();
	return sem_summary();
}
