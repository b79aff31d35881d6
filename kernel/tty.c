/*
 * tty.c: the console as a terminal, /dev/console (5:1) and /dev/tty (5:0).
 *
 * One terminal, on COM1, with Linux's semantics (see docs/tty.md):
 *
 *   - the line discipline: bytes from the serial interrupt (tty_input)
 *     are processed as termios says (ICRNL, ISIG, ICANON, ECHO...) into an
 *     input ring, from which read(2) takes a line (canonical mode) or bytes
 *     (non-canonical mode, VMIN and VTIME);
 *   - output processing (OPOST, ONLCR) for what programs write and for the
 *     echo of what is typed;
 *   - job control: the terminal belongs to one session and has a foreground
 *     process group, which gets ^C (SIGINT), ^\ (SIGQUIT) and ^Z
 *     (SIGTSTP); other groups of the session that read get SIGTTIN.
 *
 * A process's controlling terminal is the console exactly when its session
 * is the terminal's: there is only one terminal.
 *
 * Locking: tty.lock guards everything below, and is taken before proc_lock
 * (sleep_on, signal_pgrp) when both are needed, never after.
 */
#include <asm/ioctls.h>
#include <asm/poll.h>
#include <asm/termios.h>
#include <linux/fcntl.h>

#include "fs/vfs.h"
#include "include/uapi/errno.h"
#include "kernel/clock.h"
#include "kernel/proc.h"
#include "kernel/serial.h"
#include "kernel/signal.h"
#include "kernel/spinlock.h"
#include "kernel/tty.h"

#define TTY_BUF 4096 /* the input ring; Linux's N_TTY_BUF_SIZE */
#define DECI_NS 100000000ULL
#define CTRL(c) ((c)&037)

/* What ends a line in the ring.  An EOF (^D) ends it without being read. */
enum { MARK_NONE, MARK_EOL, MARK_EOF };
enum erase_kind { ERASE_CHAR, ERASE_WORD, ERASE_LINE };

static struct tty {
	struct spinlock lock;
	struct termios t;
	struct winsize ws;
	/*
	 * The input ring.  The counters only grow; a byte's slot is the
	 * counter % TTY_BUF.
	 *   [tail, canon_head)   what a read may take: complete lines in
	 *                        canonical mode, everything otherwise
	 *   [canon_head, head)   the line being edited (canonical mode only)
	 */
	char buf[TTY_BUF];
	unsigned char mark[TTY_BUF];
	size_t tail, canon_head, head;
	bool lnext;             /* after VLNEXT (^V): take the next byte literally */
	uint64_t last_input_ns; /* for VTIME's inter-byte timer */
	unsigned col;           /* the cursor's column, kept by out_char() */
	unsigned line_col;      /* the column where the edited line's echo began */
	int sid, pgrp;          /* the session and its foreground group; 0: none */
} tty = {.lock = SPINLOCK_INIT("tty")};

static const struct termios default_termios = {
    .c_iflag = ICRNL,
    .c_oflag = OPOST | ONLCR,
    .c_cflag = B115200 | CS8 | CREAD | HUPCL | CLOCAL,
    .c_lflag = ICANON | ECHO | ECHOE | ECHOK | ECHOKE | ECHOCTL | ISIG | IEXTEN,
    .c_cc =
        {
            [VINTR] = CTRL('C'),
            [VQUIT] = CTRL('\\'),
            [VERASE] = 0177,
            [VKILL] = CTRL('U'),
            [VEOF] = CTRL('D'),
            [VTIME] = 0,
            [VMIN] = 1,
            [VSTART] = CTRL('Q'),
            [VSTOP] = CTRL('S'),
            [VSUSP] = CTRL('Z'),
            [VREPRINT] = CTRL('R'),
            [VDISCARD] = CTRL('O'),
            [VWERASE] = CTRL('W'),
            [VLNEXT] = CTRL('V'),
        },
};

static const struct sig_sender from_tty = {.code = SI_KERNEL};

static bool lflag(unsigned f)
{
	return tty.t.c_lflag & f;
}

