/*
 * proc: /proc, read the way ps, free and top read it on Linux.
 *
 * /proc/meminfo and /proc/uptime describe the machine; /proc/PID/ (and
 * /proc/self, the reader's own) describes each process: stat (one line,
 * the fields proc(5) numbers from 1), status (Name:\tvalue lines) and
 * cmdline (the arguments, each ended by a NUL).  The files are made up when
 * they are read, so they are empty in ls -l and read-only.
 *
 * The checks of shmos's own meminfo lines (FreeFrames, KernelHeapBytes)
 * SKIP on Linux.  Run with the argument "--cmdline-child ..." this program
 * checks its own /proc/self/cmdline (the parent starts it that way).
 */
#include "check.h"
#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>

#define CMDLINE_MARKER "--cmdline-child"
#define MAX_FIELDS     64

/* Our name as the kernel keeps it: the program file's name, at most 15 bytes ("proc"). */
static char comm[16];

/*
 * A /proc/PID/stat line, split into fields numbered as in proc(5): f[1] the
 * pid, f[2] the name (without its parentheses), f[3] the state, ...  The name
 * may hold spaces and ')', so it ends at the LAST ')'.  Returns the number of
 * the last field, or 0 if the line is malformed.
 */
struct stat_line {
	char text[1024];
	char *f[MAX_FIELDS + 1];
};

static int parse_stat(const char *path, struct stat_line *s)
{
	if (read_text(path, s->text, sizeof(s->text)) <= 0)
		return 0;
	char *open = strchr(s->text, '('), *close = strrchr(s->text, ')');
	if (!open || !close || close < open || open == s->text)
		return 0;
	open[-1] = '\0';
	*close = '\0';
	s->f[1] = s->text;
	s->f[2] = open + 1;
	int n = 2;
	for (char *tok = strtok(close + 1, " \n"); tok && n < MAX_FIELDS; tok = strtok(NULL, " \n"))
		s->f[++n] = tok;
	return n;
}

static long field(const struct stat_line *s, int n, int i)
{
	return i <= n ? strtol(s->f[i], NULL, 10) : -999;
}

/* The value after "Name:" in a /proc/meminfo text, or -1. */
static long meminfo_value(const char *text, const char *name)
{
	size_t len = strlen(name);
	for (const char *line = text; line; line = strchr(line, '\n') ? strchr(line, '\n') + 1 : 0)
		if (strncmp(line, name, len) == 0 && line[len] == ':')
			return strtol(line + len + 1, NULL, 10);
	return -1;
}

/* ------------------------------------------------------------ meminfo --- */

static void meminfo(void)
{
	char text[8192];
	long n = read_text("/proc/meminfo", text, sizeof(text));
	long total = meminfo_value(text, "MemTotal"), free = meminfo_value(text, "MemFree");
	check(n > 0 && total > 0 && free >= 0 && free <= total, "meminfo_total_free",
	      "read %ld bytes, MemTotal %ld, MemFree %ld", n, total, free);

	/* Linux's layout: the name and colon padded to 16 columns, the number to 8, " kB". */
	char want[64];
	snprintf(want, sizeof(want), "MemTotal:       %8ld kB\n", total);
	check(strncmp(text, want, strlen(want)) == 0, "meminfo_format",
	      "first line is not \"MemTotal:       %%8ld kB\": \"%.40s\"", text);

	if (!is_shmos()) {
		skip("meminfo_free_frames", "FreeFrames is shmos's own line");
		skip("meminfo_kernel_heap", "KernelHeapBytes is shmos's own line");
		return;
	}
	long frames = meminfo_value(text, "FreeFrames");
	check(frames >= 0 && frames * 4 == free, "meminfo_free_frames",
	      "FreeFrames %ld, MemFree %ld kB", frames, free);
	long heap = meminfo_value(text, "KernelHeapBytes");
	long heap_kb = meminfo_value(text, "KernelHeapUsed");
	check(heap > 0 && heap_kb == heap / 1024, "meminfo_kernel_heap",
	      "KernelHeapBytes %ld, KernelHeapUsed %ld kB", heap, heap_kb);
}

