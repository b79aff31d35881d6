/*
 * Host tests of System V message queues' rules (ipc/msg.c), with the rest
 * of the kernel faked: which message msgrcv takes, when a queue is full,
 * and who gets what when processes sleep.
 *
 * Sleeping is faked with "hooks": when a call would sleep, the fake
 * msg_sleep lets go of the lock and runs the next hook, which plays the
 * other processes (a sender, another receiver, IPC_RMID, a signal) with
 * their own pids, then returns; the sleeper then looks at what happened to
 * it, exactly as after a real wake-up.  A sleep with no hook left is a
 * signal (so a wrong test ends instead of looping), and is counted.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fs/procfs.h"
#include "include/uapi/errno.h"
#include "ipc/msg.h"
#include "ipc/util.h"
#include "kernel/spinlock.h"
#include "mm/kmalloc.h"

/* kernel/signal.h's value; that header pulls in Linux's <asm/signal.h>, which
 * clashes with the host C library's signal types. */
#define ERESTARTNOHAND 514

/* ------------------------------------------------------------- the fakes */

static struct cred current = {0};
static int current_pid = 42;
static int blocks_alive; /* kmalloc'd and not yet freed */

void spin_init(struct spinlock *lk, const char *name)
{
	lk->locked = 0, lk->name = name;
}
void spin_lock(struct spinlock *lk)
{
	assert_false(lk->locked); /* msg must never take its lock twice */
	lk->locked = 1;
}
void spin_unlock(struct spinlock *lk)
{
	assert_true(lk->locked);
	lk->locked = 0;
}
void *kmalloc(size_t n)
{
	assert_true(n <= KMALLOC_ONE_FRAME); /* a message never needs contiguous frames */
	blocks_alive++;
	return malloc(n);
}
void *kzalloc(size_t n)
{
	blocks_alive++;
	return calloc(1, n);
}
void kfree(void *p)
{
	if (p)
		blocks_alive--;
	free(p);
}
const struct cred *ipc_current_cred(void)
{
	return &current;
}
int ipc_current_pid(void)
{
	return current_pid;
}
int64_t ipc_now(void)
{
	return 1000;
}

/* /proc text: printed into one buffer. */
static char proc_text[4096];
void procfs_printf(struct procfs_text *t, const char *fmt, ...)
{
	(void)t;
	size_t len = strlen(proc_text);
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(proc_text + len, sizeof(proc_text) - len, fmt, ap);
	va_end(ap);
}

typedef void (*hook_fn)(void);
static hook_fn hooks[8];
static int nhooks, next_hook;
static int signal_pid;        /* the process with a signal pending, or 0 */
static int unexpected_sleeps; /* sleeps with no hook left */
static int wakeups;

void msg_sleep(void *chan, struct spinlock *lk)
{
	(void)chan;
	if (signal_pid == current_pid)
		return; /* as the kernel: no sleep with a signal pending */
	spin_unlock(lk);
	int me = current_pid;
	if (next_hook < nhooks) {
		hooks[next_hook++]();
	} else {
		unexpected_sleeps++;
		signal_pid = me;
	}
	current_pid = me;
	spin_lock(lk);
}
void msg_wakeup(void *chan)
{
	(void)chan;
	wakeups++;
}
bool msg_signal_pending(void)
{
	return signal_pid == current_pid;
}

static void set_hooks(hook_fn a, hook_fn b, hook_fn c)
{
	hooks[0] = a, hooks[1] = b, hooks[2] = c;
	nhooks = a ? b ? c ? 3 : 2 : 1 : 0;
	next_hook = 0;
}

static int setup(void **state)
{
	(void)state;
	msg_init();
	blocks_alive = 0; /* a failed test's leftovers are not the next one's */
	current = (struct cred){0};
	current_pid = 42;
	msg_limits = (struct msg_limits){8192, 16384, 32000};
	set_hooks(0, 0, 0);
	signal_pid = unexpected_sleeps = wakeups = 0;
	proc_text[0] = '\0';
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	assert_int_equal(unexpected_sleeps, 0);
	assert_int_equal(next_hook, nhooks); /* every planned sleep happened */
	assert_int_equal(blocks_alive, 0);   /* every test removes what it made */
	return 0;
}