static bool oflag(unsigned f)
{
	return tty.t.c_oflag & f;
}

static bool is_cntrl(char c)
{
	return (unsigned char)c < 32 || c == 0177;
}

static bool is_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
	       c == '_';
}

/* c is the special character cc[i] (a cc of 0, _POSIX_VDISABLE, matches nothing). */
static bool is_cc(char c, int i)
{
	return tty.t.c_cc[i] != 0 && (unsigned char)c == tty.t.c_cc[i];
}

static size_t min_size(size_t a, size_t b)
{
	return a < b ? a : b;
}

/* ------------------------------------------------------------------ output */

/* One byte to the UART through output processing (Linux's do_output_char). */
static void out_char(char c)
{
	if (!oflag(OPOST)) {
		serial_putc(c);
		return;
	}
	switch (c) {
	case '\n':
		if (oflag(ONLRET))
			tty.col = 0;
		if (oflag(ONLCR)) {
			serial_putc('\r');
			tty.col = 0;
		}
		break;
	case '\r':
		if (oflag(ONOCR) && tty.col == 0)
			return;
		if (oflag(OCRNL)) {
			c = '\n';
			if (oflag(ONLRET))
				tty.col = 0;
			break;
		}
		tty.col = 0;
		break;
	case '\t': {
		unsigned spaces = 8 - (tty.col & 7);
		tty.col += spaces;
		if ((tty.t.c_oflag & TABDLY) == XTABS) {
			while (spaces--)
				serial_putc(' ');
			return;
		}
		break;
	}
	case '\b':
		if (tty.col > 0)
			tty.col--;
		break;
	default:
		if (!is_cntrl(c))
			tty.col++;
	}
	serial_putc(c);
}

/* The echo of a typed byte: with ECHOCTL, control characters show as ^X. */
static void echo_char(char c)
{
	if (lflag(ECHOCTL) && is_cntrl(c) && c != '\t' && c != '\n') {
		out_char('^');
		out_char(c ^ 0100);
	} else {
		out_char(c);
	}
}

/* ------------------------------------------------------------ input ring */

static size_t ring_used(void)
{
	return tty.head - tty.tail;
}

static char ring_at(size_t i)
{
	return tty.buf[i % TTY_BUF];
}

static void ring_put(char c, int mark)
{
	tty.buf[tty.head % TTY_BUF] = c;
	tty.mark[tty.head % TTY_BUF] = mark;
	tty.head++;
}

static void flush_input(void)
{
	tty.tail = tty.canon_head = tty.head;
	tty.lnext = false;
}

/* An ordinary byte: into the ring, on the screen.  When the ring is full it
 * is lost; canonical mode keeps the last slot for the byte ending the line. */
static void put_char(char c)
{
	bool canon = lflag(ICANON);
	if (ring_used() >= (canon ? TTY_BUF - 1 : TTY_BUF))
		return;
	if (lflag(ECHO)) {
		if (tty.head == tty.canon_head)
			tty.line_col = tty.col;
		echo_char(c);
	}
	ring_put(c, MARK_NONE);
	if (!canon)
		tty.canon_head = tty.head;
}

/* A byte that completes the line being edited (canonical mode). */
static void end_line(char c, int mark)
{
	if (ring_used() >= TTY_BUF)
		return;
	ring_put(c, mark);
	tty.canon_head = tty.head;
}

/* The column the cursor would be at after echoing the line being edited. */
static unsigned line_width(void)
{
	unsigned col = tty.line_col;
	for (size_t i = tty.canon_head; i < tty.head; i++) {
		char c = ring_at(i);
		if (c == '\t')
			col = (col | 7) + 1;
		else if (!is_cntrl(c))
			col++;
		else if (lflag(ECHOCTL))
			col += 2;
	}
	return col;
}

/* Take c, just erased, off the screen.  A tab's width depends on what is
 * before it: back up to where the rest of the line ends. */
static void rub_out(char c)
{
	if (c == '\t') {
		unsigned to = line_width();
		while (tty.col > to)
			out_char('\b');
		return;
	}
	int width = !is_cntrl(c) ? 1 : lflag(ECHOCTL) ? 2 : 0;
	while (width--) {
		out_char('\b');
		out_char(' ');
		out_char('\b');
	}
}

