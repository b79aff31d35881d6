/*
 * tooltest: a few checks for each program of /bin: ls, cat, echo, env,
 * kill, uname, sleep, true, false, free, ps (poweroff is only looked at:
 * running it would switch the machine off).
 *
 * Each program runs as $SHMOS_ROOT/bin/NAME with a small environment,
 * its stdin fed from a pipe and its stdout and stderr collected (run.h).
 * The checks that need /proc SKIP when the kernel has none yet.
 */
#include "check.h"
#include "run.h"
#include <dirent.h>
#include <grp.h>
#include <pwd.h>
#include <ctype.h>
#include <sys/stat.h>

static char path_var[600];
static char *envp[] = {path_var, "HOME=/", "SHTOOL_INHERITED=yes", NULL};
static struct output o;

/* Run $SHMOS_ROOT/bin/argv[0] with the arguments given (up to 8), stdin input. */
static int tool(const char *input, const char *name, ...)
{
	char *argv[10];
	va_list ap;
	int n = 0;
	argv[n++] = (char *)name;
	va_start(ap, name);
	while (n < 9 && (argv[n] = va_arg(ap, char *)) != NULL)
		n++;
	va_end(ap);
	argv[n] = NULL;

	char bin[600];
	snprintf(bin, sizeof(bin), "%s/%s", root_path("/bin"), name);
	if (run_program(bin, argv, envp, input, &o) < 0) {
		o.status = -1;
		return -1;
	}
	return WIFEXITED(o.status) ? WEXITSTATUS(o.status) : -1;
}

