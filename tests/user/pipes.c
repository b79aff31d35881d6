/*
 * pipes: the rules of pipe(2) that shells and every pipeline depend on.
 *
 *   - A write of at most PIPE_BUF (4096) bytes is atomic: records from
 *     several writers never interleave.
 *   - A read returns 0 (end of file) only when every write end is closed,
 *     including the copies that fork gave to children.
 *   - A write with no read end left gets EPIPE, and the writer SIGPIPE
 *     (which kills by default).
 *   - O_NONBLOCK: EAGAIN instead of waiting; pipe2's flags.
 *   - poll and select: POLLIN, POLLOUT, POLLHUP, POLLERR, POLLNVAL, timeouts.
 *   - A blocked read and signals: EINTR without SA_RESTART, restarted with it.
 *   - fstat says S_IFIFO, lseek says ESPIPE, a bad pointer EFAULT.
 */
#include "check.h"
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/time.h>

#define NWRITERS 4
#define NRECORDS 64 /* per writer: 4 x 64 x 4096 bytes = 1 MiB through the pipe */

/* Read exactly n bytes (fewer only at end of file or on an error). */
static ssize_t read_full(int fd, char *buf, size_t n)
{
	size_t done = 0;
	while (done < n) {
		ssize_t r = read(fd, buf + done, n - done);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return done ? (ssize_t)done : r;
		done += r;
	}
	return done;
}

/* Fill a pipe (O_NONBLOCK on wr) until EAGAIN; returns the bytes written. */
static long fill(int wr)
{
	static char block[4096];
	long total = 0;
	for (;;) {
		ssize_t w = write(wr, block, sizeof(block));
		if (w <= 0)
			return total;
		total += w;
		if (total > 16 << 20) /* a pipe that never fills: give up */
			return total;
	}
}

static void set_nonblock(int fd, int on)
{
	int fl = fcntl(fd, F_GETFL);
	fcntl(fd, F_SETFL, on ? fl | O_NONBLOCK : fl & ~O_NONBLOCK);
}

/* ------------------------------------------------------- atomicity --- */

/*
 * NWRITERS children each write NRECORDS records of PIPE_BUF bytes, all of
 * their own letter.  The parent reads in odd sizes (1000 bytes), so that
 * the room it frees is never a whole record, and checks that each 4096-byte
 * record of the stream is one letter.
 */
static void atomic_writes(void)
{
	static char rec[PIPE_BUF], stream[PIPE_BUF];
	int p[2], count[NWRITERS] = {0}, mixed = 0, total = 0;
	pid_t pids[NWRITERS];
	if (pipe(p) != 0) {
		fail("pipe_buf_atomic", "pipe: %s", errname(errno));
		return;
	}
	check_current = "pipe_buf_atomic";
	for (int i = 0; i < NWRITERS; i++) {
		pids[i] = check_fork();
		if (pids[i] == 0) {
			close(p[0]);
			memset(rec, 'a' + i, sizeof(rec));
			for (int j = 0; j < NRECORDS; j++)
				if (write(p[1], rec, sizeof(rec)) != sizeof(rec))
					_exit(1);
			_exit(0);
		}
	}
	close(p[1]); /* our copy: or the read below would never see EOF */

	size_t have = 0;
	for (;;) {
		size_t want = sizeof(stream) - have < 1000 ? sizeof(stream) - have : 1000;
		ssize_t n = read(p[0], stream + have, want);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		have += n;
		if (have < sizeof(stream))
			continue;
		have = 0;
		total++;
		int who = stream[0] - 'a';
		for (size_t k = 1; k < sizeof(stream) && who >= 0; k++)
			if (stream[k] != stream[0])
				who = -1;
		if (who >= 0 && who < NWRITERS)
			count[who]++;
		else
			mixed++;
	}
	close(p[0]);
	int bad_exit = 0;
	for (int i = 0; i < NWRITERS; i++) {
		int status;
		if (pids[i] > 0 && (wait_child(pids[i], &status) != 0 || !WIFEXITED(status) ||
		                    WEXITSTATUS(status) != 0))
			bad_exit++;
	}
	int counts_ok = 1;
	for (int i = 0; i < NWRITERS; i++)
		counts_ok &= count[i] == NRECORDS;
	check(mixed == 0 && counts_ok && total == NWRITERS * NRECORDS && have == 0 && !bad_exit,
	      "pipe_buf_atomic",
	      "%d records read (expected %d), %d of them mixed, %zu bytes left over, per writer "
	      "%d %d %d %d, %d writers failed",
	      total, NWRITERS * NRECORDS, mixed, have, count[0], count[1], count[2], count[3],
	      bad_exit);
}