/* VERASE (and ^H), VWERASE, VKILL: take back a character, a word, the line
 * (Linux's eraser()).  c is the key that asked. */
static void erase(char c, enum erase_kind kind)
{
	if (tty.head == tty.canon_head)
		return;
	bool echo = lflag(ECHO);
	if (kind == ERASE_LINE && (!echo || !lflag(ECHOK) || !lflag(ECHOKE) || !lflag(ECHOE))) {
		/* No visual erase: show the kill character, then a newline with ECHOK. */
		tty.head = tty.canon_head;
		if (echo) {
			echo_char(c);
			if (lflag(ECHOK))
				out_char('\n');
		}
		return;
	}
	bool seen_word = false;
	while (tty.head != tty.canon_head) {
		char last = ring_at(tty.head - 1);
		if (kind == ERASE_WORD) {
			if (is_word_char(last))
				seen_word = true;
			else if (seen_word)
				break;
		}
		tty.head--;
		if (echo && lflag(ECHOE))
			rub_out(last);
		else if (echo)
			echo_char(c); /* no ECHOE: show the erase character instead */
		if (kind == ERASE_CHAR)
			break;
	}
}

/* The characters only canonical mode gives a meaning.  True if c was one. */
static bool canonical_special(char c)
{
	bool iexten = lflag(IEXTEN);
	if (is_cc(c, VERASE) || c == '\b') {
		erase(c, ERASE_CHAR);
	} else if (is_cc(c, VKILL)) {
		erase(c, ERASE_LINE);
	} else if (iexten && is_cc(c, VWERASE)) {
		erase(c, ERASE_WORD);
	} else if (iexten && is_cc(c, VLNEXT)) {
		tty.lnext = true;
		if (lflag(ECHO) && lflag(ECHOCTL)) {
			out_char('^'); /* overwritten by the next character's echo */
			out_char('\b');
		}
	} else if (c == '\n') {
		if (lflag(ECHO) || lflag(ECHONL))
			out_char('\n');
		end_line(c, MARK_EOL);
	} else if (is_cc(c, VEOF)) {
		end_line(c, MARK_EOF); /* not echoed */
	} else if (is_cc(c, VEOL) || (iexten && is_cc(c, VEOL2))) {
		if (lflag(ECHO))
			echo_char(c);
		end_line(c, MARK_EOL);
	} else {
		return false;
	}
	return true;
}

/* The signal a typed byte stands for under ISIG, or 0. */
static int signal_char(char c)
{
	if (!lflag(ISIG))
		return 0;
	return is_cc(c, VINTR) ? SIGINT : is_cc(c, VQUIT) ? SIGQUIT : is_cc(c, VSUSP) ? SIGTSTP : 0;
}

/* One received byte through the line discipline; the signal to send, or 0. */
static int receive(char c)
{
	if (tty.t.c_iflag & ISTRIP)
		c &= 0177;
	if (tty.lnext) {
		tty.lnext = false;
		put_char(c);
		return 0;
	}
	int sig = signal_char(c);
	if (sig) {
		if (!lflag(NOFLSH))
			flush_input();
		if (lflag(ECHO))
			echo_char(c);
		return sig;
	}
	if (c == '\r') {
		if (tty.t.c_iflag & IGNCR)
			return 0;
		if (tty.t.c_iflag & ICRNL)
			c = '\n';
	} else if (c == '\n' && (tty.t.c_iflag & INLCR)) {
		c = '\r';
	}
	if (!lflag(ICANON) || !canonical_special(c))
		put_char(c);
	return 0;
}

void tty_input(char c)
{
	spin_lock(&tty.lock);
	tty.last_input_ns = clock_ns();
	int sig = receive(c);
	int pgrp = tty.pgrp;
	spin_unlock(&tty.lock);
	if (sig && pgrp > 0)
		signal_pgrp(pgrp, sig, &from_tty);
	wakeup(&tty);
	vfs_poll_wakeup();
}

/* ------------------------------------------------------------ job control */