static struct cred user(uint32_t uid)
{
	return (struct cred){.uid = uid, .euid = uid, .suid = uid, .gid = uid, .egid = uid};
}

/* --------------------------------------------------------------- helpers */

/* The byte at offset i of a test message of this type. */
static char text_byte(long type, size_t i)
{
	return (char)(type + i * 7 + (i >> 12));
}

/* msg_walk_text steps: write the test text, check it (counting pieces in *arg). */
static long fill_piece(char *piece, size_t len, size_t offset, void *arg)
{
	for (size_t i = 0; i < len; i++)
		piece[i] = text_byte(*(long *)arg, offset + i);
	return 0;
}

static long check_piece(char *piece, size_t len, size_t offset, void *arg)
{
	long type = *(long *)arg;
	for (size_t i = 0; i < len; i++)
		assert_int_equal(piece[i], text_byte(type, offset + i));
	return 0;
}

static long send(int id, long type, size_t size, int flags)
{
	struct msg_msg *m;
	long r = msg_new(id, type, size, &m);
	if (r)
		return r;
	msg_walk_text(m, size, fill_piece, &type);
	return msg_send(id, m, flags);
}

/* msgrcv: the message's type (its text checked), or -errno. */
static long receive(int id, size_t size, long msgtyp, int flags)
{
	struct msg_msg *m;
	long r = msg_receive(id, size, msgtyp, flags, &m);
	if (r)
		return r;
	long type = m->type;
	assert_int_equal(msg_walk_text(m, m->size, check_piece, &type), 0);
	msg_free(m);
	return type;
}

static struct msqid64_ds stat_of(int id)
{
	struct msqid64_ds ds;
	assert_int_equal(msg_stat(id, IPC_STAT, &ds), 0);
	return ds;
}

static void set_qbytes(int id, uint64_t qbytes)
{
	struct msqid64_ds ds = stat_of(id);
	ds.msg_qbytes = qbytes;
	assert_int_equal(msg_set(id, &ds), 0);
}

/* The queue the hooks act on. */
static int qid;

/* ------------------------------------------------- selection by type */

static void selection_by_type(void **state)
{
	(void)state;
	int id = msg_get(IPC_PRIVATE, 0600);
	assert_true(id >= 0);
	const long types[] = {1, 2, 3, 1, 5};
	for (int i = 0; i < 5; i++)
		assert_int_equal(send(id, types[i], i, IPC_NOWAIT), 0);
	assert_int_equal(receive(id, 100, 2, IPC_NOWAIT), 2);
	assert_int_equal(receive(id, 100, 1, MSG_EXCEPT | IPC_NOWAIT), 3);
	assert_int_equal(receive(id, 100, -4, IPC_NOWAIT), 1); /* the first 1 */
	/* MSG_EXCEPT is ignored with msgtyp 0: the second 1. */
	assert_int_equal(receive(id, 100, 0, MSG_EXCEPT | IPC_NOWAIT), 1);
	assert_int_equal(receive(id, 100, 7, IPC_NOWAIT), -ENOMSG);
	assert_int_equal(receive(id, 100, -4, IPC_NOWAIT), -ENOMSG);
	assert_int_equal(receive(id, 100, 0, IPC_NOWAIT), 5);
	msg_remove(id);
}

