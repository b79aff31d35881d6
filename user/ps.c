/*
 * ps: list every process, from /proc.
 *
 *     PID  PPID S     TIME COMMAND
 *       1     0 S     0:00 /bin/init /bin/sh
 *
 * Every directory of /proc named by a number is a process.  From
 * /proc/PID/stat ("42 (sh) S 1 ...": pid, (name), state, ppid, ... with
 * user and system time in clock ticks as fields 14 and 15) come the state
 * and times; from /proc/PID/cmdline (the arguments, each ended by a NUL)
 * the command.  A process without arguments (a zombie) shows as [name].
 * The state letters: R running, S sleeping, D disk wait, Z zombie,
 * T stopped.
 */
#include <ctype.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct process {
	int pid, ppid;
	char state;
	unsigned long ticks; /* user + system time, in clock ticks */
	char name[64];
	char command[256];
};

/* Read a small /proc file whole.  Returns its length, or -1. */
static int read_file(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	size_t len = 0;
	ssize_t n;
	while (len < size - 1 && (n = read(fd, buf + len, size - 1 - len)) > 0)
		len += n;
	close(fd);
	buf[len] = '\0';
	return len;
}

/* Parse /proc/PID/stat.  The name is in parentheses and may itself hold ") ". */
static int read_stat(int pid, struct process *p)
{
	char path[64], buf[1024];
	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if (read_file(path, buf, sizeof(buf)) <= 0)
		return -1;
	char *open = strchr(buf, '('), *close = strrchr(buf, ')');
	if (!open || !close || close < open)
		return -1;
	snprintf(p->name, sizeof(p->name), "%.*s", (int)(close - open - 1), open + 1);
	unsigned long utime, stime;
	if (sscanf(close + 1, " %c %d %*d %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu", &p->state,
	           &p->ppid, &utime, &stime) != 4)
		return -1;
	p->pid = pid;
	p->ticks = utime + stime;
	return 0;
}

/* The command line: the NUL-separated arguments, joined by spaces. */
static void read_cmdline(int pid, struct process *p)
{
	char path[64];
	snprintf(path, sizeof(path), "/proc/%d/cmdline", pid);
	int len = read_file(path, p->command, sizeof(p->command));
	while (len > 0 && p->command[len - 1] == '\0')
		len--;
	for (int i = 0; i < len; i++)
		if (p->command[i] == '\0')
			p->command[i] = ' ';
	if (len <= 0)
		snprintf(p->command, sizeof(p->command), "[%s]", p->name);
	else
		p->command[len] = '\0';
}

static int by_pid(const void *a, const void *b)
{
	return ((const struct process *)a)->pid - ((const struct process *)b)->pid;
}

static int is_number(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

int main(void)
{
	DIR *proc = opendir("/proc");
	if (!proc) {
		perror("ps: /proc");
		return 1;
	}
	struct process *list = NULL;
	int n = 0, cap = 0;
	struct dirent *e;
	while ((e = readdir(proc)) != NULL) {
		if (!is_number(e->d_name))
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			list = realloc(list, cap * sizeof(*list));
			if (!list) {
				perror("ps");
				return 1;
			}
		}
		/* a process may end between readdir and open: then skip it */
		if (read_stat(atoi(e->d_name), &list[n]) == 0) {
			read_cmdline(list[n].pid, &list[n]);
			n++;
		}
	}
	closedir(proc);
	qsort(list, n, sizeof(*list), by_pid);

	long hz = sysconf(_SC_CLK_TCK);
	if (hz <= 0)
		hz = 100;
	printf("%5s %5s S %8s COMMAND\n", "PID", "PPID", "TIME");
	for (int i = 0; i < n; i++) {
		unsigned long secs = list[i].ticks / hz;
		printf("%5d %5d %c %5lu:%02lu %s\n", list[i].pid, list[i].ppid, list[i].state,
		       secs / 60, secs % 60, list[i].command);
	}
	free(list);
	return 0;
}