/* A write far bigger than the pipe arrives whole and in order. */
static void big_write(void)
{
	enum { BIG = 256 * 1024 };
	static char buf[BIG];
	int p[2], status = -1;
	pipe(p);
	check_current = "big_write_in_order";
	pid_t pid = check_fork();
	if (pid == 0) {
		close(p[0]);
		for (int i = 0; i < BIG; i++)
			buf[i] = (char)(i * 7 + i / 251);
		_exit(write(p[1], buf, BIG) == BIG ? 0 : 1);
	}
	close(p[1]);
	ssize_t n = read_full(p[0], buf, BIG);
	int bad = -1;
	for (int i = 0; i < BIG && bad < 0; i++)
		if (buf[i] != (char)(i * 7 + i / 251))
			bad = i;
	char extra;
	ssize_t eof = read(p[0], &extra, 1);
	close(p[0]);
	if (pid > 0)
		wait_child(pid, &status);
	check(n == BIG && bad < 0 && eof == 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0,
	      "big_write_in_order",
	      "read %zd of %d bytes, first wrong byte at %d, then read %zd (expected 0: EOF); "
	      "writer %s",
	      n, BIG, bad, eof, describe_status(status));
}

/* ------------------------------------------------------------- EOF --- */

static void end_of_file(void)
{
	char buf[16];
	int p[2];

	/* Data first, then EOF once the only writer has closed. */
	pipe(p);
	write(p[1], "abc", 3);
	close(p[1]);
	ssize_t n1 = read(p[0], buf, sizeof(buf));
	ssize_t n2 = read(p[0], buf, sizeof(buf));
	check(n1 == 3 && memcmp(buf, "abc", 3) == 0 && n2 == 0, "eof_after_data",
	      "read %zd, then %zd (expected 3, 0)", n1, n2);
	close(p[0]);

	/*
	 * A forked child holds a copy of the write end: no EOF while it does
	 * (O_NONBLOCK says EAGAIN), EOF as soon as it closes its copy (while it
	 * still lives, waiting on a second pipe for us to let it go).
	 */
	int go[2];
	pipe(p);
	pipe(go);
	check_current = "no_eof_while_child_holds_writer";
	pid_t pid = check_fork();
	if (pid < 0)
		return;
	if (pid == 0) {
		char c;
		close(p[0]);
		close(go[1]);
		read(go[0], &c, 1); /* wait for the parent's first check */
		close(p[1]);
		read(go[0], &c, 1); /* EOF when the parent lets us go */
		_exit(0);
	}
	close(p[1]);
	close(go[0]);
	set_nonblock(p[0], 1);
	ssize_t r = read(p[0], buf, 1);
	check(r == -1 && errno == EAGAIN, "no_eof_while_child_holds_writer",
	      "read with a writer in the child returned %zd (%s), expected -1/EAGAIN", r,
	      errname(errno));
	set_nonblock(p[0], 0);
	write(go[1], "x", 1);   /* child: close your write end */
	r = read(p[0], buf, 1); /* blocks until it has */
	check(r == 0, "eof_when_child_closes", "read returned %zd (%s), expected 0", r,
	      r < 0 ? errname(errno) : "data");
	close(go[1]); /* child: exit */
	close(p[0]);
	int status;
	wait_child(pid, &status);
}

/* --------------------------------------------------- EPIPE, SIGPIPE --- */