static void lowest_type_takes_the_first_of_it(void **state)
{
	(void)state;
	int id = msg_get(IPC_PRIVATE, 0600);
	const long types[] = {3, 1, 2, 1};
	for (int i = 0; i < 4; i++)
		send(id, types[i], i, IPC_NOWAIT); /* sizes 0..3 tell the two 1s apart */
	struct msg_msg *m;
	assert_int_equal(msg_receive(id, 100, -3, IPC_NOWAIT, &m), 0);
	assert_int_equal(m->type, 1);
	assert_int_equal(m->size, 1); /* the first 1 */
	msg_free(m);
	assert_int_equal(receive(id, 100, -3, IPC_NOWAIT), 1);
	assert_int_equal(receive(id, 100, -3, IPC_NOWAIT), 2);
	/* LONG_MIN: -LONG_MIN does not exist; Linux takes LONG_MAX. */
	send(id, INT64_MAX, 0, IPC_NOWAIT);
	assert_int_equal(receive(id, 100, INT64_MIN, IPC_NOWAIT), 3);
	assert_int_equal(receive(id, 100, INT64_MIN, IPC_NOWAIT), INT64_MAX);
	msg_remove(id);
}

static void too_small_a_buffer(void **state)
{
	(void)state;
	int id = msg_get(IPC_PRIVATE, 0600);
	send(id, 4, 10, IPC_NOWAIT);
	assert_int_equal(receive(id, 5, 0, IPC_NOWAIT), -E2BIG);
	assert_int_equal(stat_of(id).msg_qnum, 1); /* still queued */
	struct msg_msg *m;
	assert_int_equal(msg_receive(id, 5, 0, MSG_NOERROR | IPC_NOWAIT, &m), 0);
	assert_int_equal(m->size, 10); /* the caller copies min(5, 10) bytes out */
	msg_free(m);
	struct msqid64_ds ds = stat_of(id);
	assert_int_equal(ds.msg_qnum, 0);
	assert_int_equal(ds.msg_cbytes, 0);
	msg_remove(id);
}

/* ------------------------------------------------- the queue-full rule */

static void full_by_bytes_and_by_count(void **state)
{
	(void)state;
	int id = msg_get(IPC_PRIVATE, 0600);
	for (int i = 0; i < 4; i++)
		assert_int_equal(send(id, 1, 4096, IPC_NOWAIT), 0);
	assert_int_equal(send(id, 1, 1, IPC_NOWAIT), -EAGAIN);
	assert_int_equal(send(id, 1, 0, IPC_NOWAIT), 0); /* 16384 + 0 <= 16384 */
	struct msqid64_ds ds = stat_of(id);
	assert_int_equal(ds.msg_qnum, 5);
	assert_int_equal(ds.msg_cbytes, 16384);
	msg_remove(id);

	id = msg_get(IPC_PRIVATE, 0600);
	set_qbytes(id, 10); /* qbytes caps the number of messages too */
	for (int i = 0; i < 10; i++)
		assert_int_equal(send(id, 1, 0, IPC_NOWAIT), 0);
	assert_int_equal(send(id, 1, 0, IPC_NOWAIT), -EAGAIN);
	assert_int_equal(receive(id, 0, 0, IPC_NOWAIT), 1);
	assert_int_equal(send(id, 1, 0, IPC_NOWAIT), 0);
	msg_remove(id);

	id = msg_get(IPC_PRIVATE, 0600);
	set_qbytes(id, 100);
	assert_int_equal(send(id, 1, 101, IPC_NOWAIT), -EAGAIN); /* never fits; not EINVAL */
	set_qbytes(id, 0);
	assert_int_equal(send(id, 1, 0, IPC_NOWAIT), -EAGAIN);
	msg_remove(id);
}

static void send_checks_before_the_lookup(void **state)
{
	(void)state;
	struct msg_msg *m;
	assert_int_equal(msg_new(12345, 1, 8193, &m), -EINVAL); /* msgmax, before the lookup */
	assert_int_equal(msg_new(12345, 1, SIZE_MAX, &m), -EINVAL);
	assert_int_equal(msg_new(-1, 1, 1, &m), -EINVAL);
	assert_int_equal(msg_new(12345, 0, 1, &m), -EINVAL);
	assert_int_equal(msg_new(12345, -5, 1, &m), -EINVAL);
	assert_int_equal(msg_new(12345, 1, 8192, &m), 0);
	assert_int_equal(msg_send(12345, m, 0), -EINVAL); /* no such queue: freed */
	/* msgmax is read on every call. */
	msg_limits.msgmax = 100;
	assert_int_equal(msg_new(12345, 1, 101, &m), -EINVAL);
}

