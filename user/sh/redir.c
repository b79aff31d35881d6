/*
 * redir.c: redirections, "sort <in >out 2>&1".
 *
 * A redirection makes a file descriptor refer to something else:
 *
 *   <f    open f for reading, and dup2 it onto fd 0
 *   >f    create or truncate f, dup2 onto fd 1       (>>f: append)
 *   2>&1  dup2(1, 2): fd 2 is now whatever fd 1 is
 *
 * in a child just before execve, so the program simply finds its fds 0, 1
 * and 2 already pointing there.  They are done left to right, which is why
 * ">f 2>&1" sends both to f but "2>&1 >f" sends stderr to the old stdout.
 * A builtin runs in the shell itself, so there the old fds are saved first
 * and put back afterwards.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"

/* Keep a copy of fd, to put it back later.  Returns 0, or -1 if there is no room. */
static int save_fd(struct saved_fds *saved, int fd)
{
	for (int i = 0; i < saved->n; i++)
		if (saved->fd[i] == fd)
			return 0; /* the first copy is the one to restore */
	if (saved->n == MAXSAVED) {
		error("too many redirections");
		return -1;
	}
	saved->fd[saved->n] = fd;
	saved->copy[saved->n] = fcntl(fd, F_DUPFD_CLOEXEC, 10);
	saved->n++;
	return 0;
}

void restore_fds(struct saved_fds *saved)
{
	while (saved->n > 0) {
		saved->n--;
		int fd = saved->fd[saved->n], copy = saved->copy[saved->n];
		if (copy >= 0) {
			dup2(copy, fd);
			close(copy);
		} else {
			close(fd);
		}
	}
}

static int open_flags(enum redir_kind kind)
{
	if (kind == R_IN)
		return O_RDONLY;
	if (kind == R_APPEND)
		return O_WRONLY | O_CREAT | O_APPEND;
	return O_WRONLY | O_CREAT | O_TRUNC;
}

/* Do one redirection.  Returns 0, or -1 after an error message. */
static int redirect(struct shell *sh, struct redir *r)
{
	char *target = expand_string(sh, r->target);
	int ok = 0;
	if (r->kind == R_DUP && strcmp(target, "-") == 0) {
		close(r->fd);
	} else if (r->kind == R_DUP) {
		char *end;
		long from = strtol(target, &end, 10);
		if (*target == '\0' || *end != '\0' || from < 0 || from > 1000) {
			error("%s: bad file descriptor number", target);
			ok = -1;
		} else if (from != r->fd && dup2(from, r->fd) < 0) {
			error("%s: %s", target, strerror(errno));
			ok = -1;
		}
	} else {
		int fd = open(target, open_flags(r->kind), 0666);
		if (fd < 0) {
			error("cannot open %s: %s", target, strerror(errno));
			ok = -1;
		} else if (fd != r->fd) {
			dup2(fd, r->fd);
			close(fd);
		}
	}
	free(target);
	return ok;
}

/* Do a command's redirections, in order; saving the old fds first if saved. */
int redirect_all(struct shell *sh, struct redir *r, struct saved_fds *saved)
{
	for (; r; r = r->next) {
		if (saved && save_fd(saved, r->fd) < 0)
			return -1;
		if (redirect(sh, r) < 0)
			return -1;
	}
	return 0;
}
