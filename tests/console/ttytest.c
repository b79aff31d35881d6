/*
 * ttytest: the console's line discipline and job control, from the inside.
 *
 * Interactive: it runs as init's child on the real console, and
 * tests/console/console.sh types into QEMU's serial port.  Before each step
 * that needs input it prints "READY step"; the script waits for that line,
 * types, and also checks what the screen showed (the echo).  The checks
 * here follow tests/user/check.h (PASS ttytest/NAME ...).
 *
 * What the script types, step by step, is in console.sh; each step below
 * says what it expects to read.  Only for shmos's console (on Linux it
 * would need a terminal and someone typing).
 */
#include "check.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <termios.h>

static struct termios saved;

static void ready(const char *step)
{
	watchdog(); /* each step gets the full watchdog time */
	say("READY %s", step);
}

/* read(0) once; the bytes read, NUL-terminated, and the result. */
static ssize_t read_in(char *buf, size_t n)
{
	ssize_t r = read(0, buf, n);
	buf[r > 0 ? r : 0] = '\0';
	return r;
}

/* Print bytes so that the screen shows them without being mistaken for echo. */
static const char *hex(const char *s, ssize_t n)
{
	static char out[256];
	size_t len = 0;
	out[0] = '\0';
	for (ssize_t i = 0; i < n && len + 4 < sizeof(out); i++)
		len += snprintf(out + len, sizeof(out) - len, "%s%02x", i ? " " : "",
		                (unsigned char)s[i]);
	return out;
}

/* Read one line and check it is `want`. */
static void expect_line(const char *name, const char *want)
{
	char buf[256];
	ssize_t r = read_in(buf, sizeof(buf) - 1);
	check(r == (ssize_t)strlen(want) && strcmp(buf, want) == 0, name,
	      "read returned %zd [%s], expected [%s]", r, r > 0 ? hex(buf, r) : "",
	      hex(want, strlen(want)));
}

static void set_mode(struct termios *t)
{
	if (tcsetattr(0, TCSANOW, t) < 0)
		fail("tcsetattr", "tcsetattr failed: %s", errname(errno));
}

/* ------------------------------------------------------------ defaults --- */

static void defaults(void)
{
	struct termios t;
	struct winsize ws;
	check(isatty(0), "isatty", "isatty(0) is false");
	if (!check(tcgetattr(0, &t) == 0, "tcgetattr", "failed: %s", errname(errno)))
		return;
	saved = t;
	tcflag_t l = ICANON | ECHO | ECHOE | ECHOK | ISIG | IEXTEN | ECHOCTL;
	check((t.c_lflag & l) == l, "default_lflag", "c_lflag %#o", t.c_lflag);
	check(t.c_iflag & ICRNL, "default_iflag", "c_iflag %#o", t.c_iflag);
	check((t.c_oflag & (OPOST | ONLCR)) == (OPOST | ONLCR), "default_oflag", "c_oflag %#o",
	      t.c_oflag);
	check(t.c_cc[VINTR] == 3 && t.c_cc[VQUIT] == 034 && t.c_cc[VERASE] == 0177 &&
	          t.c_cc[VKILL] == 025 && t.c_cc[VEOF] == 4 && t.c_cc[VSUSP] == 032 &&
	          t.c_cc[VMIN] == 1 && t.c_cc[VTIME] == 0,
	      "default_cc", "c_cc differs from Linux's defaults");
	check(ioctl(0, TIOCGWINSZ, &ws) == 0 && ws.ws_row == 24 && ws.ws_col == 80, "winsize",
	      "TIOCGWINSZ: %d rows, %d columns", ws.ws_row, ws.ws_col);
	check(tcgetpgrp(0) == getpgrp(), "foreground", "tcgetpgrp %d, getpgrp %d", tcgetpgrp(0),
	      getpgrp());
	check(tcgetsid(0) == getsid(0), "tcgetsid", "tcgetsid %d, getsid %d", tcgetsid(0),
	      getsid(0));
	int fd = open("/dev/tty", O_RDWR);
	check(fd >= 0, "open_dev_tty", "open(/dev/tty): %s", errname(errno));
	if (fd >= 0)
		close(fd);
}

/* --------------------------------------------------------- canonical --- */