static void access_is_checked_after_the_size(void **state)
{
	(void)state;
	int id = msg_get(IPC_PRIVATE, 0600);
	current = user(65534);
	assert_int_equal(send(id, 0, 1, IPC_NOWAIT), -EINVAL); /* mtype before EACCES */
	assert_int_equal(send(id, 1, 1, IPC_NOWAIT), -EACCES);
	assert_int_equal(receive(id, 1, 0, IPC_NOWAIT), -EACCES); /* before ENOMSG */
	current = user(0);
	msg_remove(id);
}

/* ---------------------------------------------------------- sleeping */

static void hook_send_type_5(void)
{
	current_pid = 50;
	assert_int_equal(send(qid, 5, 3, 0), 0);
	struct msqid64_ds ds = stat_of(qid);
	assert_int_equal(ds.msg_qnum, 0); /* handed over, never queued */
	assert_int_equal(ds.msg_lrpid, 42);
	assert_int_equal(ds.msg_lspid, 50);
}

static void sleeping_receiver_is_handed_the_message(void **state)
{
	(void)state;
	qid = msg_get(IPC_PRIVATE, 0600);
	set_hooks(hook_send_type_5, 0, 0);
	assert_int_equal(receive(qid, 100, 0, 0), 5);
	msg_remove(qid);
}

/* A (pid 42) waits for type 2, then B (pid 43) for any type. */
static void hook_b_sends_1_then_2(void)
{
	current_pid = 60;
	assert_int_equal(send(qid, 1, 1, 0), 0); /* A does not match: B's */
	assert_int_equal(send(qid, 2, 1, 0), 0); /* A's */
}

static void hook_b_waits_for_any(void)
{
	current_pid = 43;
	assert_int_equal(receive(qid, 100, 0, 0), 1);
}

static void first_matching_sleeper_gets_it(void **state)
{
	(void)state;
	qid = msg_get(IPC_PRIVATE, 0600);
	set_hooks(hook_b_waits_for_any, hook_b_sends_1_then_2, 0);
	assert_int_equal(receive(qid, 100, 2, 0), 2);
	assert_int_equal(stat_of(qid).msg_qnum, 0);
	msg_remove(qid);
}

/* A (4-byte buffer) then B (100): a 10-byte message is E2BIG for A, B's. */
static void hook_send_10_bytes(void)
{
	current_pid = 60;
	assert_int_equal(send(qid, 3, 10, 0), 0);
}

static void hook_b_waits_with_room(void)
{
	current_pid = 43;
	assert_int_equal(receive(qid, 100, 0, 0), 3);
}

static void small_buffer_is_told_e2big(void **state)
{
	(void)state;
	qid = msg_get(IPC_PRIVATE, 0600);
	set_hooks(hook_b_waits_with_room, hook_send_10_bytes, 0);
	assert_int_equal(receive(qid, 4, 0, 0), -E2BIG);
	assert_int_equal(stat_of(qid).msg_qnum, 0);
	msg_remove(qid);
}

static void hook_receive_one(void)
{
	current_pid = 70;
	assert_int_equal(receive(qid, 8192, 0, 0), 1);
}

static void sender_sleeps_until_there_is_room(void **state)
{
	(void)state;
	qid = msg_get(IPC_PRIVATE, 0600);
	for (int i = 0; i < 2; i++)
		send(qid, 1, 8192, 0);
	set_hooks(hook_receive_one, 0, 0);
	assert_int_equal(send(qid, 2, 100, 0), 0);
	struct msqid64_ds ds = stat_of(qid);
	assert_int_equal(ds.msg_qnum, 2);
	assert_int_equal(ds.msg_cbytes, 8292);
	msg_remove(qid);
}

