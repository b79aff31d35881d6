/*
 * ipctool: our ipcs and ipcrm (user/ipcs.c, user/ipcrm.c).
 *
 * They must print what util-linux's ipcs and ipcrm print, so that what a
 * student learned on Linux reads the same here.  Two kinds of checks:
 *
 *   - shape, everywhere: for segments made here (one attached, one locked
 *     with a numeric owner, one removed while attached) each line of
 *     `ipcs -m`, -c, -p, -t, `-m -i ID`, -l, -u must be exactly the line
 *     util-linux's format gives for the values IPC_STAT, IPC_INFO and
 *     SHM_INFO report; ipcrm removes by id and by key, explains its
 *     errors in util-linux's words, and exits 1 on any error.
 *   - on Linux, when util-linux is installed: the same command lines
 *     through /usr/bin/ipcs and /usr/bin/ipcrm print the same bytes.
 *
 * The programs are $SHMOS_ROOT/bin/ipcs and ipcrm (on shmos, /bin/...);
 * with only the tests staged there (make test-linux), the build tree's
 * copies next to it, $SHMOS_ROOT/../user/bin/, are used.
 */
#include "check.h"
#include "shm_common.h"
#include "../shell/run.h"
#include <pwd.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/stat.h>

#define KEY_A     0x53480801 /* 5000 bytes, 0644, attached */
#define KEY_C     0x53480803 /* removed while attached: key 0, "dest" */
#define KEY_RM    0x53480804 /* for ipcrm -M */
#define KEY_NONE  0x53480899 /* never made */
#define KEY_SEM   0x53480810 /* a set of 3 semaphores, 0640 */
#define KEY_MSG   0x53480811 /* a queue, 0600, holding one 6-byte message */
#define OTHER_UID 54321      /* a user owning nothing on the host: for ipcrm -a */

static char ours[2][600];                                           /* our ipcs and ipcrm */
static const char *theirs[2] = {"/usr/bin/ipcs", "/usr/bin/ipcrm"}; /* util-linux's */
static char *envp[] = {"PATH=/bin:/usr/bin", "LC_ALL=C", NULL};
static struct output o;
static int id_a, id_b, id_c;

/* ---------------------------------------------------------- running --- */

/* Run a program with up to 8 arguments, argv[0] being "ipcs" or "ipcrm"; the exit status. */
static int runv(const char *path, const char *name, const char *const args[])
{
	char *argv[10];
	int n = 0;
	argv[n++] = (char *)name;
	for (int i = 0; args[i] && n < 9; i++)
		argv[n++] = (char *)args[i];
	argv[n] = NULL;
	if (run_program(path, argv, envp, NULL, &o) < 0)
		return -1;
	return WIFEXITED(o.status) ? WEXITSTATUS(o.status) : 128 + WTERMSIG(o.status);
}

static int set_id = -1, queue_id = -1;

#define IPCS(...)  runv(ours[0], "ipcs", (const char *const[]){__VA_ARGS__, NULL})
#define IPCRM(...) runv(ours[1], "ipcrm", (const char *const[]){__VA_ARGS__, NULL})

static int find_tools(void)
{
	const char *names[2] = {"ipcs", "ipcrm"}, *root = getenv("SHMOS_ROOT");
	for (int i = 0; i < 2; i++) {
		snprintf(ours[i], sizeof(ours[i]), "%s/%s", root_path("/bin"), names[i]);
		if (access(ours[i], X_OK) != 0 && root)
			snprintf(ours[i], sizeof(ours[i]), "%s/../user/bin/%s", root, names[i]);
		if (access(ours[i], X_OK) != 0)
			return 0;
	}
	return 1;
}

/* The line of text that starts with prefix, copied into buf ("" if none). */
static const char *line_starting(const char *text, const char *prefix, char *buf, size_t size)
{
	size_t len = strlen(prefix);
	buf[0] = '\0';
	for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (strncmp(p, prefix, len) == 0) {
			snprintf(buf, size, "%.*s", (int)strcspn(p, "\n") + 1, p);
			break;
		}
	return buf;
}