static bool is_ctty(struct proc *p)
{
	return p && tty.sid > 0 && p->sid == tty.sid;
}

static bool ignores_or_blocks(struct proc *p, int sig)
{
	return p->sig.action[sig].handler == (uint64_t)SIG_IGN || (p->sig.blocked & sigbit(sig));
}

/*
 * No member of the group has a parent in another group of the same
 * session (init does not count, as in Linux): nobody is left who could
 * continue the group if it stopped, so it must not be stopped.
 */
static bool pgrp_orphaned(int pgid)
{
	bool orphaned = true;
	spin_lock(&proc_lock);
	for (struct proc *p = procs; p < &procs[NPROC] && orphaned; p++) {
		if (p->state == P_UNUSED || p->state == P_ZOMBIE || p->pgid != pgid)
			continue;
		struct proc *q = p->parent;
		if (q && q->pid != 1 && q->pgid != pgid && q->sid == p->sid)
			orphaned = false;
	}
	spin_unlock(&proc_lock);
	return orphaned;
}

/*
 * A process of the terminal's session but not of its foreground group may
 * not read (sig SIGTTIN) or change the terminal, or write with TOSTOP
 * (SIGTTOU): its group gets the signal, which stops it by default, and the
 * system call restarts when it continues (Linux's job_control and
 * tty_check_change).  Returns 0 to go ahead, else the error.
 */
static long job_control(int sig)
{
	struct proc *p = myproc();
	int fg = tty.pgrp;
	if (!is_ctty(p) || fg <= 0 || p->pgid == fg)
		return 0;
	if (ignores_or_blocks(p, sig))
		return sig == SIGTTOU ? 0 : -EIO;
	if (pgrp_orphaned(p->pgid))
		return -EIO;
	signal_pgrp(p->pgid, sig, &from_tty);
	/* A kernel without stopped processes drops the signal (a stop
	 * signal's default action was to ignore it): then retrying would
	 * only send it again, forever. */
	return signal_pending(p) ? -ERESTARTSYS : -EIO;
}

/* Does a process of session sid still exist? */
static bool session_alive(int sid)
{
	bool alive = false;
	spin_lock(&proc_lock);
	for (struct proc *p = procs; p < &procs[NPROC] && !alive; p++)
		alive = p->state != P_UNUSED && p->state != P_ZOMBIE && p->sid == sid;
	spin_unlock(&proc_lock);
	return alive;
}

/* May the foreground group become pgid?  It must have members in session sid. */
static long check_group(int pgid, int sid)
{
	long r = -ESRCH;
	if (pgid <= 0)
		return r;
	spin_lock(&proc_lock);
	for (struct proc *p = procs; p < &procs[NPROC]; p++) {
		if (p->state == P_UNUSED || p->state == P_EMBRYO)
			continue;
		if (p->pgid == pgid && p->sid == sid) {
			r = 0;
			break;
		}
		if (p->pgid == pgid || p->pid == pgid)
			r = -EPERM; /* it exists, in another session */
	}
	spin_unlock(&proc_lock);
	return r;
}

/* p's session takes the terminal if it has none (or its session is gone). */
static bool take_if_free(struct proc *p, bool steal)
{
	bool taken = false;
	spin_lock(&tty.lock);
	if (steal || tty.sid <= 0 || !session_alive(tty.sid)) {
		tty.sid = p->sid;
		tty.pgrp = p->pgid;
		taken = true;
	}
	spin_unlock(&tty.lock);
	return taken;
}

/* Without the tty lock, so that it may be called with proc_lock held (the
 * order is tty.lock, then proc_lock); a reader that sees the new session
 * with the old group for a moment does no harm. */
void tty_set_session(int sid, int pgrp)
{
	tty.pgrp = pgrp;
	tty.sid = sid;
}

int tty_session(void)
{
	return tty.sid;
}

int tty_foreground_pgrp(void)
{
	return tty.pgrp;
}