static void hook_raise_qbytes(void)
{
	current_pid = 70;
	set_qbytes(qid, 200);
}

static void ipc_set_wakes_a_sender_that_now_fits(void **state)
{
	(void)state;
	qid = msg_get(IPC_PRIVATE, 0600);
	set_qbytes(qid, 100);
	send(qid, 1, 100, 0);
	set_hooks(hook_raise_qbytes, 0, 0);
	assert_int_equal(send(qid, 1, 50, 0), 0);
	msg_remove(qid);
}

static void hook_remove(void)
{
	current_pid = 80;
	assert_int_equal(msg_remove(qid), 0);
}

static void hook_sender_sleeps(void)
{
	current_pid = 43;
	assert_int_equal(send(qid, 1, 1, 0), -EIDRM);
}

static void rmid_wakes_everyone_with_eidrm(void **state)
{
	(void)state;
	qid = msg_get(IPC_PRIVATE, 0600);
	set_qbytes(qid, 2);
	send(qid, 1, 1, 0);
	send(qid, 1, 1, 0); /* full, and no type 9 */
	set_hooks(hook_sender_sleeps, hook_remove, 0);
	assert_int_equal(receive(qid, 100, 9, 0), -EIDRM);
	struct msqid64_ds ds;
	assert_int_equal(msg_stat(qid, IPC_STAT, &ds), -EINVAL);
	/* the queued messages were freed with the queue (teardown counts blocks) */
}

static void hook_signal_the_sleeper(void)
{
	signal_pid = 42;
}

static void signal_leaves_no_trace(void **state)
{
	(void)state;
	qid = msg_get(IPC_PRIVATE, 0600);
	set_hooks(hook_signal_the_sleeper, 0, 0);
	assert_int_equal(receive(qid, 100, 0, 0), -ERESTARTNOHAND);
	signal_pid = 0;
	assert_int_equal(send(qid, 1, 1, IPC_NOWAIT), 0); /* queued: no receiver left */
	assert_int_equal(stat_of(qid).msg_qnum, 1);

	set_qbytes(qid, 1);
	set_hooks(hook_signal_the_sleeper, 0, 0);
	assert_int_equal(send(qid, 1, 0, 0), -ERESTARTNOHAND);
	signal_pid = 0;
	assert_int_equal(receive(qid, 1, 0, IPC_NOWAIT), 1); /* no sender woken into the queue */
	assert_int_equal(receive(qid, 1, 0, IPC_NOWAIT), -ENOMSG);
	msg_remove(qid);
}

/* ------------------------------------------------------------- msgctl */

static void ipc_set_qbytes_rules(void **state)
{
	(void)state;
	int id = msg_get(IPC_PRIVATE, 0600);
	struct msqid64_ds ds = stat_of(id);
	ds.msg_qbytes = 0x100000064UL; /* an int on the way: 100 */
	assert_int_equal(msg_set(id, &ds), 0);
	assert_int_equal(stat_of(id).msg_qbytes, 100);
	ds.msg_qbytes = 0x80000000UL; /* negative: root may, and it is stored sign-extended */
	assert_int_equal(msg_set(id, &ds), 0);
	assert_int_equal(stat_of(id).msg_qbytes, 0xffffffff80000000UL);

	ds = stat_of(id);
	ds.msg_perm.uid = 1000; /* give it away; root stays the creator */
	ds.msg_qbytes = 16384;
	assert_int_equal(msg_set(id, &ds), 0);
	current = user(1000);
	ds.msg_qbytes = 16385; /* above msgmnb: not for the owner */
	assert_int_equal(msg_set(id, &ds), -EPERM);
	ds.msg_qbytes = 10;
	ds.msg_perm.uid = (uint32_t)-1;
	assert_int_equal(msg_set(id, &ds), -EINVAL); /* after the qbytes check */
	current = user(2000);
	assert_int_equal(msg_set(id, &ds), -EPERM);
	assert_int_equal(msg_remove(id), -EPERM);
	current = user(0);
	msg_remove(id);
}