/* The row of `ipcs -m` (any format whose first or second column is the id) for id. */
static const char *row_of(const char *text, int id, char *buf, size_t size)
{
	buf[0] = '\0';
	for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		unsigned key;
		int a;
		if ((sscanf(p, "0x%x %d", &key, &a) == 2 || sscanf(p, "%d", &a) == 1) && a == id) {
			snprintf(buf, size, "%.*s", (int)strcspn(p, "\n") + 1, p);
			break;
		}
	}
	return buf;
}

static const char *owner(unsigned uid, char *buf, size_t size)
{
	struct passwd *pw = getpwuid(uid); /* a static buffer: copy the name out */
	if (pw)
		snprintf(buf, size, "%s", pw->pw_name);
	else
		snprintf(buf, size, "%u", uid);
	return buf;
}

static const char *group(unsigned gid, char *buf, size_t size)
{
	struct group *gr = getgrgid(gid);
	if (gr)
		snprintf(buf, size, "%s", gr->gr_name);
	else
		snprintf(buf, size, "%u", gid);
	return buf;
}

/* Compare one produced line with the expected one. */
static void same_line(const char *name, const char *got, const char *want)
{
	check(strcmp(got, want) == 0, name, "got \"%s\", expected \"%s\"", escaped(got),
	      escaped(want));
}

/*
 * The attaches are held by a child of ours, not by us: every tool we run
 * is forked from us and then execs, and a forked attach would count in
 * nattch and set lpid and dtime at the exec (ipcs would then show its own
 * pid).  The holder attaches A and C, touches two pages of A, says so on a
 * pipe and waits for the other pipe to close.
 */
static pid_t holder;
static int holder_pipe = -1;

static int start_holder(void)
{
	int ready[2], hold[2];
	char c = 'n';
	if (pipe(ready) != 0 || pipe(hold) != 0)
		return 0;
	holder = check_fork();
	if (holder == 0) {
		close(ready[0]);
		close(hold[1]);
		char *pa = shmat(id_a, NULL, 0), *pc = shmat(id_c, NULL, 0);
		if (pa != (char *)-1 && pc != (char *)-1) {
			pa[0] = pa[4096] = 1;
			c = 'y';
		}
		if (write(ready[1], &c, 1) == 1)
			while (read(hold[0], &c, 1) > 0)
				;
		_exit(0);
	}
	close(ready[1]);
	close(hold[0]);
	holder_pipe = hold[1];
	if (holder < 0 || read(ready[0], &c, 1) != 1 || c != 'y') {
		fail("setup", "the child that attaches the segments failed");
		return 0;
	}
	close(ready[0]);
	return 1;
}

static void stop_holder(void)
{
	int status;
	close(holder_pipe);
	wait_child(holder, &status);
}

/* -------------------------------------------------------------- ipcs --- */

static void default_rows(void)
{
	static const char header[] = "\n------ Shared Memory Segments --------\n"
	                             "key        shmid      owner      perms      bytes      "
	                             "nattch     status      \n";
	int status = IPCS("-m");
	check(status == 0 && strncmp(o.out, header, strlen(header)) == 0, "ipcs_m_header",
	      "ipcs -m exited %d and began \"%s\"", status, escaped(o.out));
	check(o.outlen >= 2 && strcmp(o.out + o.outlen - 2, "\n\n") == 0, "ipcs_m_blank_after",
	      "the output does not end with an empty line");

	int ids[3] = {id_a, id_b, id_c};
	const char *names[3] = {"ipcs_m_row", "ipcs_m_row_locked_numeric", "ipcs_m_row_dest"};
	for (int i = 0; i < 3; i++) {
		struct shmid_ds ds = {0};
		char want[200], got[200], ub[64];
		seg_stat(ids[i], &ds);
		snprintf(
		    want, sizeof(want), "0x%08x %-10d %-10.10s %-10o %-10lu %-10lu %-6s %-6s\n",
		    (unsigned)ds.shm_perm.__key, ids[i], owner(ds.shm_perm.uid, ub, sizeof(ub)),
		    ds.shm_perm.mode & 0777, (unsigned long)ds.shm_segsz, ds.shm_nattch,
		    ds.shm_perm.mode & SHM_DEST ? "dest" : " ",
		    ds.shm_perm.mode & SHM_LOCKED ? "locked" : " ");
		same_line(names[i], row_of(o.out, ids[i], got, sizeof(got)), want);
	}
}