static void write_to_closed_pipe(void)
{
	int p[2];
	pipe(p);
	close(p[0]);
	write(p[1], "x", 1); /* SIGPIPE: default action terminates */
	_exit(0);
}

static void epipe_when_ignored(void)
{
	int p[2];
	signal(SIGPIPE, SIG_IGN);
	pipe(p);
	close(p[0]);
	errno = 0;
	ssize_t w = write(p[1], "x", 1);
	if (w != -1 || errno != EPIPE)
		child_fail("write returned %zd (%s), expected -1/EPIPE", w, errname(errno));
}

static volatile sig_atomic_t got_sigpipe;
static void on_sigpipe(int sig)
{
	(void)sig;
	got_sigpipe = 1;
}

static void epipe_with_handler(void)
{
	int p[2];
	signal(SIGPIPE, on_sigpipe);
	pipe(p);
	close(p[0]);
	errno = 0;
	ssize_t w = write(p[1], "x", 1);
	if (w != -1 || errno != EPIPE || !got_sigpipe)
		child_fail("write returned %zd (%s), SIGPIPE handler ran: %d", w, errname(errno),
		           (int)got_sigpipe);
}

/*
 * The reader is another process, and it goes away while we write into a
 * full pipe: the blocked (or about to block) write must end with EPIPE.
 */
static void epipe_reader_exits(void)
{
	int p[2], go[2];
	signal(SIGPIPE, SIG_IGN);
	pipe(p);
	pipe(go);
	pid_t pid = fork();
	if (pid < 0)
		child_fail("fork: %s", errname(errno));
	if (pid == 0) {
		char c;
		close(p[1]);
		close(go[1]);
		read(go[0], &c, 1); /* holds the read end until we close go */
		_exit(0);
	}
	close(p[0]);
	close(go[0]);
	set_nonblock(p[1], 1);
	long cap = fill(p[1]);
	set_nonblock(p[1], 0);
	close(go[1]); /* the reader exits now */
	errno = 0;
	ssize_t w = write(p[1], "x", 1);
	int e = errno, status;
	wait_child(pid, &status);
	if (cap < 4096 || w != -1 || e != EPIPE)
		child_fail("filled %ld bytes, then write returned %zd (%s), expected -1/EPIPE", cap,
		           w, errname(e));
}

/* ----------------------------------------------------- O_NONBLOCK --- */

static void nonblocking(void)
{
	static char buf[PIPE_BUF], big[3 * PIPE_BUF];
	int p[2];
	pipe(p);
	set_nonblock(p[0], 1);
	set_nonblock(p[1], 1);
	check_errno("nonblock_read_empty_eagain", read(p[0], buf, 1), EAGAIN,
	            "read of an empty pipe with O_NONBLOCK");

	long cap = fill(p[1]);
	int e = errno;
	check(cap >= 4096 && cap <= (16 << 20) && e == EAGAIN, "nonblock_write_full_eagain",
	      "wrote %ld bytes before the write failed with %s (expected EAGAIN)", cap, errname(e));
	info("pipe capacity %ld bytes", cap);
	check_errno("nonblock_write_1_full_eagain", write(p[1], "x", 1), EAGAIN,
	            "a 1-byte write to a full pipe");

	/* 100 bytes of room is not enough for a PIPE_BUF write: it waits (here EAGAIN), whole. */
	long inside = cap - read(p[0], buf, 100);
	check_errno("nonblock_pipe_buf_needs_room", write(p[1], buf, PIPE_BUF), EAGAIN,
	            "a PIPE_BUF write with 100 bytes of room");

	/* With PIPE_BUF bytes of room it fits. */
	inside -= read(p[0], buf, PIPE_BUF - 100);
	ssize_t w = write(p[1], buf, PIPE_BUF);
	inside += w > 0 ? w : 0;
	check(w == PIPE_BUF, "nonblock_pipe_buf_fits",
	      "a PIPE_BUF write with PIPE_BUF bytes of room returned %zd (%s)", w, errname(errno));

	/* A bigger write than the room: partly written (not atomic above PIPE_BUF). */
	inside -= read_full(p[0], big, 2 * PIPE_BUF);
	w = write(p[1], big, sizeof(big));
	inside += w > 0 ? w : 0;
	check(w == 2 * PIPE_BUF, "nonblock_big_write_partial",
	      "a %zu-byte write with %d bytes of room returned %zd (%s), expected %d", sizeof(big),
	      2 * PIPE_BUF, w, errname(errno), 2 * PIPE_BUF);

	/* Drain: then empty again (EAGAIN), then EOF once the writer is closed. */
	long drained = 0;
	ssize_t n;
	while ((n = read(p[0], buf, sizeof(buf))) > 0)
		drained += n;
	check(drained == inside && n == -1 && errno == EAGAIN, "nonblock_drain",
	      "drained %ld of %ld bytes, then read %zd (%s)", drained, inside, n, errname(errno));
	close(p[1]);
	n = read(p[0], buf, 1);
	check(n == 0, "nonblock_eof", "read after the writer closed: %zd (%s), expected 0", n,
	      errname(errno));
	close(p[0]);
}