static void info_counts_queues_messages_bytes(void **state)
{
	(void)state;
	struct msginfo info;
	assert_int_equal(msg_info(MSG_INFO, &info), 0); /* nothing: index 0 */
	assert_int_equal(info.msgpool, 0);
	int a = msg_get(IPC_PRIVATE, 0600), b = msg_get(IPC_PRIVATE, 0600);
	send(a, 1, 100, 0);
	send(b, 1, 20, 0);
	send(b, 1, 0, 0);
	assert_int_equal(msg_info(MSG_INFO, &info), ipc_slot_of(b));
	assert_int_equal(info.msgpool, 2);
	assert_int_equal(info.msgmap, 3);
	assert_int_equal(info.msgtql, 120);
	assert_int_equal(msg_info(IPC_INFO, &info), ipc_slot_of(b));
	assert_int_equal(info.msgpool, 512000);
	assert_int_equal(info.msgmax, 8192);
	assert_int_equal(info.msgmnb, 16384);
	assert_int_equal(info.msgmni, 32000);
	assert_int_equal(info.msgssz, 16);
	assert_int_equal(info.msgseg, 65535);
	msg_remove(a);
	msg_remove(b);
	assert_int_equal(msg_info(MSG_INFO, &info), 0);
	assert_int_equal(info.msgmap, 0);
	assert_int_equal(info.msgtql, 0); /* the bytes came back */
}

static void msgmni_and_keys(void **state)
{
	(void)state;
	msg_limits.msgmni = 1;
	int a = msg_get(0x1234, IPC_CREAT | 0640);
	assert_true(a >= 0);
	assert_int_equal(msg_get(IPC_PRIVATE, 0600), -ENOSPC);
	assert_int_equal(msg_get(0x1234, IPC_CREAT | IPC_EXCL | 0600), -EEXIST);
	current = user(65534);
	assert_int_equal(msg_get(0x1234, 0), a);
	assert_int_equal(msg_get(0x1234, 0400), -EACCES);
	current = user(0);
	assert_int_equal(msg_get(0x4321, 0600), -ENOENT);
	struct msqid64_ds ds = stat_of(a);
	assert_int_equal(ds.msg_qbytes, 16384);
	assert_int_equal(ds.msg_perm.mode, 0640);
	assert_int_equal(ds.msg_ctime, 1000);
	msg_remove(a);
}

static void proc_files(void **state)
{
	(void)state;
	int id = msg_get(0x8d510502, IPC_CREAT | 0600); /* negative as an int */
	current_pid = 7;
	send(id, 1, 3, 0);
	msg_show_queues(0, 0);
	char want[512];
	snprintf(
	    want, sizeof(want),
	    "       key      msqid perms      cbytes       qnum lspid lrpid   uid   gid  cuid  "
	    "cgid      stime      rtime      ctime\n"
	    "%10d %10d   600           3          1     7     0     0     0     0     0 "
	    "      1000          0       1000\n",
	    (int)0x8d510502, id);
	assert_string_equal(proc_text, want);
	msg_remove(id);

	assert_int_equal(msg_store_msgmni("40000\n", 6), -EINVAL);
	assert_int_equal(msg_store_msgmax("-1\n", 3), -EINVAL);
	assert_int_equal(msg_store_msgmax("2147483648\n", 11), -EINVAL);
	assert_int_equal(msg_store_msgmnb("1000\n", 5), 0);
	assert_int_equal(msg_limits.msgmnb, 1000);
	proc_text[0] = '\0';
	msg_show_msgmnb(0, 0);
	assert_string_equal(proc_text, "1000\n");
	msg_set_limits(UINT64_MAX, 5, 1UL << 40); /* from the command line, clamped */
	assert_int_equal(msg_limits.msgmax, INT32_MAX);
	assert_int_equal(msg_limits.msgmnb, 5);
	assert_int_equal(msg_limits.msgmni, IPCMNI);
}