/* ------------------------------------------------------------- uptime --- */

static double read_uptime(double *idle)
{
	char text[128];
	double up = -1;
	*idle = -1;
	if (read_text("/proc/uptime", text, sizeof(text)) > 0 &&
	    sscanf(text, "%lf %lf", &up, idle) != 2)
		up = -1;
	return up;
}

static void uptime(void)
{
	double idle, idle2;
	double up = read_uptime(&idle);
	struct sysinfo si;
	sysinfo(&si);
	check(up > 0 && idle >= 0 && up - si.uptime > -2 && up - si.uptime < 2, "uptime_parses",
	      "uptime %.2f idle %.2f, sysinfo says %ld s", up, idle, si.uptime);
	struct timespec ts = {0, 20 * 1000 * 1000};
	nanosleep(&ts, NULL);
	double later = read_uptime(&idle2);
	check(later >= up + 0.01, "uptime_grows", "%.2f, then %.2f after 20 ms", up, later);
}

/* --------------------------------------------------------- /proc/self --- */

static void self_stat(void)
{
	struct stat_line s;
	int n = parse_stat("/proc/self/stat", &s);
	if (!check(n >= 24, "stat_parses", "/proc/self/stat has %d fields", n))
		return;
	check(field(&s, n, 1) == getpid() && field(&s, n, 4) == getppid(), "stat_pid_ppid",
	      "pid %ld ppid %ld, expected %d %d", field(&s, n, 1), field(&s, n, 4), getpid(),
	      getppid());
	check(strcmp(s.f[2], comm) == 0 && strcmp(s.f[3], "R") == 0, "stat_comm_state",
	      "comm \"%s\" state \"%s\", expected \"%s\" \"R\"", s.f[2], s.f[3], comm);
	check(field(&s, n, 5) == getpgrp() && field(&s, n, 6) == getsid(0), "stat_pgrp_session",
	      "pgrp %ld session %ld, expected %d %d", field(&s, n, 5), field(&s, n, 6), getpgrp(),
	      getsid(0));
	/* 18 priority (20: nice 0), 19 nice, 20 threads, 23 vsize in bytes, 24 rss in pages
	 * (Linux 6 may say 0: its counters are per CPU, summed lazily) */
	check(field(&s, n, 18) == 20 && field(&s, n, 19) == 0 && field(&s, n, 20) == 1,
	      "stat_priority_threads", "priority %ld nice %ld threads %ld", field(&s, n, 18),
	      field(&s, n, 19), field(&s, n, 20));
	check(field(&s, n, 23) >= 4096 && field(&s, n, 24) >= is_shmos() &&
	          field(&s, n, 24) * 4096 <= field(&s, n, 23),
	      "stat_vsize_rss", "vsize %ld bytes, rss %ld pages", field(&s, n, 23),
	      field(&s, n, 24));

	/* 22 starttime: clock ticks (100 a second) after boot, so not after now. */
	double idle, up = read_uptime(&idle);
	check(field(&s, n, 22) >= 0 && field(&s, n, 22) <= up * 100 + 1, "stat_starttime",
	      "starttime %ld ticks, uptime %.2f s", field(&s, n, 22), up);
	check(n == 52, "stat_52_fields", "%d fields, Linux 6 prints 52", n);
}