static void pipe2_flags(void)
{
	int p[2];
	int r = pipe2(p, O_CLOEXEC | O_NONBLOCK);
	int fd0 = fcntl(p[0], F_GETFD), fd1 = fcntl(p[1], F_GETFD);
	int fl0 = fcntl(p[0], F_GETFL), fl1 = fcntl(p[1], F_GETFL);
	check(r == 0 && fd0 == FD_CLOEXEC && fd1 == FD_CLOEXEC && (fl0 & O_NONBLOCK) &&
	          (fl1 & O_NONBLOCK) && (fl0 & O_ACCMODE) == O_RDONLY &&
	          (fl1 & O_ACCMODE) == O_WRONLY,
	      "pipe2_cloexec_nonblock", "pipe2 = %d: F_GETFD %d %d, F_GETFL %#x %#x", r, fd0, fd1,
	      fl0, fl1);
	close(p[0]);
	close(p[1]);

	r = pipe(p);
	fd0 = fcntl(p[0], F_GETFD), fd1 = fcntl(p[1], F_GETFD);
	fl0 = fcntl(p[0], F_GETFL), fl1 = fcntl(p[1], F_GETFL);
	check(r == 0 && fd0 == 0 && fd1 == 0 && !(fl0 & O_NONBLOCK) && !(fl1 & O_NONBLOCK) &&
	          p[1] == p[0] + 1,
	      "pipe_plain_flags", "pipe = %d: fds %d %d, F_GETFD %d %d, F_GETFL %#x %#x", r, p[0],
	      p[1], fd0, fd1, fl0, fl1);
	close(p[0]);
	close(p[1]);

	check_errno("pipe2_bad_flags_einval", pipe2(p, O_APPEND), EINVAL, "pipe2(O_APPEND)");
}

/* ----------------------------------------------------- poll, select --- */

static int poll1(int fd, short events, int timeout, short *revents)
{
	struct pollfd pfd = {.fd = fd, .events = events};
	int r = poll(&pfd, 1, timeout);
	*revents = pfd.revents;
	return r;
}