/* The session loses its terminal: the foreground group gets SIGHUP and SIGCONT. */
static void disassociate(void)
{
	spin_lock(&tty.lock);
	int fg = tty.pgrp;
	tty.sid = tty.pgrp = 0;
	spin_unlock(&tty.lock);
	if (fg > 0) {
		signal_pgrp(fg, SIGHUP, &from_tty);
		signal_pgrp(fg, SIGCONT, &from_tty);
	}
}

void tty_session_leader_exit(int sid)
{
	if (sid > 0 && sid == tty.sid)
		disassociate();
}

/* ------------------------------------------------------------------- read */

/* What a read may take now (complete lines, in canonical mode). */
static size_t readable(void)
{
	return tty.canon_head - tty.tail;
}

/*
 * Would a read of n bytes return now?  Canonical mode: when a line is
 * complete.  Otherwise VMIN and VTIME decide (termios(3)):
 *   MIN > 0, TIME = 0   when MIN bytes are there (or n, if fewer)
 *   MIN = 0, TIME = 0   at once, with what is there
 *   MIN = 0, TIME > 0   at the first byte, or TIME tenths of a second after the read began
 *   MIN > 0, TIME > 0   after the first byte: at MIN bytes, or TIME after the latest byte
 * *deadline: when the wait ends anyway (0: it does not).
 */
static bool read_ready(size_t n, uint64_t start, uint64_t *deadline)
{
	size_t avail = readable();
	*deadline = 0;
	if (lflag(ICANON))
		return avail > 0;
	size_t want = min_size(tty.t.c_cc[VMIN], n);
	uint64_t time = tty.t.c_cc[VTIME] * DECI_NS;
	if (time == 0)
		return avail >= want;
	if (want == 0) {
		*deadline = start + time;
		return avail > 0 || clock_ns() >= *deadline;
	}
	if (avail == 0)
		return false; /* the inter-byte timer starts with the first byte */
	if (avail >= want)
		return true;
	*deadline = tty.last_input_ns + time;
	return clock_ns() >= *deadline;
}

/* Copy n bytes from the ring's tail to buf.  Caller holds the lock (as
 * pipes do, a fault on the user's buffer is handled under it). */
static long copy_out(struct iobuf buf, size_t n)
{
	size_t done = 0;
	while (done < n) {
		size_t at = (tty.tail + done) % TTY_BUF;
		size_t chunk = min_size(TTY_BUF - at, n - done);
		if (iobuf_write(buf, done, tty.buf + at, chunk))
			return done ? (long)done : -EFAULT;
		done += chunk;
	}
	return done;
}

/* Canonical mode: at most one line.  An EOF mark ends the line unread; a
 * line of only an EOF mark reads as 0 bytes, end of file. */
static long read_line(struct iobuf buf, size_t n)
{
	size_t avail = readable(), len = 0;
	int mark = MARK_NONE;
	while (len < avail && mark == MARK_NONE)
		mark = tty.mark[(tty.tail + len++) % TTY_BUF];
	size_t data = mark == MARK_EOF ? len - 1 : len;
	long r = copy_out(buf, min_size(n, data));
	if (r < 0)
		return r;
	tty.tail += r;
	if (mark == MARK_EOF && (size_t)r == data)
		tty.tail++; /* the EOF mark itself */
	return r;
}

static long read_bytes(struct iobuf buf, size_t n)
{
	long r = copy_out(buf, min_size(n, readable()));
	if (r > 0)
		tty.tail += r;
	return r;
}

static long tty_read(struct file *f, struct iobuf buf, size_t n)
{
	if (n == 0)
		return 0;
	uint64_t start = clock_ns(), deadline;
	long r;
	spin_lock(&tty.lock);
	for (;;) {
		r = job_control(SIGTTIN);
		if (r)
			break;
		if (read_ready(n, start, &deadline)) {
			r = lflag(ICANON) ? read_line(buf, n) : read_bytes(buf, n);
			break;
		}
		if (f->flags & O_NONBLOCK) {
			/* Non-canonical: what is there, even below VMIN (as Linux). */
			r = !lflag(ICANON) && readable() ? read_bytes(buf, n) : -EAGAIN;
			break;
		}
		if (signal_pending(myproc())) {
			r = -ERESTARTSYS;
			break;
		}
		/* A deadline is checked every tick; input wakes &tty. */
		sleep_on(deadline ? TICK_CHANNEL : (void *)&tty, &tty.lock);
	}
	spin_unlock(&tty.lock);
	return r;
}