static void canonical(void)
{
	char buf[256];
	ready("line"); /* types "hello world\n" */
	ssize_t r = read_in(buf, sizeof(buf) - 1);
	if (r > 0 && buf[r - 1] == '\n')
		buf[r - 1] = '\0';
	say("echo: %s", buf);
	check(strcmp(buf, "hello world") == 0, "line", "read [%s]", buf);

	ready("erase"); /* "abx<DEL>c\n" */
	expect_line("erase", "abc\n");
	ready("backspace"); /* "abx^Hc\n" */
	expect_line("backspace", "abc\n");
	ready("kill"); /* "junk^Ugood\n" */
	expect_line("kill", "good\n");
	ready("werase"); /* "one two^Wthree\n" */
	expect_line("werase", "one three\n");
	ready("ctl"); /* "a^A<DEL>b\n" */
	expect_line("erase_control", "ab\n");
	ready("tab"); /* "a\t<DEL>c\n" */
	expect_line("erase_tab", "ac\n");
	ready("lnext"); /* "x^V<DEL>y\n" */
	expect_line("lnext", "x\177y\n");
	ready("cr"); /* "cr\r" */
	expect_line("icrnl", "cr\n");

	ready("eof"); /* "^D" */
	r = read_in(buf, sizeof(buf) - 1);
	check(r == 0, "eof", "read returned %zd [%s], expected 0", r, hex(buf, r));
	ready("eofmid"); /* "par^D" */
	expect_line("eof_mid_line", "par");

	ready("partial"); /* "0123456789\n" */
	const char *parts[] = {"0123", "4567", "89\n"};
	int ok = 1;
	for (int i = 0; i < 3; i++) {
		r = read_in(buf, 4);
		ok &= r == (ssize_t)strlen(parts[i]) && strcmp(buf, parts[i]) == 0;
	}
	check(ok, "partial_reads", "a 10-byte line did not come as 4+4+3 bytes");

	ready("typeahead"); /* "early\n" at once; we read only a second later */
	usleep(1000000);
	expect_line("typeahead", "early\n");
}

static void polling(void)
{
	struct pollfd p = {.fd = 0, .events = POLLIN};
	int n = -1;
	ready("poll"); /* "abc", then "\n" after READY poll2 */
	int r = poll(&p, 1, 1500);
	check(r == 0, "poll_partial_line", "poll returned %d (revents %#x) for a half line", r,
	      p.revents);
	ioctl(0, FIONREAD, &n);
	check(n == 0, "fionread_partial_line", "FIONREAD %d for a half line", n);
	ready("poll2");
	r = poll(&p, 1, 10000);
	check(r == 1 && (p.revents & POLLIN), "poll_line", "poll returned %d (revents %#x)", r,
	      p.revents);
	ioctl(0, FIONREAD, &n);
	check(n == 4, "fionread_line", "FIONREAD %d, expected 4", n);
	expect_line("read_after_poll", "abc\n");

	int flags = fcntl(0, F_GETFL);
	fcntl(0, F_SETFL, flags | O_NONBLOCK);
	char c;
	check_errno("nonblock_eagain", read(0, &c, 1), EAGAIN, "read with O_NONBLOCK");
	fcntl(0, F_SETFL, flags);
}

/* ------------------------------------------------------------------ raw --- */

static long long ms_since(long long t0)
{
	return (now_ns(CLOCK_MONOTONIC) - t0) / 1000000;
}

static void raw(void)
{
	struct termios t = saved;
	char buf[64];
	t.c_lflag &= ~(ICANON | ECHO);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	set_mode(&t);
	ready("raw"); /* "xyz" */
	int ok = 1;
	for (int i = 0; i < 3; i++) {
		ssize_t r = read_in(buf, 1);
		ok &= r == 1 && buf[0] == "xyz"[i];
	}
	say("raw: done");
	check(ok, "raw_bytes", "three reads of 1 byte did not give x, y, z");

	t.c_cc[VMIN] = 0;
	set_mode(&t);
	check(read_in(buf, sizeof(buf)) == 0, "vmin0_vtime0", "read did not return 0 at once");

	t.c_cc[VTIME] = 3;
	set_mode(&t);
	long long t0 = now_ns(CLOCK_MONOTONIC);
	ssize_t r = read_in(buf, sizeof(buf));
	long long ms = ms_since(t0);
	check(r == 0 && ms >= 250 && ms < 2000, "vtime_timeout",
	      "read returned %zd after %lld ms, expected 0 after 300", r, ms);

	t.c_cc[VMIN] = 3;
	t.c_cc[VTIME] = 0;
	set_mode(&t);
	ready("vmin"); /* "ab", a pause, "c" */
	r = read_in(buf, sizeof(buf));
	check(r == 3 && strcmp(buf, "abc") == 0, "vmin3", "read returned %zd [%s]", r, hex(buf, r));

	t.c_cc[VMIN] = 5;
	t.c_cc[VTIME] = 5;
	set_mode(&t);
	ready("interbyte"); /* "de", then nothing */
	r = read_in(buf, sizeof(buf));
	check(r == 2 && strcmp(buf, "de") == 0, "vtime_interbyte", "read returned %zd [%s]", r,
	      hex(buf, r));

	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	t.c_lflag &= ~ISIG;
	t.c_iflag &= ~ICRNL;
	set_mode(&t);
	ready("rawctl"); /* "^C\r" */
	r = read_in(buf, 1);
	r += read_in(buf + 1, 1);
	check(r == 2 && buf[0] == 3 && buf[1] == '\r', "raw_no_isig_no_icrnl",
	      "read %zd bytes [%s], expected 03 0d", r, hex(buf, r));

	if (tcsetattr(0, TCSAFLUSH, &saved) < 0)
		fail("restore", "tcsetattr(TCSAFLUSH) failed: %s", errname(errno));
}