static void polling(void)
{
	int p[2];
	short re;
	pipe(p);

	/* Empty: the read end is not ready (timeout 0: at once, well under 0.5 s), the write end
	 * is. */
	long long t0 = now_ns(CLOCK_MONOTONIC);
	int r = poll1(p[0], POLLIN, 0, &re);
	long long dt = now_ns(CLOCK_MONOTONIC) - t0;
	check(r == 0 && re == 0 && dt < 500000000LL, "poll_empty_timeout_0",
	      "poll(POLLIN, 0) on an empty pipe = %d, revents %#x, took %lld us", r, re, dt / 1000);
	r = poll1(p[1], POLLOUT, 0, &re);
	check(r == 1 && re == POLLOUT, "poll_pollout", "poll(POLLOUT) = %d, revents %#x", r, re);

	/* A 50 ms timeout elapses, at least 50 ms. */
	t0 = now_ns(CLOCK_MONOTONIC);
	r = poll1(p[0], POLLIN, 50, &re);
	dt = now_ns(CLOCK_MONOTONIC) - t0;
	check(r == 0 && dt >= 50000000LL && dt < 5000000000LL, "poll_timeout_50ms",
	      "poll(POLLIN, 50) = %d after %lld us", r, dt / 1000);

	write(p[1], "x", 1);
	r = poll1(p[0], POLLIN, 0, &re);
	check(r == 1 && re == POLLIN, "poll_pollin", "poll(POLLIN) with data = %d, revents %#x", r,
	      re);

	/* Full: no POLLOUT. */
	set_nonblock(p[1], 1);
	fill(p[1]);
	r = poll1(p[1], POLLOUT, 0, &re);
	check(r == 0 && re == 0, "poll_full_no_pollout", "poll(POLLOUT) on a full pipe = %d, %#x",
	      r, re);

	/* A negative fd is skipped; a closed one says POLLNVAL. */
	struct pollfd two[2] = {{.fd = -1, .events = POLLIN}, {.fd = 999, .events = POLLIN}};
	r = poll(two, 2, 0);
	check(r == 1 && two[0].revents == 0 && two[1].revents == POLLNVAL, "poll_nval",
	      "poll({-1, 999}) = %d, revents %#x %#x", r, two[0].revents, two[1].revents);

	/* The reader closes: the writer sees POLLERR. */
	close(p[0]);
	r = poll1(p[1], POLLOUT, 0, &re);
	check(r == 1 && (re & POLLERR), "poll_pollerr_no_reader",
	      "poll(POLLOUT) with no reader = %d, revents %#x", r, re);
	close(p[1]);

	/* The writer closes: the reader sees POLLHUP, with POLLIN while data is left. */
	pipe(p);
	write(p[1], "x", 1);
	close(p[1]);
	r = poll1(p[0], POLLIN, 0, &re);
	check(r == 1 && (re & POLLHUP) && (re & POLLIN), "poll_pollhup_with_data",
	      "poll(POLLIN) with data and no writer = %d, revents %#x", r, re);
	char c;
	read(p[0], &c, 1);
	r = poll1(p[0], POLLIN, 0, &re);
	check(r == 1 && (re & POLLHUP) && !(re & POLLIN), "poll_pollhup",
	      "poll(POLLIN) when empty with no writer = %d, revents %#x", r, re);
	close(p[0]);

	/* poll sleeps until a child writes (no timeout hit). */
	pipe(p);
	check_current = "poll_wakes_on_write";
	pid_t pid = check_fork();
	if (pid == 0) {
		close(p[0]);
		write(p[1], "w", 1);
		_exit(0);
	}
	close(p[1]);
	t0 = now_ns(CLOCK_MONOTONIC);
	r = poll1(p[0], POLLIN, 10000, &re);
	dt = now_ns(CLOCK_MONOTONIC) - t0;
	check(r == 1 && (re & POLLIN) && dt < 5000000000LL, "poll_wakes_on_write",
	      "poll = %d, revents %#x after %lld ms", r, re, dt / 1000000);
	int status;
	if (pid > 0)
		wait_child(pid, &status);
	close(p[0]);

	/* poll sleeps until the last writer, in a child, closes: POLLHUP. */
	pipe(p);
	check_current = "poll_wakes_on_hangup";
	pid = check_fork();
	if (pid == 0)
		_exit(0); /* exit closes the child's copy of the write end */
	close(p[1]);
	t0 = now_ns(CLOCK_MONOTONIC);
	r = poll1(p[0], POLLIN, 10000, &re);
	dt = now_ns(CLOCK_MONOTONIC) - t0;
	check(r == 1 && (re & POLLHUP) && dt < 5000000000LL, "poll_wakes_on_hangup",
	      "poll = %d, revents %#x after %lld ms", r, re, dt / 1000000);
	if (pid > 0)
		wait_child(pid, &status);
	close(p[0]);
}