/* ------------------------------------------------ texts in pieces */

/* Records where each piece starts and how long it is. */
struct pieces {
	size_t offset[300], len[300];
	int n, stop_at;
};

static long record_piece(char *piece, size_t len, size_t offset, void *arg)
{
	(void)piece;
	struct pieces *p = arg;
	p->offset[p->n] = offset, p->len[p->n] = len;
	return ++p->n == p->stop_at ? -14 : 0;
}

static void big_texts_are_kept_in_frame_sized_pieces(void **state)
{
	(void)state;
	msg_limits.msgmax = msg_limits.msgmnb = 1 << 20;
	int id = msg_get(IPC_PRIVATE, 0600);
	int queue_blocks = blocks_alive;
	size_t sizes[] = {0, 1, 4000, 8192, 12345, 1 << 20};
	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		size_t size = sizes[k];
		struct msg_msg *m;
		long type = (long)k + 1;
		assert_int_equal(msg_new(id, type, size, &m), 0);
		/* The pieces cover the text in order, none larger than a frame's block. */
		struct pieces p = {.n = 0};
		assert_int_equal(msg_walk_text(m, size, record_piece, &p), 0);
		size_t covered = 0;
		for (int i = 0; i < p.n; i++) {
			assert_int_equal(p.offset[i], covered);
			assert_true(p.len[i] > 0 && p.len[i] < KMALLOC_ONE_FRAME);
			covered += p.len[i];
		}
		assert_int_equal(covered, size);
		/* One block a piece (and one for an empty text's header). */
		assert_int_equal(blocks_alive - queue_blocks, p.n > 0 ? p.n : 1);
		msg_walk_text(m, size, fill_piece, &type);
		assert_int_equal(msg_send(id, m, IPC_NOWAIT), 0);
		assert_int_equal(receive(id, size, 0, IPC_NOWAIT), type);
		assert_int_equal(blocks_alive, queue_blocks);
	}
	assert_int_equal(msg_remove(id), 0);
}

static void walk_stops_at_the_first_failing_piece(void **state)
{
	(void)state;
	msg_limits.msgmax = 20000;
	struct msg_msg *m;
	assert_int_equal(msg_new(0, 1, 20000, &m), 0);
	struct pieces p = {.n = 0, .stop_at = 2};
	assert_int_equal(msg_walk_text(m, 20000, record_piece, &p), -14);
	assert_int_equal(p.n, 2);
	/* A shorter walk (MSG_NOERROR's truncation) ends inside a piece. */
	p = (struct pieces){.n = 0};
	assert_int_equal(msg_walk_text(m, 5000, record_piece, &p), 0);
	assert_int_equal(p.offset[p.n - 1] + p.len[p.n - 1], 5000);
	msg_free(m);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(selection_by_type),
	    T(lowest_type_takes_the_first_of_it),
	    T(too_small_a_buffer),
	    T(full_by_bytes_and_by_count),
	    T(send_checks_before_the_lookup),
	    T(access_is_checked_after_the_size),
	    T(sleeping_receiver_is_handed_the_message),
	    T(first_matching_sleeper_gets_it),
	    T(small_buffer_is_told_e2big),
	    T(sender_sleeps_until_there_is_room),
	    T(ipc_set_wakes_a_sender_that_now_fits),
	    T(rmid_wakes_everyone_with_eidrm),
	    T(signal_leaves_no_trace),
	    T(ipc_set_qbytes_rules),
	    T(info_counts_queues_messages_bytes),
	    T(msgmni_and_keys),
	    T(proc_files),
	    T(big_texts_are_kept_in_frame_sized_pieces),
	    T(walk_stops_at_the_first_failing_piece),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
