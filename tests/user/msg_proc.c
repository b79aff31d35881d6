/*
 * msg_proc: message queues in /proc, as Linux shows them.
 *
 *   /proc/sysvipc/msg: Linux's header, then one line per queue:
 *     "%10d %10d  %4o  %10lu %10lu %5u %5u %5u %5u %5u %5u %10llu %10llu %10llu"
 *     (key as signed decimal, msqid, perms, cbytes, qnum, lspid, lrpid,
 *     uid, gid, cuid, cgid, stime, rtime, ctime); a removed queue's line
 *     goes.  /proc/sys/kernel/msgmax, msgmnb, msgmni: Linux's defaults
 *     (8192, 16384, 32000) on shmos, writable by root; 0..INT_MAX (msgmni
 *     0..32768), so -1, 2^31 and msgmni 40000 are EINVAL.  msgmnb is a new
 *     queue's qbytes (existing queues keep theirs).
 */
#include "check.h"
#include "msg_common.h"

#define KEY 0x4d510501

static const char header[] = "       key      msqid perms      cbytes       qnum lspid lrpid   "
                             "uid   gid  cuid  cgid      stime      rtime      ctime\n";

/* The line of /proc/sysvipc/msg for id (without its newline), in line[]; 0 if none. */
static int line_of(int id, char *line, size_t size)
{
	static char text[65536];
	if (read_text("/proc/sysvipc/msg", text, sizeof(text)) <= 0)
		return 0;
	for (char *l = strchr(text, '\n'); l && l[1]; l = strchr(l + 1, '\n')) {
		int key, msqid;
		if (sscanf(l + 1, "%d %d", &key, &msqid) == 2 && msqid == id) {
			size_t len = strcspn(l + 1, "\n");
			snprintf(line, size, "%.*s", (int)len, l + 1);
			return 1;
		}
	}
	return 0;
}

static void sysvipc_msg(void)
{
	static char text[65536];
	long n = read_text("/proc/sysvipc/msg", text, sizeof(text));
	if (!want_ok("sysvipc_msg_readable", n, "reading /proc/sysvipc/msg"))
		return;
	check(strncmp(text, header, strlen(header)) == 0, "sysvipc_msg_header",
	      "the first line is \"%.*s\"", (int)strcspn(text, "\n"), text);

	int id = new_key_queue("sysvipc_key", KEY, 0640);
	if (id < 0)
		return;
	put(id, 1, "abc", 3, 0);
	put(id, 2, "de", 2, 0);
	struct msgbuf_n m;
	get(id, &m, 100, 2, 0);
	struct msqid_ds ds;
	qstat(id, &ds);
	char want[256], line[256];
	snprintf(want, sizeof(want),
	         "%10d %10d  %4o  %10lu %10lu %5u %5u %5u %5u %5u %5u %10llu %10llu %10llu", KEY,
	         id, 0640, 3UL, 1UL, (unsigned)getpid(), (unsigned)getpid(), (unsigned)geteuid(),
	         (unsigned)getegid(), (unsigned)geteuid(), (unsigned)getegid(),
	         (unsigned long long)ds.msg_stime, (unsigned long long)ds.msg_rtime,
	         (unsigned long long)ds.msg_ctime);
	int found = line_of(id, line, sizeof(line));
	check(found && strcmp(line, want) == 0, "sysvipc_msg_line", "line \"%s\", expected \"%s\"",
	      found ? line : "(none)", want);

	/* A key with the top bit set prints as a negative number. */
	int neg = new_key_queue("sysvipc_negative_key", (key_t)0x8d510502, 0600);
	found = neg >= 0 && line_of(neg, line, sizeof(line));
	int key = 0;
	check(found && sscanf(line, "%d", &key) == 1 && key == (int)0x8d510502,
	      "sysvipc_msg_signed_key", "line \"%s\"", found ? line : "(none)");
	msgctl(id, IPC_RMID, NULL);
	check(!line_of(id, line, sizeof(line)), "sysvipc_msg_removed", "still listed: \"%s\"",
	      line);
}

static void defaults(void)
{
	if (!is_shmos()) {
		skip("limit_defaults", "the host's limits are its own");
		return;
	}
	long max = read_long("/proc/sys/kernel/msgmax"), mnb = read_long("/proc/sys/kernel/msgmnb"),
	     mni = read_long("/proc/sys/kernel/msgmni");
	check(max == 8192 && mnb == 16384 && mni == 32000, "limit_defaults",
	      "msgmax %ld msgmnb %ld msgmni %ld", max, mnb, mni);
}

/* Writing a value the file refuses, then checking nothing changed. */
static void refused(const char *name, const char *path, const char *value)
{
	long before = read_long(path);
	int r = write_text(path, value);
	int e = errno;
	check(r == -1 && e == EINVAL && read_long(path) == before, name,
	      "writing \"%s\" to %s: %d (%s), value %ld -> %ld", value, path, r, ename(e), before,
	      read_long(path));
}

static void bad_values(void)
{
	refused("msgmax_minus_1", "/proc/sys/kernel/msgmax", "-1\n");
	refused("msgmax_2_31", "/proc/sys/kernel/msgmax", "2147483648\n");
	refused("msgmnb_minus_1", "/proc/sys/kernel/msgmnb", "-1\n");
	refused("msgmni_40000", "/proc/sys/kernel/msgmni", "40000\n");
	refused("msgmni_text", "/proc/sys/kernel/msgmni", "many\n");
}

static int old_queue;

/* Run while msgmnb is 1000: new queues get qbytes 1000, older ones keep theirs. */
static void at_msgmnb_1000(void)
{
	want_val("msgmnb_reads_back", read_long("/proc/sys/kernel/msgmnb"), 1000,
	         "/proc/sys/kernel/msgmnb");
	int id = new_queue("msgmnb_new_queue", 0600);
	struct msqid_ds ds;
	qstat(id, &ds);
	want_val("msgmnb_new_queue", (long)ds.msg_qbytes, 1000, "a new queue's qbytes");
	qstat(old_queue, &ds);
	want_val("msgmnb_old_queue", (long)ds.msg_qbytes, 16384, "an older queue's qbytes");
	struct msginfo info;
	msgctl(0, IPC_INFO, (struct msqid_ds *)&info);
	want_val("msgmnb_ipc_info", info.msgmnb, 1000, "IPC_INFO's msgmnb");
}

int main(void)
{
	check_init("msg_proc");
	if (!msg_require())
		return msg_summary();
	sysvipc_msg();
	defaults();
	if (geteuid() == 0) {
		bad_values();
		old_queue = new_queue("msgmnb_old", 0600);
		struct msqid_ds ds;
		qstat(old_queue, &ds);
		if (ds.msg_qbytes == 16384)
			with_sysctl("msgmnb_1000", "/proc/sys/kernel/msgmnb", "1000\n",
			            at_msgmnb_1000);
		else
			skip("msgmnb_1000", "msgmnb is not 16384 here");
	} else {
		skip("proc_sys_writes", "not running as root");
	}
	return msg_summary();
}