static void other_formats(void)
{
	struct shmid_ds ds = {0};
	char want[300], got[300], u1[64], u2[64];
	seg_stat(id_b, &ds);
	const char *own = owner(ds.shm_perm.uid, u1, sizeof(u1));

	IPCS("-m", "-c");
	same_line("ipcs_c_header", line_starting(o.out, "shmid", got, sizeof(got)),
	          "shmid      perms      cuid       cgid       uid        gid       \n");
	char g1[64], g2[64];
	snprintf(want, sizeof(want), "%-10d %-10o %-10s %-10s %-10s %-10s\n", id_b,
	         ds.shm_perm.mode & 0777, owner(ds.shm_perm.cuid, u2, sizeof(u2)),
	         group(ds.shm_perm.cgid, g1, sizeof(g1)), own,
	         group(ds.shm_perm.gid, g2, sizeof(g2)));
	same_line("ipcs_c_row", row_of(o.out, id_b, got, sizeof(got)), want);

	IPCS("-m", "-p");
	same_line("ipcs_p_header", line_starting(o.out, "shmid", got, sizeof(got)),
	          "shmid      owner      cpid       lpid      \n");
	seg_stat(id_a, &ds);
	snprintf(want, sizeof(want), "%-10d %-10.10s %-10u %-10u\n", id_a,
	         owner(ds.shm_perm.uid, u1, sizeof(u1)), ds.shm_cpid, ds.shm_lpid);
	same_line("ipcs_p_row", row_of(o.out, id_a, got, sizeof(got)), want);

	IPCS("-m", "-t");
	same_line("ipcs_t_header", line_starting(o.out, "shmid", got, sizeof(got)),
	          "shmid      owner      attached             detached             changed"
	          "             \n");
	time_t a = ds.shm_atime, c = ds.shm_ctime;
	char at[32], ct[32];
	snprintf(at, sizeof(at), "%.16s", ctime(&a) + 4);
	snprintf(ct, sizeof(ct), "%.16s", ctime(&c) + 4);
	snprintf(want, sizeof(want), "%-10d %-10.10s %-20.16s %-20.16s %-20.16s\n", id_a,
	         owner(ds.shm_perm.uid, u1, sizeof(u1)), ds.shm_atime ? at : "Not set", "Not set",
	         ct); /* A was attached once, by the holder, and never detached */
	same_line("ipcs_t_row", row_of(o.out, id_a, got, sizeof(got)), want);
}

static void detail(void)
{
	struct shmid_ds ds = {0};
	char want[600], id[16], t[3][32];
	seg_stat(id_c, &ds);
	time_t times[3] = {ds.shm_atime, ds.shm_dtime, ds.shm_ctime};
	for (int i = 0; i < 3; i++)
		snprintf(t[i], sizeof(t[i]), "%.24s", times[i] ? ctime(&times[i]) : "Not set");
	snprintf(want, sizeof(want),
	         "\nShared memory Segment shmid=%d\nuid=%u\tgid=%u\tcuid=%u\tcgid=%u\n"
	         "mode=%#o\taccess_perms=%#o\nbytes=%lu\tlpid=%d\tcpid=%d\tnattch=%lu\n"
	         "att_time=%-26.24s\ndet_time=%-26.24s\nchange_time=%-26.24s\n\n",
	         id_c, ds.shm_perm.uid, ds.shm_perm.gid, ds.shm_perm.cuid, ds.shm_perm.cgid,
	         ds.shm_perm.mode, ds.shm_perm.mode & 0777, (unsigned long)ds.shm_segsz,
	         ds.shm_lpid, ds.shm_cpid, ds.shm_nattch, t[0], t[1], t[2]);
	snprintf(id, sizeof(id), "%d", id_c);
	int status = IPCS("-m", "-i", id);
	check(status == 0 && strcmp(o.out, want) == 0, "ipcs_i", "exit %d, printed \"%s\"", status,
	      escaped(o.out));

	status = IPCS("-m", "-i", "2147483646");
	check(status == 0 && o.outlen == 0 && strcmp(o.err, "ipcs: id 2147483646 not found\n") == 0,
	      "ipcs_i_not_found", "exit %d, stdout \"%s\", stderr \"%s\"", status, escaped(o.out),
	      escaped(o.err));
	status = IPCS("-i", id);
	check(status == 1 &&
	          strcmp(o.err, "ipcs: when using an ID, a single resource must be specified\n") ==
	              0,
	      "ipcs_i_needs_kind", "exit %d, stderr \"%s\"", status, escaped(o.err));
}