static void self_status(void)
{
	char text[4096], want[128];
	long n = read_text("/proc/self/status", text, sizeof(text));
	snprintf(want, sizeof(want), "Name:\t%s\n", comm);
	check(n > 0 && strncmp(text, want, strlen(want)) == 0, "status_name",
	      "status starts \"%.20s\", expected \"Name:\\t%s\"", text, comm);
	snprintf(want, sizeof(want), "\nPid:\t%d\n", getpid());
	check(strstr(text, want) != NULL, "status_pid", "no line \"Pid:\\t%d\"", getpid());
	snprintf(want, sizeof(want), "\nPPid:\t%d\n", getppid());
	check(strstr(text, want) != NULL, "status_ppid", "no line \"PPid:\\t%d\"", getppid());
	check(strstr(text, "\nState:\tR (running)\n") != NULL, "status_state",
	      "no line \"State:\\tR (running)\"");
	uid_t r, e, s;
	getresuid(&r, &e, &s);
	snprintf(want, sizeof(want), "\nUid:\t%u\t%u\t%u\t%u\n", r, e, s, e);
	check(strstr(text, want) != NULL, "status_uid", "no line \"Uid:\\t%u\\t%u\\t%u\\t%u\"", r,
	      e, s, e);
	long size = -1, rss = -1;
	const char *vm = strstr(text, "\nVmSize:\t"), *vr = strstr(text, "\nVmRSS:\t");
	if (vm)
		sscanf(vm, "\nVmSize: %ld kB", &size);
	if (vr)
		sscanf(vr, "\nVmRSS: %ld kB", &rss);
	check(size > 0 && rss > 0 && rss <= size, "status_vm", "VmSize %ld kB, VmRSS %ld kB", size,
	      rss);
}

static const char cmdline_args[] = CMDLINE_MARKER "\0two words\0\0last";

/* In the re-executed child: our arguments, as /proc/self/cmdline has them, in pieces too. */
static int cmdline_child(char **argv)
{
	char want[512], got[512], pieces[512];
	size_t len = strlen(argv[0]) + 1;
	memcpy(want, argv[0], len);
	memcpy(want + len, cmdline_args, sizeof(cmdline_args));
	len += sizeof(cmdline_args);

	long n = read_text("/proc/self/cmdline", got, sizeof(got));
	int fd = open("/proc/self/cmdline", O_RDONLY);
	size_t m = 0;
	ssize_t r;
	while (m < sizeof(pieces) && (r = read(fd, pieces + m, 3)) > 0)
		m += r;
	close(fd);
	int bad = 0;
	if (n != (long)len || memcmp(got, want, len) != 0)
		bad |= 1;
	if (m != len || memcmp(pieces, want, len) != 0)
		bad |= 2;
	return bad;
}

static void cmdline(char *self)
{
	char *argv[] = {self, CMDLINE_MARKER, "two words", "", "last", NULL};
	extern char **environ;
	check_current = "cmdline";
	pid_t pid = check_fork();
	if (pid == 0) {
		execve(self, argv, environ);
		_exit(100);
	}
	int status;
	if (pid < 0 || wait_child(pid, &status) < 0)
		return;
	static const char *const names[] = {"cmdline", "cmdline_in_pieces"};
	if (WIFEXITED(status) && WEXITSTATUS(status) == 100)
		fail("cmdline", "could not execve %s", self);
	else
		report_bits(names, 2, status, "the re-executed child");
}

/* /proc/self and /proc/PID are one directory; each file has its own stable number. */
static void self_directory(void)
{
	char path[64];
	struct stat self, pid, st1, st2, other;
	snprintf(path, sizeof(path), "/proc/%d", getpid());
	int r1 = stat("/proc/self", &self), r2 = stat(path, &pid);
	check(r1 == 0 && r2 == 0 && S_ISDIR(self.st_mode) && self.st_ino == pid.st_ino &&
	          (self.st_mode & 07777) == 0555,
	      "self_is_pid_dir", "/proc/self: mode %o ino %lu, %s: ino %lu", self.st_mode,
	      (unsigned long)self.st_ino, path, (unsigned long)pid.st_ino);

	snprintf(path, sizeof(path), "/proc/%d/stat", getpid());
	r1 = stat(path, &st1);
	r2 = stat(path, &st2);
	int r3 = stat("/proc/self/status", &other);
	check(r1 == 0 && r2 == 0 && r3 == 0 && st1.st_ino == st2.st_ino &&
	          st1.st_ino != other.st_ino && st1.st_ino != pid.st_ino,
	      "stable_inodes", "stat %lu then %lu, status %lu, directory %lu",
	      (unsigned long)st1.st_ino, (unsigned long)st2.st_ino, (unsigned long)other.st_ino,
	      (unsigned long)pid.st_ino);
	check(S_ISREG(st1.st_mode) && (st1.st_mode & 07777) == 0444 && st1.st_uid == geteuid() &&
	          st1.st_size == 0,
	      "file_mode_owner", "%s: mode %o uid %u size %ld", path, st1.st_mode, st1.st_uid,
	      (long)st1.st_size);
}