static void selecting(void)
{
	int p[2];
	fd_set rd;
	pipe(p);

	/* Nothing to read: a 50 ms timeout elapses. */
	struct timeval tv = {0, 50000};
	FD_ZERO(&rd);
	FD_SET(p[0], &rd);
	long long t0 = now_ns(CLOCK_MONOTONIC);
	int r = select(p[0] + 1, &rd, NULL, NULL, &tv);
	long long dt = now_ns(CLOCK_MONOTONIC) - t0;
	check(r == 0 && !FD_ISSET(p[0], &rd) && dt >= 50000000LL && dt < 5000000000LL,
	      "select_timeout_50ms", "select = %d after %lld us", r, dt / 1000);

	/* Data: readable; the write end is writable. */
	write(p[1], "s", 1);
	fd_set wr;
	FD_ZERO(&rd);
	FD_ZERO(&wr);
	FD_SET(p[0], &rd);
	FD_SET(p[1], &wr);
	tv = (struct timeval){0, 0};
	r = select(p[1] + 1, &rd, &wr, NULL, &tv);
	check(r == 2 && FD_ISSET(p[0], &rd) && FD_ISSET(p[1], &wr), "select_ready",
	      "select = %d, read end %s, write end %s", r, FD_ISSET(p[0], &rd) ? "set" : "clear",
	      FD_ISSET(p[1], &wr) ? "set" : "clear");
	close(p[0]);
	close(p[1]);
}

/* -------------------------------------------- signals and blocked reads --- */

static int sig_pipe[2];
static volatile sig_atomic_t handled;

static void on_alarm(int sig)
{
	(void)sig;
	handled = 1;
}

/* Like on_alarm, but also write what the restarted read will get. */
static void on_alarm_write(int sig)
{
	(void)sig;
	handled = 1;
	write(sig_pipe[1], "late", 4);
}

/* Fire SIGALRM once, in 100 ms, with the given handler and flags. */
static void arm(void (*handler)(int), int flags)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sa.sa_flags = flags;
	sigaction(SIGALRM, &sa, NULL);
	struct itimerval it = {{0, 0}, {0, 100000}};
	setitimer(ITIMER_REAL, &it, NULL);
}

static void read_eintr(void)
{
	char buf[8];
	pipe(sig_pipe);
	arm(on_alarm, 0);
	errno = 0;
	ssize_t n = read(sig_pipe[0], buf, sizeof(buf)); /* we hold the writer: it blocks */
	int e = errno;
	watchdog();
	if (n != -1 || e != EINTR || !handled)
		child_fail("read returned %zd (%s), handler ran: %d; expected -1/EINTR", n,
		           errname(e), (int)handled);
}

static void read_restart(void)
{
	char buf[8];
	pipe(sig_pipe);
	arm(on_alarm_write, SA_RESTART);
	errno = 0;
	ssize_t n = read(sig_pipe[0], buf, sizeof(buf));
	int e = errno;
	watchdog();
	if (n != 4 || memcmp(buf, "late", 4) != 0 || !handled)
		child_fail("read returned %zd (%s), handler ran: %d; expected the 4 bytes the "
		           "handler wrote",
		           n, errname(e), (int)handled);
}

/*
 * A blocking write bigger than the pipe, with no reader reading: a signal
 * ends it early.  What was written counts (a partial write); a write that
 * wrote nothing yet says EINTR.
 */
