/*
 * init: the first process.
 *
 *   init                  start the shell on the console; when it exits, so does init
 *   init PROGRAM [ARGS]   run PROGRAM, wait for it, and exit with its status
 *
 * The kernel starts init as pid 1 (from init=PROGRAM on its command line,
 * which tools/qemu-run sets) and powers off when init exits, printing
 * init's status.  init also adopts every orphan: before it exits it kills
 * whatever is still running and waits for everything, so that the kernel
 * can check that all memory came back.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* The shell's encoding: an exit code, or 128 + the signal that killed it. */
static int shell_status(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 255;
}

static void reap_everything(void)
{
	kill(-1, SIGKILL); /* everyone but init itself */
	while (wait(NULL) > 0 || errno == EINTR)
		;
}

/*
 * The child that becomes the shell: a session of its own whose controlling
 * terminal is the console (a session leader that opens a terminal gets it),
 * so that ^C and job control work in it.
 */
static void become_shell(void)
{
	setsid();
	int fd = open("/dev/console", O_RDWR);
	if (fd < 0) {
		perror("init: /dev/console");
		_exit(126);
	}
	for (int i = 0; i < 3; i++)
		dup2(fd, i);
	if (fd > 2)
		close(fd);
	execl("/bin/sh", "sh", (char *)NULL);
	perror("init: /bin/sh");
	_exit(127);
}

int main(int argc, char **argv)
{
	if (argc < 2)
		printf("init: starting the shell (exit or poweroff to stop)\n");
	pid_t child = fork();
	if (child < 0) {
		perror("init: fork");
		return 126;
	}
	if (child == 0 && argc < 2)
		become_shell();
	if (child == 0) {
		execv(argv[1], argv + 1);
		fprintf(stderr, "init: cannot run %s: %s\n", argv[1], strerror(errno));
		_exit(errno == ENOENT ? 127 : 126);
	}
	int status = 0;
	for (;;) {
		pid_t pid = wait(&status);
		if (pid == child)
			break;
		if (pid < 0 && errno != EINTR) {
			perror("init: wait");
			return 126;
		}
	}
	reap_everything();
	return shell_status(status);
}