static void limits_and_usage(void)
{
	struct shminfo si;
	struct shm_info su;
	char want[600];
	shmctl(0, IPC_INFO, (struct shmid_ds *)(void *)&si);
	unsigned long kb = si.shmall * 4;
	if (si.shmall && kb / si.shmall != 4)
		kb = ULONG_MAX - ULONG_MAX % 4;
	snprintf(want, sizeof(want),
	         "------ Shared Memory Limits --------\nmax number of segments = %lu\n"
	         "max seg size (kbytes) = %lu\nmax total shared memory (kbytes) = %lu\n"
	         "min seg size (bytes) = %lu\n\n",
	         si.shmmni, si.shmmax / 1024, kb, si.shmmin);
	int status = IPCS("-m", "-l");
	check(status == 0 && o.out[0] == '\n' && strcmp(o.out + 1, want) == 0, "ipcs_l",
	      "exit %d, printed \"%s\"", status, escaped(o.out));

	shmctl(0, SHM_INFO, (struct shmid_ds *)(void *)&su);
	snprintf(
	    want, sizeof(want),
	    "\n------ Shared Memory Status --------\nsegments allocated %d\npages allocated %lu\n"
	    "pages resident  %lu\npages swapped   %lu\n"
	    "Swap performance: %lu attempts\t %lu successes\n\n",
	    su.used_ids, su.shm_tot, su.shm_rss, su.shm_swp, su.swap_attempts, su.swap_successes);
	status = IPCS("-m", "-u");
	check(status == 0 && strcmp(o.out, want) == 0, "ipcs_u", "exit %d, printed \"%s\"", status,
	      escaped(o.out));

	/* -a (and no option at all): message queues, shared memory, semaphores, in that order. */
	status = IPCS("-a");
	const char *q =
	    strstr(o.out, "\n------ Message Queues --------\nkey        msqid      owner"
	                  "      perms      used-bytes   messages    \n");
	const char *m = strstr(o.out, "\n------ Shared Memory Segments --------\n");
	const char *s = strstr(o.out, "\n------ Semaphore Arrays --------\nkey        semid      "
	                              "owner      perms      nsems     \n");
	check(status == 0 && q && m && s && q < m && m < s, "ipcs_a_sections",
	      "exit %d; sections found: queues %d, shared memory %d, semaphores %d, in order %d",
	      status, q != NULL, m != NULL, s != NULL, q && m && s && q < m && m < s);
	int st2 = IPCS("-x");
	check(st2 == 1 && strcmp(o.err, "ipcs: invalid option -- 'x'\n"
	                                "Try 'ipcs --help' for more information.\n") == 0,
	      "ipcs_bad_option", "exit %d, stderr \"%s\"", st2, escaped(o.err));
}

/* ------------------------------------------------------------- ipcrm --- */

