/*
 * sem_demo: the semaphore exercises under user/ run and get it right.
 *
 *   - `prodcons test 1000`: a producer and a consumer over a shared ring
 *     with two counting semaphores and a mutex; exits 0 only if every item
 *     arrived once and in order.  Afterwards its segment and set are gone.
 *   - `prodcons consume 500` and `prodcons produce 500` started as two
 *     separate programs, as from the shell: they find each other by key.
 *   - `counter --with 4 1000`: exits 0 only if the total is exact.
 *     `counter --without 4 1000` runs too (a demo: the total is not checked).
 *
 * The programs are /bin/prodcons and /bin/counter on shmos, and
 * $SHMOS_ROOT/bin/... under `make test-linux`, which stages them with the
 * tests; the checks SKIP if they are not there.  Their output is shown as
 * INFO lines.
 */
#include "check.h"
#include "sem_common.h"

#include <sys/shm.h>

#define PRODCONS_KEY 0x50524f44 /* prodcons.c's KEY */

/* The program's path, or NULL. */
static const char *find(const char *name)
{
	static char path[256];
	snprintf(path, sizeof(path), "%s%s", root_path("/bin/"), name);
	return access(path, X_OK) == 0 ? path : NULL;
}

/* Start path with up to three arguments, its output into a pipe (*out). */
static pid_t start(const char *path, const char *a1, const char *a2, const char *a3, int *out)
{
	int fds[2];
	if (pipe(fds) != 0)
		return -1;
	pid_t pid = check_fork();
	if (pid == 0) {
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		close(fds[0]);
		close(fds[1]);
		alarm(WATCHDOG_SECONDS - 5); /* kept across execve: a hung program dies */
		execl(path, path, a1, a2, a3, (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	*out = fds[0];
	return pid;
}

/* Show a program's output as INFO lines, then reap it: its wait status. */
static int finish(pid_t pid, int out)
{
	static char text[4096];
	size_t len = 0;
	ssize_t n;
	while (len < sizeof(text) - 1 && (n = read(out, text + len, sizeof(text) - 1 - len)) != 0)
		if (n > 0)
			len += n;
		else if (errno != EINTR)
			break;
	close(out);
	text[len] = '\0';
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n"))
		info("%s", line);
	int status = -1;
	if (pid < 0 || wait_child(pid, &status) < 0)
		return -1;
	return status;
}

/* Run path with its arguments; it must exit with 0. */
static void run(const char *name, const char *path, const char *a1, const char *a2, const char *a3)
{
	int out;
	watchdog();
	pid_t pid = start(path, a1, a2, a3, &out);
	int status = finish(pid, out);
	check(status == 0, name, "%s %s %s %s %s", path, a1 ? a1 : "", a2 ? a2 : "", a3 ? a3 : "",
	      status == -1 ? "could not run" : describe_status(status));
}

static void prodcons(void)
{
	const char *path = find("prodcons");
	if (!path) {
		skip("prodcons_test", "no prodcons in $SHMOS_ROOT/bin");
		skip("prodcons_separate", "no prodcons");
		return;
	}
	run("prodcons_test", path, "test", "1000", NULL);
	int sem = semget(PRODCONS_KEY, 0, 0), shm = shmget(PRODCONS_KEY, 0, 0);
	check(sem == -1 && shm == -1, "prodcons_cleans_up", "after the test: semget %d, shmget %d",
	      sem, shm);

	/* Two separate programs, the consumer first (it makes the set and waits). */
	run("prodcons_clean", path, "clean", NULL, NULL);
	int cout, pout;
	watchdog();
	pid_t c = start(path, "consume", "500", NULL, &cout);
	pid_t p = start(path, "produce", "500", NULL, &pout);
	int ps = finish(p, pout), cs = finish(c, cout);
	check(ps == 0 && cs == 0, "prodcons_separate", "producer %s, consumer %s",
	      ps == -1 ? "could not run" : describe_status(ps),
	      cs == -1 ? "could not run" : describe_status(cs));
}

static void counter(void)
{
	const char *path = find("counter");
	if (!path) {
		skip("counter_with_exact", "no counter in $SHMOS_ROOT/bin");
		skip("counter_without_runs", "no counter");
		return;
	}
	struct seminfo before, after;
	semctl(0, 0, SEM_INFO, &before);
	run("counter_with_exact", path, "--with", "4", "1000");
	run("counter_without_runs", path, "--without", "4", "1000");
	semctl(0, 0, SEM_INFO, &after);
	check(after.semusz == before.semusz, "counter_cleans_up", "%d sets before, %d after",
	      before.semusz, after.semusz);
}

int main(void)
{
	check_init("sem_demo");
	if (!sem_require())
		return summary();
	prodcons();
	counter();
	return sem_summary();
}