/* Does text contain line as a whole line? */
static int has_line(const char *text, const char *line)
{
	size_t len = strlen(line);
	for (const char *p = text; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		if (strncmp(p, line, len) == 0 && (p[len] == '\n' || p[len] == '\0'))
			return 1;
	return 0;
}

/* ------------------------------------------------------------------ ls --- */

/* "-rwxr-xr-x": a file type letter, then nine of r w x s S t T -. */
static int good_mode(const char *m)
{
	if (strlen(m) != 10 || !strchr("-dlcbps", m[0]))
		return 0;
	for (int i = 1; i < 10; i++)
		if (!strchr("rwxsStT-", m[i]))
			return 0;
	return 1;
}

/* The names getpwuid/getgrgid give (or the numbers): what ls -l must print. */
static void expected_owner(const struct stat *st, char *user, char *group, size_t size)
{
	struct passwd *pw = getpwuid(st->st_uid);
	if (pw)
		snprintf(user, size, "%s", pw->pw_name);
	else
		snprintf(user, size, "%u", (unsigned)st->st_uid);
	struct group *gr = getgrgid(st->st_gid);
	if (gr)
		snprintf(group, size, "%s", gr->gr_name);
	else
		snprintf(group, size, "%u", (unsigned)st->st_gid);
}

static void ls_long(void)
{
	const char *bin = root_path("/bin");
	struct stat st;
	char want_sh[64] = "", want_user[64] = "?", want_group[64] = "?";
	if (stat(root_path("/bin/sh"), &st) == 0) {
		snprintf(want_sh, sizeof(want_sh), "%lld", (long long)st.st_size);
		expected_owner(&st, want_user, want_group, sizeof(want_user));
	}

	int status = tool(NULL, "ls", "-l", bin, NULL);
	int lines = 0, bad = 0, found_sh = 0;
	char badline[200] = "", sh_user[64] = "", sh_group[64] = "";
	for (char *line = strtok(o.out, "\n"); line; line = strtok(NULL, "\n"), lines++) {
		char mode[32], user[64], group[64], size[32], name[256];
		unsigned long links;
		if (sscanf(line, "%31s %lu %63s %63s %31s %255s", mode, &links, user, group, size,
		           name) != 6 ||
		    !good_mode(mode) || !isdigit((unsigned char)size[0])) {
			if (!bad++)
				snprintf(badline, sizeof(badline), "%s", line);
			continue;
		}
		if (strcmp(name, "sh") == 0) {
			found_sh = mode[0] == '-' && mode[3] == 'x' && strcmp(size, want_sh) == 0;
			snprintf(sh_user, sizeof(sh_user), "%s", user);
			snprintf(sh_group, sizeof(sh_group), "%s", group);
		}
	}
	check(status == 0 && lines > 0 && !bad, "ls_l_format",
	      "status %d, %d lines, %d bad, e.g. \"%s\"", status, lines, bad, escaped(badline));
	check(found_sh, "ls_l_values", "no line for sh as -rwx... of size %s", want_sh);
	check(strcmp(sh_user, want_user) == 0 && strcmp(sh_group, want_group) == 0,
	      "ls_l_owner_names", "sh is owned by \"%s\" \"%s\", expected \"%s\" \"%s\"", sh_user,
	      sh_group, want_user, want_group);
}

/* shmos's /etc/passwd and /etc/group name root and nobody, as on Linux. */
static void accounts(void)
{
	if (!is_shmos()) {
		skip("etc_passwd", "the host's /etc/passwd is its own");
		return;
	}
	/* Each call reuses one static buffer: take what we need before the next. */
	struct passwd *pw = getpwuid(0);
	char root_name[32] = "NULL";
	if (pw)
		snprintf(root_name, sizeof(root_name), "%s", pw->pw_name);
	int root_gid = pw ? (int)pw->pw_gid : -1;
	pw = getpwnam("nobody");
	int nobody_uid = pw ? (int)pw->pw_uid : -1;
	check(strcmp(root_name, "root") == 0 && root_gid == 0 && nobody_uid == 65534, "etc_passwd",
	      "getpwuid(0) %s gid %d, getpwnam(nobody) uid %d", root_name, root_gid, nobody_uid);
	struct group *g = getgrgid(0);
	check(g && strcmp(g->gr_name, "root") == 0, "etc_group", "getgrgid(0) %s",
	      g ? g->gr_name : "NULL");
}

static void ls_short(void)
{
	int status = tool(NULL, "ls", root_path("/bin"), NULL);
	int sorted = 1;
	char prev[256] = "";
	int has_all = has_line(o.out, "sh") && has_line(o.out, "ls") && has_line(o.out, "cat");
	for (char *line = strtok(o.out, "\n"); line; line = strtok(NULL, "\n")) {
		if (strcmp(prev, line) >= 0)
			sorted = 0;
		snprintf(prev, sizeof(prev), "%s", line);
	}
	check(status == 0 && sorted && has_all, "ls_sorted",
	      "status %d, sorted %d, has sh, ls and cat %d", status, sorted, has_all);

	char want[600];
	snprintf(want, sizeof(want), "%s\n", root_path("/bin/sh"));
	status = tool(NULL, "ls", root_path("/bin/sh"), NULL);
	check(status == 0 && strcmp(o.out, want) == 0, "ls_file", "status %d, output \"%s\"",
	      status, escaped(o.out));

	status = tool(NULL, "ls", root_path("/no-such-file"), NULL);
	check((status == 1 || status == 2) && o.outlen == 0 && o.errlen > 0, "ls_missing",
	      "status %d, stdout \"%s\", stderr \"%s\"", status, escaped(o.out), escaped(o.err));
}

/* ----------------------------------------------------------------- cat --- */

static void cat_checks(void)
{
	const char *file = root_path("/data/hello.txt");
	char text[4096];
	int fd = open(file, O_RDONLY);
	if (fd < 0) {
		skip("cat_file", "no %s", file);
	} else {
		size_t n = read_all(fd, text, sizeof(text));
		close(fd);
		int status = tool(NULL, "cat", file, NULL);
		check(status == 0 && o.outlen == n && memcmp(o.out, text, n) == 0, "cat_file",
		      "status %d, %zu bytes, expected %zu", status, o.outlen, n);
	}
	int status = tool("line 1\nline 2\n", "cat", NULL);
	check(status == 0 && strcmp(o.out, "line 1\nline 2\n") == 0, "cat_stdin",
	      "status %d, output \"%s\"", status, escaped(o.out));

	status = tool("middle\n", "cat", "-", "-", NULL);
	check(status == 0 && strcmp(o.out, "middle\n") == 0, "cat_dash", "status %d, output \"%s\"",
	      status, escaped(o.out));

	status = tool(NULL, "cat", root_path("/no-such-file"), NULL);
	check(status == 1 && o.errlen > 0, "cat_missing", "status %d, stderr \"%s\"", status,
	      escaped(o.err));
}

/* ---------------------------------------------------------------- echo --- */

static void echo_checks(void)
{
	int status = tool(NULL, "echo", "a", "b  c", NULL);
	check(status == 0 && strcmp(o.out, "a b  c\n") == 0, "echo_args", "output \"%s\"",
	      escaped(o.out));
	status = tool(NULL, "echo", "-n", "no", "newline", NULL);
	check(status == 0 && strcmp(o.out, "no newline") == 0, "echo_n", "output \"%s\"",
	      escaped(o.out));
	status = tool(NULL, "echo", NULL);
	check(status == 0 && strcmp(o.out, "\n") == 0, "echo_empty", "output \"%s\"",
	      escaped(o.out));
}

/* ----------------------------------------------------------------- env --- */

static void env_checks(void)
{
	int status = tool(NULL, "env", NULL);
	check(status == 0 && has_line(o.out, "SHTOOL_INHERITED=yes") && has_line(o.out, "HOME=/"),
	      "env_print", "status %d, output \"%s\"", status, escaped(o.out));

	status = tool(NULL, "env", "SHTOOL_VAR=x", "env", NULL);
	check(status == 0 && has_line(o.out, "SHTOOL_VAR=x") &&
	          has_line(o.out, "SHTOOL_INHERITED=yes"),
	      "env_var_cmd", "status %d, output \"%s\"", status, escaped(o.out));

	char env_bin[600];
	snprintf(env_bin, sizeof(env_bin), "%s/env", root_path("/bin"));
	status = tool(NULL, "env", "-i", "A=1", env_bin, NULL);
	check(status == 0 && strcmp(o.out, "A=1\n") == 0, "env_i", "status %d, output \"%s\"",
	      status, escaped(o.out));

	status = tool(NULL, "env", "no-such-command-xyz", NULL);
	check(status == 127 && o.errlen > 0, "env_not_found", "status %d", status);
}

/* ---------------------------------------------------------------- kill --- */

/* A child that waits to be killed; kill it with the arguments given. */
static void kill_one(const char *name, int want, const char *a1, const char *a2)
{
	int status;
	char pid_text[16];
	pid_t victim = fork();
	if (victim == 0) {
		signal(want, SIG_DFL); /* whatever we inherited, the signal must kill */
		alarm(WATCHDOG_SECONDS);
		for (;;)
			pause();
	}
	snprintf(pid_text, sizeof(pid_text), "%d", (int)victim);
	int rc = a2   ? tool(NULL, "kill", a1, a2, pid_text, NULL)
	         : a1 ? tool(NULL, "kill", a1, pid_text, NULL)
	              : tool(NULL, "kill", pid_text, NULL);
	if (rc != 0)
		kill(victim, SIGKILL);
	wait_child(victim, &status);
	check(rc == 0 && WIFSIGNALED(status) && WTERMSIG(status) == want, name,
	      "kill exited %d (stderr \"%s\"); the child %s, expected %s", rc, escaped(o.err),
	      describe_status(status), signame(want));
}

static void kill_checks(void)
{
	int status = tool(NULL, "kill", "-l", NULL);
	check(status == 0 && strstr(o.out, "SIGTERM") && strstr(o.out, "SIGKILL"), "kill_l",
	      "status %d, output \"%s\"", status, escaped(o.out));
	status = tool(NULL, "kill", "-l", "15", NULL);
	check(status == 0 && strcmp(o.out, "TERM\n") == 0, "kill_l_number", "output \"%s\"",
	      escaped(o.out));

	kill_one("kill_default_term", SIGTERM, NULL, NULL);
	kill_one("kill_number", SIGKILL, "-9", NULL);
	kill_one("kill_name", SIGINT, "-INT", NULL);
	kill_one("kill_sig_name", SIGUSR1, "-SIGUSR1", NULL);
	kill_one("kill_s", SIGHUP, "-s", "HUP");

	/* a pid that was just used and waited for: no such process now */
	pid_t gone = fork();
	if (gone == 0)
		_exit(0);
	wait_child(gone, &status);
	char pid_text[16];
	snprintf(pid_text, sizeof(pid_text), "%d", (int)gone);
	status = tool(NULL, "kill", pid_text, NULL);
	check(status == 1 && o.errlen > 0, "kill_no_process", "status %d", status);
	status = tool(NULL, "kill", "-NOSUCHSIG", "1", NULL);
	check(status != 0 && o.errlen > 0, "kill_bad_signal", "status %d", status);
}

/* ------------------------------------------------ uname, sleep, true... --- */

static void uname_checks(void)
{
	struct utsname u;
	char want[600];
	uname(&u);
	int status = tool(NULL, "uname", "-s", NULL);
	snprintf(want, sizeof(want), "%s\n", u.sysname);
	check(status == 0 && o.outlen > 1 && strcmp(o.out, want) == 0, "uname_s",
	      "output \"%s\", expected \"%s\"", escaped(o.out), escaped(want));
	status = tool(NULL, "uname", NULL);
	check(status == 0 && strcmp(o.out, want) == 0, "uname_default", "output \"%s\"",
	      escaped(o.out));
	status = tool(NULL, "uname", "-r", "-m", NULL);
	snprintf(want, sizeof(want), "%s %s\n", u.release, u.machine);
	check(status == 0 && strcmp(o.out, want) == 0, "uname_r_m",
	      "output \"%s\", expected \"%s\"", escaped(o.out), escaped(want));
	status = tool(NULL, "uname", "-a", NULL);
	snprintf(want, sizeof(want), "%s %s %s %s %s\n", u.sysname, u.nodename, u.release,
	         u.version, u.machine);
	check(status == 0 && strcmp(o.out, want) == 0, "uname_a", "output \"%s\", expected \"%s\"",
	      escaped(o.out), escaped(want));
}

static void sleep_checks(void)
{
	long long start = now_ns(CLOCK_MONOTONIC);
	int status = tool(NULL, "sleep", "0.1", NULL);
	long long ms = (now_ns(CLOCK_MONOTONIC) - start) / 1000000;
	check(status == 0 && ms >= 100 && ms < 5000, "sleep_fraction",
	      "status %d after %lld ms, expected at least 100", status, ms);
	status = tool(NULL, "sleep", "0", NULL);
	check(status == 0, "sleep_zero", "status %d", status);
	status = tool(NULL, "sleep", "soon", NULL);
	check(status == 1 && o.errlen > 0, "sleep_bad", "status %d", status);
}

static void status_checks(void)
{
	int status = tool(NULL, "true", NULL);
	check(status == 0 && o.outlen == 0, "true_status", "status %d", status);
	status = tool(NULL, "false", NULL);
	check(status == 1 && o.outlen == 0, "false_status", "status %d", status);
	char bin[600];
	snprintf(bin, sizeof(bin), "%s/poweroff", root_path("/bin"));
	check(access(bin, X_OK) == 0, "poweroff_installed", "no %s (not run: it powers off)", bin);
}

/* --------------------------------------------------------- free and ps --- */

static void free_checks(void)
{
	char meminfo[8192];
	int fd = open("/proc/meminfo", O_RDONLY);
	if (fd < 0) {
		skip("free_mem", "no /proc/meminfo");
		return;
	}
	read_all(fd, meminfo, sizeof(meminfo));
	close(fd);

	int status = tool(NULL, "free", NULL);
	long total = -1, used = -1, freek = -1;
	const char *mem = strstr(o.out, "\nMem:");
	if (mem)
		sscanf(mem, "\nMem: %ld %ld %ld", &total, &used, &freek);
	check(status == 0 && strstr(o.out, "total") && total > 0 && used >= 0 && freek >= 0 &&
	          used + freek <= total,
	      "free_mem", "status %d, output \"%s\"", status, escaped(o.out));

	/* shmos's own lines, shown as they are */
	const char *heap = strstr(meminfo, "KernelHeap");
	if (!heap || (heap != meminfo && heap[-1] != '\n')) {
		skip("free_kernel_heap", "no KernelHeap line in /proc/meminfo");
		return;
	}
	char line[256];
	/* The numbers change as processes come and go: compare the names. */
	snprintf(line, sizeof(line), "\n%.*s", (int)strcspn(heap, ":") + 1, heap);
	check(strstr(o.out, line) != NULL, "free_kernel_heap", "no line starting \"%s\"",
	      escaped(line + 1));
}

static int proc_has_processes(void)
{
	DIR *d = opendir("/proc");
	struct dirent *e;
	int found = 0;
	while (d && !found && (e = readdir(d)) != NULL)
		found = isdigit((unsigned char)e->d_name[0]);
	if (d)
		closedir(d);
	return found;
}

static void ps_checks(void)
{
	if (!proc_has_processes()) {
		skip("ps_self", "no process directories in /proc");
		return;
	}
	int status = tool(NULL, "ps", NULL);
	char header[sizeof(o.out)], self[64], parent[64];
	snprintf(header, sizeof(header), "%.*s", (int)strcspn(o.out, "\n"), o.out);
	int pid, ppid, found_self = 0, found_parent = 0;
	char state, cmd[256];
	snprintf(self, sizeof(self), "%d", (int)o.pid);
	snprintf(parent, sizeof(parent), "%d", (int)getpid());
	for (char *line = strtok(o.out, "\n"); line; line = strtok(NULL, "\n")) {
		if (sscanf(line, "%d %d %c %*s %255[^\n]", &pid, &ppid, &state, cmd) != 4)
			continue;
		if (pid == o.pid && ppid == getpid() && strstr(cmd, "ps"))
			found_self = 1;
		if (pid == getpid() && strstr(cmd, "tooltest"))
			found_parent = 1;
	}
	char want_header[64];
	snprintf(want_header, sizeof(want_header), "%5s %5s S %8s COMMAND", "PID", "PPID", "TIME");
	check(status == 0 && strcmp(header, want_header) == 0, "ps_header",
	      "status %d, header \"%s\"", status, escaped(header));
	check(found_self, "ps_self", "no line for ps itself (pid %s, ppid %s)", self, parent);
	check(found_parent, "ps_parent", "no line for tooltest (pid %s)", parent);
}

int main(void)
{
	check_init("tooltest");
	snprintf(path_var, sizeof(path_var), "PATH=%s", root_path("/bin"));
	ls_long();
	accounts();
	ls_short();
	cat_checks();
	echo_checks();
	env_checks();
	kill_checks();
	uname_checks();
	sleep_checks();
	status_checks();
	free_checks();
	ps_checks();
	return summary();
}