static void ipcrm_removes(void)
{
	char id[16], want[100];
	int seg = new_seg("ipcrm_m", PAGE, 0600);
	snprintf(id, sizeof(id), "%d", seg);
	int status = IPCRM("-m", id);
	check(status == 0 && o.outlen == 0 && o.errlen == 0 && nattch_of(seg) == -1, "ipcrm_m",
	      "ipcrm -m %s: exit %d, stdout \"%s\", stderr \"%s\", segment %s", id, status,
	      escaped(o.out), escaped(o.err), nattch_of(seg) == -1 ? "gone" : "still there");

	seg = new_key_seg("ipcrm_M", KEY_RM, PAGE, 0600);
	status = IPCRM("-M", "0x53480804");
	check(status == 0 && o.errlen == 0 && nattch_of(seg) == -1, "ipcrm_M",
	      "ipcrm -M 0x53480804: exit %d, stderr \"%s\"", status, escaped(o.err));

	seg = new_seg("ipcrm_v", PAGE, 0600);
	snprintf(id, sizeof(id), "%d", seg);
	snprintf(want, sizeof(want), "removing shared memory segment id `%d'\n", seg);
	status = IPCRM("-v", "-m", id);
	check(status == 0 && strcmp(o.out, want) == 0, "ipcrm_v",
	      "ipcrm -v -m: exit %d, stdout \"%s\"", status, escaped(o.out));

	seg = new_seg("ipcrm_old_form", PAGE, 0600);
	snprintf(id, sizeof(id), "%d", seg);
	status = IPCRM("shm", id);
	check(status == 0 && strcmp(o.out, "resource(s) deleted\n") == 0 && nattch_of(seg) == -1,
	      "ipcrm_old_form", "ipcrm shm ID: exit %d, stdout \"%s\"", status, escaped(o.out));

	/* An attached segment is only marked: ipcs then says "dest". */
	seg = new_seg("ipcrm_attached", PAGE, 0600);
	void *p = shmat(seg, NULL, 0);
	snprintf(id, sizeof(id), "%d", seg);
	status = IPCRM("-m", id);
	struct shmid_ds ds = {0};
	int r = seg_stat(seg, &ds);
	check(status == 0 && r == 0 && (ds.shm_perm.mode & SHM_DEST), "ipcrm_attached_marks_dest",
	      "exit %d; IPC_STAT %d, mode 0%o", status, r, ds.shm_perm.mode);
	char got[200];
	IPCS("-m");
	check(strstr(row_of(o.out, seg, got, sizeof(got)), " dest ") != NULL, "ipcs_shows_dest",
	      "row \"%s\"", escaped(got));
	shmdt(p);
}

static void ipcrm_errors(void)
{
	static const struct {
		const char *name, *args[3], *err;
	} cases[] = {
	    {"ipcrm_invalid_id", {"-m", "2147483646"}, "ipcrm: invalid id (2147483646)\n"},
	    {"ipcrm_invalid_key", {"-M", "0x53480899"}, "ipcrm: invalid key (0x53480899)\n"},
	    {"ipcrm_illegal_key", {"-M", "0"}, "ipcrm: illegal key (0)\n"},
	    {"ipcrm_bad_number", {"-m", "abc"}, "ipcrm: failed to parse argument: 'abc'\n"},
	    {"ipcrm_old_form_bad_id", {"shm", "abc"}, "ipcrm: invalid id: abc\n"},
	    {"ipcrm_bad_option",
	     {"-x"},
	     "ipcrm: invalid option -- 'x'\nTry 'ipcrm --help' for more information.\n"},
	};
	remove_key(KEY_NONE);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int status = runv(ours[1], "ipcrm", cases[i].args);
		check(status == 1 && strcmp(o.err, cases[i].err) == 0, cases[i].name,
		      "exit %d, stderr \"%s\", expected 1 and \"%s\"", status, escaped(o.err),
		      escaped(cases[i].err));
	}
}

/* As nobody: root's segment is not ours to remove. */
static void nobody_ipcrm(void)
{
	char id[16], want[100];
	snprintf(id, sizeof(id), "%d", id_a);
	snprintf(want, sizeof(want), "ipcrm: permission denied for id (%d)\n", id_a);
	int status = IPCRM("-m", id);
	check(status == 1 && strcmp(o.err, want) == 0 && nattch_of(id_a) >= 0,
	      "nobody_ipcrm_denied", "exit %d, stderr \"%s\"", status, escaped(o.err));
}