static void getcwd_in_self(void)
{
	char want[64], got[256];
	snprintf(want, sizeof(want), "/proc/%d", getpid());
	if (chdir("/proc/self") < 0)
		child_fail("chdir(/proc/self): %s", errname(errno));
	if (!getcwd(got, sizeof(got)))
		child_fail("getcwd: %s", errname(errno));
	if (strcmp(got, want) != 0)
		child_fail("getcwd in /proc/self is \"%s\", expected \"%s\"", got, want);
}

/* ------------------------------------------------------ other processes --- */

/* Poll /proc/PID/stat (against a 5 s deadline) until its state is `want`; the last state seen. */
static char wait_for_state(pid_t pid, char want, struct stat_line *s, int *n)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	long long deadline = now_ns(CLOCK_MONOTONIC) + 5000000000LL;
	char state = '?';
	do {
		*n = parse_stat(path, s);
		state = *n >= 3 ? s->f[3][0] : '?';
		if (state == want)
			break;
		sched_yield();
	} while (now_ns(CLOCK_MONOTONIC) < deadline);
	return state;
}

static void child_states(void)
{
	struct stat_line s;
	int n;
	check_current = "sleeping_child_S";
	pid_t sleeper = check_fork();
	if (sleeper == 0) {
		pause();
		_exit(0);
	}
	if (sleeper < 0)
		return;
	char state = wait_for_state(sleeper, 'S', &s, &n);
	check(state == 'S' && field(&s, n, 4) == getpid(), "sleeping_child_S",
	      "child in pause(): state %c, ppid %ld", state, field(&s, n, 4));
	/* Job control: SIGSTOP stops it (T) until SIGCONT or SIGKILL. */
	kill(sleeper, SIGSTOP);
	state = wait_for_state(sleeper, 'T', &s, &n);
	check(state == 'T', "stopped_child_T", "child after SIGSTOP: state %c", state);
	char path[64], text[4096];
	snprintf(path, sizeof(path), "/proc/%d/status", sleeper);
	long len = read_text(path, text, sizeof(text));
	check(len > 0 && strstr(text, "\nState:\tT (stopped)\n"), "stopped_status",
	      "no line \"State:\\tT (stopped)\" in %s", path);
	kill(sleeper, SIGKILL);
	int status;
	wait_child(sleeper, &status);

	check_current = "zombie_child_Z";
	pid_t zombie = check_fork();
	if (zombie == 0)
		_exit(3);
	if (zombie < 0)
		return;
	state = wait_for_state(zombie, 'Z', &s, &n);
	check(state == 'Z', "zombie_child_Z", "exited child: state %c", state);
	/* 52 exit_code: the wait status, exit(3) -> 0x300 */
	check(n < 52 || field(&s, n, 52) == 0x300, "zombie_exit_code", "exit_code %ld",
	      field(&s, n, 52));

	snprintf(path, sizeof(path), "/proc/%d/cmdline", zombie);
	len = read_text(path, text, sizeof(text));
	check(len == 0, "zombie_cmdline_empty", "read %ld bytes of %s", len, path);
	snprintf(path, sizeof(path), "/proc/%d/status", zombie);
	len = read_text(path, text, sizeof(text));
	check(len > 0 && strstr(text, "\nState:\tZ (zombie)\n"), "zombie_status",
	      "no line \"State:\\tZ (zombie)\" in %s", path);

	wait_child(zombie, &status);
	snprintf(path, sizeof(path), "/proc/%d/stat", zombie);
	check_errno("reaped_child_enoent", open(path, O_RDONLY), ENOENT,
	            "open(reaped child's stat)");
}