/* ---------------------------------------------------------- job control --- */

static volatile sig_atomic_t caught;

static void on_signal(int sig)
{
	caught = sig;
}

static void catch_signal(int sig)
{
	struct sigaction sa = {.sa_handler = on_signal}; /* no SA_RESTART: read gives EINTR */
	sigaction(sig, &sa, NULL);
}

/*
 * Like the shell init starts: a session of our own, whose controlling
 * terminal is the console (a session leader without one that opens a
 * terminal gets it).  Then ^C reaches our group only, never init.
 * TIOCSCTTY with 1 takes the console even if another session has it.
 */
static void own_session(void)
{
	check(setsid() == getpid(), "setsid", "setsid: %s", errname(errno));
	int fd = open("/dev/console", O_RDWR);
	if (!check(fd >= 0, "open_console", "open(/dev/console): %s", errname(errno)))
		return;
	if (tcgetpgrp(fd) == -1) {
		info("opening the console did not make it our terminal; trying TIOCSCTTY");
		ioctl(fd, TIOCSCTTY, 1);
	}
	for (int i = 0; i < 3; i++)
		dup2(fd, i);
	if (fd > 2)
		close(fd);
}

static void hand_over_foreground(void)
{
	int p[2];
	char c;
	if (pipe(p) < 0)
		return;
	pid_t pid = check_fork();
	if (pid == 0) {
		setpgid(0, 0);
		read(p[0], &c, 1); /* exists until the parent is done */
		_exit(0);
	}
	setpgid(pid, pid);
	check(tcsetpgrp(0, pid) == 0 && tcgetpgrp(0) == pid, "tcsetpgrp",
	      "tcsetpgrp(child's group): %s; tcgetpgrp %d", errname(errno), tcgetpgrp(0));
	/*
	 * We are in the background now.  Taking the terminal back would get
	 * SIGTTOU, which stops by default; but no one could continue us: our
	 * group is orphaned (our parent, init, is in another session).  So,
	 * as in Linux, the call fails with EIO instead.  A shell, whose
	 * parent is in its session, ignores SIGTTOU for this.
	 */
	caught = 0;
	catch_signal(SIGTTOU);
	int r = tcsetpgrp(0, getpgrp());
	check(r == -1 && errno == EIO && caught == 0, "bg_tcsetpgrp_orphaned_eio",
	      "tcsetpgrp from the background returned %d (%s), caught %d", r, errname(errno),
	      caught);
	signal(SIGTTOU, SIG_IGN);
	check(tcsetpgrp(0, getpgrp()) == 0 && tcgetpgrp(0) == getpgrp(), "tcsetpgrp_back",
	      "tcsetpgrp with SIGTTOU ignored: %s", errname(errno));
	signal(SIGTTOU, SIG_DFL);
	write(p[1], "x", 1);
	int status;
	wait_child(pid, &status);
	close(p[0]);
	close(p[1]);
	check_errno("tcsetpgrp_no_group", tcsetpgrp(0, 30000), ESRCH, "tcsetpgrp(30000)");
}