/* As a user who owns nothing else: ipcrm -a removes our two, and no one else's. */
static void ipcrm_all_child(void)
{
	if (setgroups(0, NULL) != 0 || setgid(OTHER_UID) != 0 || setuid(OTHER_UID) != 0) {
		fail("ipcrm_all_own", "cannot become uid %d: %s", OTHER_UID, ename(errno));
		return;
	}
	int a = shmget(IPC_PRIVATE, PAGE, IPC_CREAT | 0600);
	int b = shmget(IPC_PRIVATE, 1, IPC_CREAT | 0400);
	int status = IPCRM("-a");
	/* Gone: removing them again says EINVAL (and if not, this removes them). */
	int ra = shmctl(a, IPC_RMID, NULL), ea = errno;
	int rb = shmctl(b, IPC_RMID, NULL), eb = errno;
	check(a >= 0 && b >= 0 && ra == -1 && ea == EINVAL && rb == -1 && eb == EINVAL,
	      "ipcrm_all_own", "ipcrm -a (exit %d) left our own segments %d, %d", status, a, b);
	check(status == 1 && strstr(o.err, "permission denied for id") && nattch_of(id_a) >= 0,
	      "ipcrm_all_spares_others", "exit %d, stderr \"%.200s\"", status, escaped(o.err));
}

static void ipcrm_all(void)
{
	if (geteuid() != 0) {
		skip("ipcrm_all", "not running as root: cannot become another user");
		return;
	}
	run_counted("ipcrm_all", ipcrm_all_child);
}

/* ------------------------------------------------------- util-linux --- */

/* The same command through util-linux and through ours: the same bytes out. */
/* ------------------------------------------- semaphores and queues --- */

static int make_set_and_queue(void)
{
	semctl(semget(KEY_SEM, 0, 0), 0, IPC_RMID);
	msgctl(msgget(KEY_MSG, 0), IPC_RMID, NULL);
	set_id = semget(KEY_SEM, 3, IPC_CREAT | IPC_EXCL | 0640);
	queue_id = msgget(KEY_MSG, IPC_CREAT | IPC_EXCL | 0600);
	struct {
		long type;
		char text[6];
	} m = {1, "hello"};
	int sent = queue_id >= 0 ? msgsnd(queue_id, &m, sizeof(m.text), 0) : -1;
	check(set_id >= 0 && queue_id >= 0 && sent == 0, "setup_sem_msg",
	      "semget %d, msgget %d, msgsnd %d (errno %d)", set_id, queue_id, sent, errno);
	return set_id >= 0 && queue_id >= 0 && sent == 0;
}

/* `ipcs -s` and `ipcs -q`: util-linux's header and one row each. */
static void sem_and_queue_rows(void)
{
	char want[200], got[200], ub[64];
	int status = IPCS("-s");
	check(status == 0 &&
	          strstr(o.out, "\n------ Semaphore Arrays --------\n"
	                        "key        semid      owner      perms      nsems     \n"),
	      "ipcs_s_header", "exit %d, \"%s\"", status, escaped(o.out));
	snprintf(want, sizeof(want), "0x%08x %-10d %-10.10s %-10o %-10d\n", KEY_SEM, set_id,
	         owner(geteuid(), ub, sizeof(ub)), 0640, 3);
	same_line("ipcs_s_row", row_of(o.out, set_id, got, sizeof(got)), want);

	status = IPCS("-q");
	check(status == 0 &&
	          strstr(o.out, "\n------ Message Queues --------\n"
	                        "key        msqid      owner      perms      used-bytes   "
	                        "messages    \n"),
	      "ipcs_q_header", "exit %d, \"%s\"", status, escaped(o.out));
	snprintf(want, sizeof(want), "0x%08x %-10d %-10.10s %-10o %-12d %-12d\n", KEY_MSG, queue_id,
	         owner(geteuid(), ub, sizeof(ub)), 0600, 6, 1);
	same_line("ipcs_q_row", row_of(o.out, queue_id, got, sizeof(got)), want);

	char id[16];
	snprintf(id, sizeof(id), "%d", set_id);
	status = IPCS("-s", "-i", id);
	check(status == 0 && strstr(o.out, "nsems = 3\n") != NULL, "ipcs_s_i", "exit %d, \"%s\"",
	      status, escaped(o.out));
}

static int set_exists(int id)
{
	return semctl(id, 0, GETVAL) >= 0 || errno != EINVAL;
}

static int queue_exists(int id)
{
	struct msqid_ds ds;
	return msgctl(id, IPC_STAT, &ds) == 0 || errno != EINVAL;
}