/* ------------------------------------------------------------------ write */

static long tty_write(struct file *f, struct iobuf buf, size_t n)
{
	(void)f;
	if (lflag(TOSTOP)) {
		long r = job_control(SIGTTOU);
		if (r)
			return r;
	}
	char chunk[256];
	size_t done = 0;
	while (done < n) {
		size_t len = min_size(n - done, sizeof(chunk));
		if (iobuf_read(chunk, buf, done, len))
			return done ? (long)done : -EFAULT;
		spin_lock(&tty.lock);
		for (size_t i = 0; i < len; i++)
			out_char(chunk[i]);
		spin_unlock(&tty.lock);
		done += len;
	}
	return n;
}

static unsigned tty_poll(struct file *f)
{
	(void)f;
	unsigned mask = POLLOUT | POLLWRNORM;
	spin_lock(&tty.lock);
	size_t avail = readable();
	/* As Linux: non-canonical with VMIN and no VTIME is ready at VMIN bytes. */
	size_t need =
	    !lflag(ICANON) && tty.t.c_cc[VTIME] == 0 && tty.t.c_cc[VMIN] > 0 ? tty.t.c_cc[VMIN] : 1;
	if (avail >= need)
		mask |= POLLIN | POLLRDNORM;
	spin_unlock(&tty.lock);
	return mask;
}

/* ------------------------------------------------------------------ ioctl */

static long put_int(uintptr_t arg, int v)
{
	return iobuf_write(USER_BUF(arg), 0, &v, sizeof(v)) ? -EFAULT : 0;
}

/* TCSETS, TCSETSW (after output drains: it always has), TCSETSF (and flush input). */
static long set_termios(unsigned long cmd, uintptr_t arg)
{
	struct termios t;
	long r = job_control(SIGTTOU);
	if (r)
		return r;
	if (iobuf_read(&t, USER_BUF(arg), 0, sizeof(t)))
		return -EFAULT;
	spin_lock(&tty.lock);
	if (cmd == TCSETSF)
		flush_input();
	bool was_canon = lflag(ICANON);
	tty.t = t;
	/* Leaving canonical mode makes the half-edited line readable; entering
	 * it, what is there reads as one line (as Linux). */
	if (was_canon != lflag(ICANON)) {
		tty.canon_head = tty.head;
		tty.lnext = false;
	}
	spin_unlock(&tty.lock);
	wakeup(&tty); /* readers wait for something else now */
	vfs_poll_wakeup();
	return 0;
}

static long set_winsize(uintptr_t arg)
{
	struct winsize ws;
	if (iobuf_read(&ws, USER_BUF(arg), 0, sizeof(ws)))
		return -EFAULT;
	spin_lock(&tty.lock);
	bool changed = ws.ws_row != tty.ws.ws_row || ws.ws_col != tty.ws.ws_col;
	tty.ws = ws;
	int fg = tty.pgrp;
	spin_unlock(&tty.lock);
	if (changed && fg > 0)
		signal_pgrp(fg, SIGWINCH, &from_tty);
	return 0;
}

static long flush_ioctl(uintptr_t arg)
{
	if (arg != TCIFLUSH && arg != TCOFLUSH && arg != TCIOFLUSH)
		return -EINVAL;
	long r = job_control(SIGTTOU);
	if (r)
		return r;
	if (arg != TCOFLUSH) { /* output is never queued: nothing to flush there */
		spin_lock(&tty.lock);
		flush_input();
		spin_unlock(&tty.lock);
	}
	return 0;
}

static long set_pgrp(uintptr_t arg)
{
	struct proc *p = myproc();
	long r = job_control(SIGTTOU);
	if (r)
		return r;
	if (!is_ctty(p))
		return -ENOTTY;
	int pgid;
	if (iobuf_read(&pgid, USER_BUF(arg), 0, sizeof(pgid)))
		return -EFAULT;
	if (pgid < 0)
		return -EINVAL;
	r = check_group(pgid, p->sid);
	if (r)
		return r;
	tty.pgrp = pgid;
	return 0;
}