/* A child in a session of its own: no controlling terminal. */
static void other_session(void)
{
	int up[2], down[2]; /* child to parent, parent to child */
	char c;
	if (pipe(up) < 0 || pipe(down) < 0)
		return;
	pid_t pid = check_fork();
	if (pid == 0) {
		setsid();
		int bits = (tcgetpgrp(0) == -1 && errno == ENOTTY) ? 0 : 1;
		bits |= (open("/dev/tty", O_RDWR) == -1 && errno == ENXIO) ? 0 : 2;
		write(up[1], "x", 1);
		read(down[0], &c, 1); /* stay (and keep the session) until the parent has tried */
		_exit(bits);
	}
	read(up[0], &c, 1);
	check_errno("tcsetpgrp_other_session", tcsetpgrp(0, pid), EPERM, "tcsetpgrp(child)");
	write(down[1], "x", 1);
	int status = 0;
	wait_child(pid, &status);
	static const char *const names[] = {"no_ctty_tcgetpgrp_enotty", "no_ctty_dev_tty_enxio"};
	report_bits(names, 2, status, "the child in its own session");
	close(up[0]);
	close(up[1]);
	close(down[0]);
	close(down[1]);
}

/* Type a signal character while we wait in read. */
static void signal_key(const char *step, int sig, const char *name)
{
	char buf[64];
	caught = 0;
	catch_signal(sig);
	ready(step);
	/* The script waits before it types, so we are in read by then. */
	ssize_t r = caught ? (errno = EINTR, -1) : read_in(buf, sizeof(buf));
	int e = errno;
	if (caught == sig)
		say("handler: %s", signame(sig));
	check(r == -1 && e == EINTR && caught == sig, name, "read returned %zd (%s), caught %d", r,
	      r < 0 ? errname(e) : buf, caught);
	signal(sig, SIG_DFL);
}

static void keyboard_signals(void)
{
	signal_key("intr", SIGINT, "sigint"); /* "stale^C" */
	ready("afterintr");                   /* "fresh\n": "stale" was flushed */
	expect_line("intr_flushes", "fresh\n");
	signal_key("quit", SIGQUIT, "sigquit"); /* "^\" */
	signal_key("susp", SIGTSTP, "sigtstp"); /* "^Z" */
}

/* Children of a background group: each reports a bit in its exit status. */
static void bg_ignored_read(void)
{
	char c;
	signal(SIGTTIN, SIG_IGN);
	_exit(read(0, &c, 1) == -1 && errno == EIO ? 0 : 1);
}

static void bg_caught_read(void)
{
	char c;
	caught = 0;
	catch_signal(SIGTTIN);
	ssize_t r = read(0, &c, 1);
	_exit(r == -1 && errno == EINTR && caught == SIGTTIN ? 0 : 1);
}

static void bg_tostop_write(void)
{
	caught = 0;
	catch_signal(SIGTTOU);
	ssize_t r = write(1, "x", 1);
	_exit(r == -1 && errno == EINTR && caught == SIGTTOU ? 0 : 1);
}

static void bg_tostop_ignored(void)
{
	signal(SIGTTOU, SIG_IGN);
	_exit(write(1, "bg\n", 3) == 3 ? 0 : 1);
}

static void bg_tcsetattr(void)
{
	caught = 0;
	catch_signal(SIGTTOU);
	int r = tcsetattr(0, TCSANOW, &saved);
	_exit(r == -1 && errno == EINTR && caught == SIGTTOU ? 0 : 1);
}

static void in_background(const char *name, void (*fn)(void))
{
	pid_t pid = check_fork();
	if (pid == 0) {
		setpgid(0, 0);
		fn();
		_exit(1);
	}
	setpgid(pid, pid);
	int status = 0;
	wait_child(pid, &status);
	check(WIFEXITED(status) && WEXITSTATUS(status) == 0, name, "child %s",
	      describe_status(status));
}

static void background(void)
{
	in_background("bg_read_ignored_eio", bg_ignored_read);
	in_background("bg_read_sigttin", bg_caught_read);
	in_background("bg_tcsetattr_sigttou", bg_tcsetattr);
	struct termios t = saved;
	t.c_lflag |= TOSTOP;
	set_mode(&t);
	in_background("bg_write_tostop_sigttou", bg_tostop_write);
	in_background("bg_write_tostop_ignored", bg_tostop_ignored);
	set_mode(&saved);
}

int main(void)
{
	check_init("ttytest");
	own_session();
	defaults();
	canonical();
	polling();
	raw();
	hand_over_foreground();
	other_session();
	keyboard_signals();
	background();
	return summary();
}