/* ipcrm -s ID, -S KEY, -q ID, -Q KEY, and their errors. */
static void ipcrm_sets_and_queues(void)
{
	char id[16];
	snprintf(id, sizeof(id), "%d", set_id);
	int status = IPCRM("-s", id);
	check(status == 0 && o.errlen == 0 && !set_exists(set_id), "ipcrm_s",
	      "ipcrm -s %s: exit %d, stderr \"%s\"", id, status, escaped(o.err));
	snprintf(id, sizeof(id), "%d", queue_id);
	status = IPCRM("-q", id);
	check(status == 0 && o.errlen == 0 && !queue_exists(queue_id), "ipcrm_q",
	      "ipcrm -q %s: exit %d, stderr \"%s\"", id, status, escaped(o.err));

	if (!make_set_and_queue())
		return;
	status = IPCRM("-S", "0x53480810", "-Q", "0x53480811");
	check(status == 0 && o.errlen == 0 && !set_exists(set_id) && !queue_exists(queue_id),
	      "ipcrm_S_Q", "exit %d, stderr \"%s\"; set %s, queue %s", status, escaped(o.err),
	      set_exists(set_id) ? "left" : "gone", queue_exists(queue_id) ? "left" : "gone");

	static const struct {
		const char *name, *args[3], *err;
	} cases[] = {
	    {"ipcrm_s_invalid_id", {"-s", "2147483646"}, "ipcrm: invalid id (2147483646)\n"},
	    {"ipcrm_q_invalid_id", {"-q", "2147483646"}, "ipcrm: invalid id (2147483646)\n"},
	    {"ipcrm_S_invalid_key", {"-S", "0x53480810"}, "ipcrm: invalid key (0x53480810)\n"},
	    {"ipcrm_Q_invalid_key", {"-Q", "0x53480811"}, "ipcrm: invalid key (0x53480811)\n"},
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		status = runv(ours[1], "ipcrm", cases[i].args);
		check(status == 1 && strcmp(o.err, cases[i].err) == 0, cases[i].name,
		      "exit %d, stderr \"%s\", expected 1 and \"%s\"", status, escaped(o.err),
		      escaped(cases[i].err));
	}
}

static void same_as_util_linux(const char *name, int tool, const char *const args[])
{
	struct output theirs_out;
	int s1 = runv(theirs[tool], tool ? "ipcrm" : "ipcs", args);
	theirs_out = o;
	int s2 = runv(ours[tool], tool ? "ipcrm" : "ipcs", args);
	int out_differs = strcmp(theirs_out.out, o.out) != 0;
	int err_differs = strcmp(theirs_out.err, o.err) != 0;
	/* escaped() has two buffers: show one stream of each. */
	check(s1 == s2 && !out_differs && !err_differs, name,
	      "util-linux: exit %d, %s \"%s\"; ours: exit %d, \"%s\"", s1,
	      out_differs || !err_differs ? "stdout" : "stderr",
	      escaped(out_differs || !err_differs ? theirs_out.out : theirs_out.err), s2,
	      escaped(out_differs || !err_differs ? o.out : o.err));
}