/* TIOCSCTTY: a session leader without a terminal takes this one; arg 1 lets
 * root take it from another session. */
static long set_ctty(uintptr_t arg)
{
	struct proc *p = myproc();
	if (is_ctty(p) && p->pid == p->sid)
		return 0;
	if (p->pid != p->sid)
		return -EPERM;
	bool steal = arg == 1 && p->cred.euid == 0;
	return take_if_free(p, steal) ? 0 : -EPERM;
}

/* TIOCNOTTY: the session leader gives the terminal up.  (Another process
 * of the session cannot drop it alone: its session still owns it.) */
static long drop_ctty(void)
{
	struct proc *p = myproc();
	if (!is_ctty(p))
		return -ENOTTY;
	if (p->pid == p->sid)
		disassociate();
	return 0;
}

static long job_ioctl(unsigned long cmd, uintptr_t arg)
{
	switch (cmd) {
	case TIOCGPGRP:
		return is_ctty(myproc()) ? put_int(arg, tty.pgrp) : -ENOTTY;
	case TIOCSPGRP:
		return set_pgrp(arg);
	case TIOCGSID:
		return is_ctty(myproc()) ? put_int(arg, tty.sid) : -ENOTTY;
	case TIOCSCTTY:
		return set_ctty(arg);
	default: /* TIOCNOTTY */
		return drop_ctty();
	}
}

static long tty_ioctl(struct file *f, unsigned long cmd, uintptr_t arg)
{
	(void)f;
	switch (cmd) {
	case TCGETS:
		return iobuf_write(USER_BUF(arg), 0, &tty.t, sizeof(tty.t)) ? -EFAULT : 0;
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		return set_termios(cmd, arg);
	case TIOCGWINSZ:
		return iobuf_write(USER_BUF(arg), 0, &tty.ws, sizeof(tty.ws)) ? -EFAULT : 0;
	case TIOCSWINSZ:
		return set_winsize(arg);
	case FIONREAD:
		return put_int(arg, readable());
	case TIOCOUTQ:
		return put_int(arg, 0); /* output is written at once */
	case TCFLSH:
		return flush_ioctl(arg);
	case TCXONC: /* stopping output is not implemented: accepted */
		return arg <= TCION ? job_control(SIGTTOU) : -EINVAL;
	case TCSBRK: /* tcdrain, tcsendbreak: output is already drained */
	case TCSBRKP:
		return 0;
	case TIOCGPGRP:
	case TIOCSPGRP:
	case TIOCGSID:
	case TIOCSCTTY:
	case TIOCNOTTY:
		return job_ioctl(cmd, arg);
	}
	return -ENOTTY;
}

/* ------------------------------------------------------------------- open */

/* /dev/console: as Linux does for a terminal, a session leader that opens
 * it without O_NOCTTY, having none, makes it its controlling terminal. */
static int console_open(struct file *f)
{
	struct proc *p = myproc();
	if (p && !(f->flags & O_NOCTTY) && p->pid == p->sid && !is_ctty(p))
		take_if_free(p, false);
	return 0;
}

/* /dev/tty: the caller's controlling terminal, which must exist. */
static int ctty_open(struct file *f)
{
	(void)f;
	struct proc *p = myproc();
	return !p || is_ctty(p) ? 0 : -ENXIO;
}

static const struct file_ops tty_ops = {
    .read = tty_read,
    .write = tty_write,
    .ioctl = tty_ioctl,
    .poll = tty_poll,
};
static const struct chardev ctty_dev = {&tty_ops, ctty_open};
static const struct chardev console_dev = {&tty_ops, console_open};

void tty_init(void)
{
	tty.t = default_termios;
	tty.ws = (struct winsize){.ws_row = 24, .ws_col = 80};
	chardev_register(MKDEV(5, 0), &ctty_dev);
	chardev_register(MKDEV(5, 1), &console_dev);
}