static void write_interrupted(void)
{
	static char big[128 * 1024], buf[4096];
	pipe(sig_pipe);
	arm(on_alarm, 0);
	errno = 0;
	ssize_t w = write(sig_pipe[1], big, sizeof(big));
	int e = errno;
	set_nonblock(sig_pipe[0], 1);
	long inside = 0;
	ssize_t n;
	while ((n = read(sig_pipe[0], buf, sizeof(buf))) > 0)
		inside += n;
	if (w <= 0 || w >= (ssize_t)sizeof(big) || w != inside || !handled)
		child_fail("write of %zu bytes returned %zd (%s), %ld bytes were in the pipe, "
		           "handler ran: %d; expected a partial count",
		           sizeof(big), w, errname(e), inside, (int)handled);

	/* Full again, then a 1-byte write: nothing written when the signal comes. */
	set_nonblock(sig_pipe[1], 1);
	fill(sig_pipe[1]);
	set_nonblock(sig_pipe[1], 0);
	handled = 0;
	arm(on_alarm, 0);
	errno = 0;
	w = write(sig_pipe[1], "x", 1);
	e = errno;
	watchdog();
	if (w != -1 || e != EINTR || !handled)
		child_fail("a 1-byte write to a full pipe returned %zd (%s), handler ran: %d; "
		           "expected -1/EINTR",
		           w, errname(e), (int)handled);
}

/* ------------------------------------------------------ odds and ends --- */

static void misc(void)
{
	int p[2];
	struct stat st;
	pipe(p);
	int r = fstat(p[0], &st);
	check(r == 0 && S_ISFIFO(st.st_mode), "fstat_s_ififo", "fstat = %d, mode %o", r,
	      st.st_mode);
	check_errno("lseek_espipe", lseek(p[0], 0, SEEK_CUR), ESPIPE, "lseek on a pipe");
	char c;
	check_errno("write_read_end_ebadf", write(p[0], "x", 1), EBADF, "write to the read end");
	check_errno("read_write_end_ebadf", read(p[1], &c, 1), EBADF, "read from the write end");
	check(read(p[0], &c, 0) == 0 && write(p[1], &c, 0) == 0, "zero_length_io",
	      "read/write of 0 bytes must return 0");
	close(p[0]);
	close(p[1]);

	/* Bad pointers: EFAULT, and no descriptors are left behind. */
	int before = dup(0);
	close(before);
	long r1 = syscall(SYS_pipe, (void *)1);
	int e1 = errno;
	long r2 = syscall(SYS_pipe2, (void *)0xffffffff80000000UL, 0);
	int e2 = errno;
	long r3 = syscall(SYS_pipe, NULL);
	int e3 = errno;
	int after = dup(0);
	close(after);
	check(r1 == -1 && e1 == EFAULT && r2 == -1 && e2 == EFAULT && r3 == -1 && e3 == EFAULT,
	      "pipe_efault",
	      "pipe(1) = %ld %s, pipe2(kernel address) = %ld %s, pipe(NULL) = %ld %s", r1,
	      errname(e1), r2, errname(e2), r3, errname(e3));
	check(after == before, "pipe_efault_no_fd_leak",
	      "the lowest free fd was %d before, %d after", before, after);

	/* Bad buffers for read and write. */
	pipe(p);
	write(p[1], "data", 4);
	check_errno("read_bad_buffer_efault", read(p[0], (void *)1, 4), EFAULT,
	            "read(pipe, (void *)1)");
	check_errno("write_bad_buffer_efault", write(p[1], (void *)1, 4), EFAULT,
	            "write(pipe, (void *)1)");
	char buf[8];
	ssize_t n = read(p[0], buf, sizeof(buf));
	check(n == 4 && memcmp(buf, "data", 4) == 0, "efault_keeps_data",
	      "after the failed calls the pipe held %zd bytes", n);
	close(p[0]);
	close(p[1]);
}

int main(void)
{
	check_init("pipes");
	atomic_writes();
	big_write();
	end_of_file();
	expect_signal("sigpipe_kills", write_to_closed_pipe, SIGPIPE);
	run_child("epipe_when_sigpipe_ignored", epipe_when_ignored);
	run_child("epipe_and_sigpipe_handler", epipe_with_handler);
	run_child("epipe_when_reader_exits", epipe_reader_exits);
	nonblocking();
	pipe2_flags();
	polling();
	selecting();
	run_child("read_eintr_without_sa_restart", read_eintr);
	run_child("read_restarted_with_sa_restart", read_restart);
	run_child("write_interrupted_partial_then_eintr", write_interrupted);
	misc();
	return summary();
}