/* ------------------------------------------------------------ listing --- */

static void listing(void)
{
	DIR *d = opendir("/proc");
	if (!check(d != NULL, "opendir", "opendir(/proc): %s", errname(errno)))
		return;
	char me[32];
	snprintf(me, sizeof(me), "%d", getpid());
	int found_me = 0, found_self = 0, found_meminfo = 0, found_uptime = 0;
	unsigned char me_type = 0, meminfo_type = 0;
	ino_t me_ino = 0;
	struct dirent *e;
	while ((e = readdir(d)) != NULL) {
		if (strcmp(e->d_name, me) == 0)
			found_me++, me_type = e->d_type, me_ino = e->d_ino;
		found_self += strcmp(e->d_name, "self") == 0;
		if (strcmp(e->d_name, "meminfo") == 0)
			found_meminfo++, meminfo_type = e->d_type;
		found_uptime += strcmp(e->d_name, "uptime") == 0;
	}
	closedir(d);
	check(found_me == 1 && found_self == 1 && found_meminfo == 1 && found_uptime == 1,
	      "readdir", "found %s %d times, self %d, meminfo %d, uptime %d", me, found_me,
	      found_self, found_meminfo, found_uptime);
	struct stat st;
	snprintf(me, sizeof(me), "/proc/%d", getpid());
	check(me_type == DT_DIR && meminfo_type == DT_REG && stat(me, &st) == 0 &&
	          st.st_ino == me_ino,
	      "readdir_types_inodes", "d_type %d and %d, d_ino %lu, st_ino %lu", me_type,
	      meminfo_type, (unsigned long)me_ino, (unsigned long)st.st_ino);
}

/* ------------------------------------------------------------- errors --- */

static void errors(void)
{
	check_errno("missing_pid_enoent", open("/proc/999999/stat", O_RDONLY), ENOENT,
	            "open(/proc/999999/stat)");
	check_errno("missing_file_enoent", open("/proc/self/no-such-file", O_RDONLY), ENOENT,
	            "open(/proc/self/no-such-file)");

	/* Root may open them for writing (the mode does not stop root), but not write. */
	if (geteuid() != 0) {
		check_errno("write_uptime_eacces", open("/proc/uptime", O_WRONLY), EACCES,
		            "open(/proc/uptime, O_WRONLY) not as root");
		skip("write_pid_file", "not running as root");
		skip("unlink_eperm", "not running as root");
		return;
	}
	int fd = open("/proc/uptime", O_WRONLY | O_TRUNC);
	if (fd < 0)
		fail("write_uptime_eio", "open(/proc/uptime, O_WRONLY|O_TRUNC): %s",
		     errname(errno));
	else
		check_errno("write_uptime_eio", write(fd, "1\n", 2), EIO, "write(/proc/uptime)");
	close(fd);
	fd = open("/proc/self/stat", O_WRONLY);
	check_errno("write_pid_file", fd >= 0 ? write(fd, "1\n", 2) : -2, EINVAL,
	            "write(/proc/self/stat)");
	close(fd);
	check_errno("unlink_eperm", unlink("/proc/uptime"), EPERM, "unlink(/proc/uptime)");
	check_errno("mkdir_enoent", mkdir("/proc/new", 0755), ENOENT, "mkdir(/proc/new)");
}

int main(int argc, char **argv)
{
	if (argc > 1 && strcmp(argv[1], CMDLINE_MARKER) == 0)
		return cmdline_child(argv);
	check_init("proc");
	const char *slash = strrchr(argv[0], '/');
	snprintf(comm, sizeof(comm), "%s", slash ? slash + 1 : argv[0]);
	meminfo();
	uptime();
	self_stat();
	self_status();
	cmdline(argv[0]);
	self_directory();
	run_child("getcwd_in_self", getcwd_in_self);
	child_states();
	listing();
	errors();
	return summary();
}
