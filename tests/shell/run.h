/*
 * run.h: run a program with a given stdin and collect what it prints.
 * Shared by shtest.c and tooltest.c; include it after check.h.
 *
 *   struct output o;
 *   char *argv[] = {"cat", NULL};
 *   run_program(root_path("/bin/cat"), argv, envp, "hello\n", &o);
 *   -> o.out "hello\n", o.err "", o.status (a wait status), o.pid
 *
 * Three pipes connect us to the child: its stdin (we write the input and
 * close it, so the child then reads end-of-file), its stdout and its
 * stderr.  We read stdout to its end, then stderr: fine for the small
 * outputs of tests (a child that filled the stderr pipe while we wait on
 * stdout would hang until the watchdog).
 */
#ifndef SHMOS_TESTS_SHELL_RUN_H
#define SHMOS_TESTS_SHELL_RUN_H

#include <fcntl.h>

#define RUN_TIMEOUT 20 /* seconds a child may take before SIGALRM ends it */

struct output {
	char out[16384];
	size_t outlen;
	char err[4096];
	size_t errlen;
	int status; /* the wait status */
	pid_t pid;
};

/* Read fd to its end into buf (NUL-terminated; what does not fit is dropped). */
static inline size_t read_all(int fd, char *buf, size_t size)
{
	size_t len = 0;
	char sink[512];
	for (;;) {
		char *to = len < size - 1 ? buf + len : sink;
		size_t room = len < size - 1 ? size - 1 - len : sizeof(sink);
		ssize_t n = read(fd, to, room);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (to != sink)
			len += n;
	}
	buf[len] = '\0';
	return len;
}

static inline void write_all_fd(int fd, const char *s, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return; /* the child stopped reading (exited early): fine */
		s += w;
		n -= w;
	}
}

/*
 * Run path with argv and envp, input on its stdin.  Returns 0 when the
 * child ran and was waited for (its fate is in o->status), -1 if it could
 * not even be started.
 */
static inline int run_program(const char *path, char *const argv[], char *const envp[],
                              const char *input, struct output *o)
{
	int in[2], out[2], err[2];
	memset(o, 0, sizeof(*o));
	if (pipe(in) < 0 || pipe(out) < 0 || pipe(err) < 0)
		return -1;
	/* A child that exits before reading all its input must not kill us with SIGPIPE. */
	signal(SIGPIPE, SIG_IGN);
	pid_t pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		dup2(err[1], 2);
		for (int fd = 3; fd < 20; fd++)
			close(fd);
		signal(SIGPIPE, SIG_DFL); /* an ignored signal would stay ignored across execve */
		alarm(RUN_TIMEOUT);       /* and a timer stays set: a hung child dies */
		execve(path, argv, envp);
		dprintf(2, "cannot run %s: %s\n", path, strerror(errno));
		_exit(126);
	}
	o->pid = pid;
	close(in[0]);
	close(out[1]);
	close(err[1]);
	if (input)
		write_all_fd(in[1], input, strlen(input));
	close(in[1]);
	o->outlen = read_all(out[0], o->out, sizeof(o->out));
	o->errlen = read_all(err[0], o->err, sizeof(o->err));
	close(out[0]);
	close(err[0]);
	return wait_child(pid, &o->status);
}

/* Copy s into a static buffer with \n, \t, \\, \" and other bytes escaped, C style. */
static inline const char *escaped(const char *s)
{
	static char bufs[2][2048];
	static int next;
	char *buf = bufs[next++ % 2];
	size_t len = 0;
	for (; *s && len < sizeof(bufs[0]) - 8; s++) {
		unsigned char c = *s;
		if (c == '\n')
			len += sprintf(buf + len, "\\n");
		else if (c == '\t')
			len += sprintf(buf + len, "\\t");
		else if (c == '\\' || c == '"')
			len += sprintf(buf + len, "\\%c", c);
		else if (c < 32 || c >= 127)
			len += sprintf(buf + len, "\\%03o", c);
		else
			buf[len++] = c;
	}
	buf[len] = '\0';
	return buf;
}

#endif