static void compare(void)
{
	if (is_shmos() || access(theirs[0], X_OK) != 0 || access(theirs[1], X_OK) != 0) {
		skip("util_linux", "%s",
		     is_shmos() ? "there is no util-linux on shmos"
		                : "util-linux's ipcs/ipcrm are not installed");
		return;
	}
	char a[16], c[16];
	snprintf(a, sizeof(a), "%d", id_a);
	snprintf(c, sizeof(c), "%d", id_c);
	static const char *const lists[][3] = {
	    {"-m"}, {"-m", "-c"}, {"-m", "-p"}, {"-m", "-t"}, {"-m", "-l"},       {"-m", "-u"},
	    {"-l"}, {"-a"},       {"-c"},       {"-t"},       {"-m", "-b", "-l"},
	};
	static const char *const names[] = {
	    "like_util_linux_m",     "like_util_linux_c",       "like_util_linux_p",
	    "like_util_linux_t",     "like_util_linux_l",       "like_util_linux_u",
	    "like_util_linux_all_l", "like_util_linux_a",       "like_util_linux_all_c",
	    "like_util_linux_all_t", "like_util_linux_l_bytes",
	};
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		same_as_util_linux(names[i], 0, lists[i]);
	same_as_util_linux("like_util_linux_i", 0, (const char *const[]){"-m", "-i", a, NULL});
	same_as_util_linux("like_util_linux_i_dest", 0, (const char *const[]){"-m", "-i", c, NULL});
	same_as_util_linux("like_util_linux_i_missing", 0,
	                   (const char *const[]){"-m", "-i", "2147483646", NULL});
	same_as_util_linux("like_util_linux_i_no_kind", 0, (const char *const[]){"-i", a, NULL});
	same_as_util_linux("like_util_linux_ipcs_bad", 0, (const char *const[]){"-x", NULL});

	static const char *const sq[][3] = {
	    {"-s"},       {"-s", "-c"}, {"-s", "-t"}, {"-s", "-l"}, {"-s", "-u"}, {"-q"},
	    {"-q", "-c"}, {"-q", "-t"}, {"-q", "-p"}, {"-q", "-l"}, {"-q", "-u"},
	};
	for (size_t i = 0; i < sizeof(sq) / sizeof(sq[0]); i++) {
		char name[64];
		snprintf(name, sizeof(name), "like_util_linux_sem_msg_%zu", i + 1);
		same_as_util_linux(name, 0, sq[i]);
	}
	char sid[16], qid[16];
	snprintf(sid, sizeof(sid), "%d", set_id);
	snprintf(qid, sizeof(qid), "%d", queue_id);
	same_as_util_linux("like_util_linux_s_i", 0, (const char *const[]){"-s", "-i", sid, NULL});
	same_as_util_linux("like_util_linux_q_i", 0, (const char *const[]){"-q", "-i", qid, NULL});

	static const char *const rm[][3] = {
	    {"-m", "2147483646"},
	    {"-M", "0x53480899"},
	    {"-M", "0"},
	    {"-m", "abc"},
	    {"shm", "abc"},
	    {"shm"},
	    {"-x"},
	    {"-m", "99999999999"},
	};
	for (size_t i = 0; i < sizeof(rm) / sizeof(rm[0]); i++) {
		char name[64];
		snprintf(name, sizeof(name), "like_util_linux_ipcrm_%zu", i + 1);
		same_as_util_linux(name, 1, rm[i]);
	}
}

int main(void)
{
	check_init("ipctool");
	if (!shm_require())
		return summary();
	if (!find_tools()) {
		skip("ipctool", "ipcs/ipcrm are neither in %s nor in the build tree",
		     root_path("/bin"));
		return summary();
	}
	/* A: attached, 0644.  B: locked, owned by uid 4242 (no name).  C: removed while attached.
	 */
	id_a = new_key_seg("setup", KEY_A, 5000, 0644);
	id_b = new_seg("setup", 100, 0600);
	id_c = new_key_seg("setup", KEY_C, 8192, 0600);
	if (id_a < 0 || id_b < 0 || id_c < 0 || !start_holder())
		return shm_summary();
	struct shmid_ds ds = {0};
	seg_stat(id_b, &ds);
	ds.shm_perm.uid = 4242;
	shmctl(id_b, SHM_LOCK, NULL);
	shmctl(id_b, IPC_SET, &ds);
	seg_stat(id_c, &ds); /* C: created by us, owned by nobody (two names in -c) */
	ds.shm_perm.uid = NOBODY;
	shmctl(id_c, IPC_SET, &ds);
	shmctl(id_c, IPC_RMID, NULL);

	if (make_set_and_queue())
		sem_and_queue_rows();
	default_rows();
	other_formats();
	detail();
	limits_and_usage();
	watchdog();
	compare();
	watchdog();
	ipcrm_removes();
	ipcrm_errors();
	if (set_id >= 0 && queue_id >= 0)
		ipcrm_sets_and_queues();
	as_nobody("nobody_ipcrm", nobody_ipcrm);
	ipcrm_all();
	stop_holder();
	return shm_summary();
}
