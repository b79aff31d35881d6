/*
 * msg_block: sleeping in msgsnd and msgrcv, and who wakes whom.
 *
 * Each check forks children that block in msgrcv or msgsnd; the parent
 * waits (polling /proc/PID/stat against a deadline, never sleeping) until
 * each child is asleep, acts, and reads what the child's call returned
 * through a pipe.
 *
 *   A sleeping receiver gets a message handed over directly (it never
 *   shows in qnum; lrpid is the receiver).  Receivers are served in the
 *   order they went to sleep, but a message goes to the first whose filter
 *   takes it: A(type 2), B(any), send 1 -> B, send 2 -> A.  A matching
 *   receiver whose buffer is too small gets E2BIG, and the message goes on
 *   to the next.  A sleeping sender goes on when a msgrcv makes room, or
 *   IPC_SET raises qbytes; senders are not served in order: with 95/100
 *   bytes used, senders of 90 then 10 waiting, receiving 10 bytes lets the
 *   10-byte sender through.  IPC_RMID wakes receivers and senders with
 *   EIDRM.  A handled signal gives EINTR even with SA_RESTART; SIGSTOP and
 *   SIGCONT without a handler restart the call unseen.  A process killed
 *   while asleep leaves no trace (the next message is queued, not handed
 *   to it).  IPC_SET that takes away read permission wakes a sleeping
 *   reader with EACCES.  On shmos the kernel heap comes back exactly.
 */
#include "check.h"
#include "msg_common.h"

/* What a child's msgsnd or msgrcv did. */
struct outcome {
	long ret;
	int err;
	long mtype;
	char text[64];
};

/* What a child should do. */
struct job {
	int id;
	int send;    /* 1: msgsnd of len bytes of type; 0: msgrcv into size bytes */
	long type;   /* the message's type, or msgrcv's msgtyp */
	size_t len;  /* msgsnd */
	size_t size; /* msgrcv */
	int flags;
	int handler; /* catch SIGUSR1 (SA_RESTART) */
	int nobody;  /* become uid/gid 65534 first */
};

struct child {
	pid_t pid;
	int fd; /* the read end of its outcome pipe */
};

static void on_usr1(int sig)
{
	(void)sig;
}

static void run_job(const struct job *j, int fd)
{
	struct outcome o = {0};
	struct msgbuf_n m;
	if (j->nobody)
		become_nobody();
	if (j->handler) {
		struct sigaction sa = {.sa_handler = on_usr1, .sa_flags = SA_RESTART};
		sigaction(SIGUSR1, &sa, NULL);
	}
	if (j->send) {
		o.ret = put(j->id, j->type, NULL, j->len, j->flags);
	} else {
		o.ret = get(j->id, &m, j->size, j->type, j->flags);
		o.mtype = m.mtype;
		memcpy(o.text, m.mtext, sizeof(o.text) - 1);
	}
	o.err = errno;
	_exit(write(fd, &o, sizeof(o)) == sizeof(o) ? 0 : 3);
}

/* Fork a child doing j; wait until it sleeps in the kernel (else FAIL name). */
static struct child start(const char *name, struct job j)
{
	struct child c = {-1, -1};
	int fds[2];
	if (pipe(fds) != 0) {
		fail(name, "pipe: %s", errname(errno));
		return c;
	}
	check_current = name;
	c.pid = check_fork();
	if (c.pid == 0) {
		close(fds[0]);
		run_job(&j, fds[1]);
	}
	close(fds[1]);
	c.fd = fds[0];
	if (c.pid > 0 && !wait_sleeping(c.pid))
		fail(name, "child %d did not go to sleep (state %c)", (int)c.pid,
		     proc_state(c.pid));
	return c;
}

/* The child's outcome (ret -2 if it died without one); the child is reaped. */
static struct outcome finish(struct child c)
{
	struct outcome o = {.ret = -2};
	if (c.pid <= 0)
		return o;
	if (read(c.fd, &o, sizeof(o)) != sizeof(o))
		o.ret = -2;
	close(c.fd);
	int status;
	wait_child(c.pid, &status);
	return o;
}

static int want_outcome_err(const char *name, struct outcome o, int err, const char *what)
{
	return check(o.ret == -1 && o.err == err, name, "%s: returned %ld (%s), expected -1/%s",
	             what, o.ret, o.ret == -1 ? ename(o.err) : "no error", ename(err));
}

static int set_qbytes(int id, unsigned long qbytes)
{
	struct msqid_ds ds;
	if (qstat(id, &ds) != 0)
		return -1;
	ds.msg_qbytes = qbytes;
	return msgctl(id, IPC_SET, &ds);
}

static struct job receive_job(int id, long type, size_t size)
{
	return (struct job){.id = id, .type = type, .size = size};
}

static struct job send_job(int id, long type, size_t len)
{
	return (struct job){.id = id, .send = 1, .type = type, .len = len};
}

/* ----------------------------------------------------------- receivers --- */

static void handed_over(void)
{
	int id = new_queue("handed", 0600);
	if (id < 0)
		return;
	struct child c = start("handed_receiver_sleeps", receive_job(id, 0, 100));
	put(id, 5, "hi", 2, 0);
	struct msqid_ds ds;
	qstat(id, &ds);
	check(ds.msg_qnum == 0 && ds.msg_cbytes == 0, "handed_not_queued",
	      "qnum %lu cbytes %lu right after the msgsnd", (unsigned long)ds.msg_qnum,
	      (unsigned long)ds.msg_cbytes);
	check(ds.msg_lrpid == c.pid && ds.msg_lspid == getpid(), "handed_pids",
	      "lrpid %d (receiver %d), lspid %d (us %d)", ds.msg_lrpid, (int)c.pid, ds.msg_lspid,
	      (int)getpid());
	struct outcome o = finish(c);
	check(o.ret == 2 && o.mtype == 5 && strcmp(o.text, "hi") == 0, "handed_received",
	      "the receiver got %ld (%s), type %ld \"%s\"", o.ret, ename(o.err), o.mtype, o.text);
}

static void filter_order(void)
{
	int id = new_queue("filters", 0600);
	if (id < 0)
		return;
	struct child a = start("filter_a_sleeps", receive_job(id, 2, 100));
	struct child b = start("filter_b_sleeps", receive_job(id, 0, 100));
	put(id, 1, "x", 1, 0);
	struct outcome ob = finish(b);
	check(ob.ret == 1 && ob.mtype == 1, "type_1_to_b", "B (any type) got %ld, type %ld", ob.ret,
	      ob.mtype);
	check(wait_sleeping(a.pid), "a_still_waits", "A (type 2) is in state %c",
	      proc_state(a.pid));
	put(id, 2, "y", 1, 0);
	struct outcome oa = finish(a);
	check(oa.ret == 1 && oa.mtype == 2, "type_2_to_a", "A (type 2) got %ld, type %ld", oa.ret,
	      oa.mtype);

	struct child first = start("fifo_first_sleeps", receive_job(id, 0, 100));
	struct child second = start("fifo_second_sleeps", receive_job(id, 0, 100));
	put(id, 1, "1", 1, 0);
	put(id, 1, "2", 1, 0);
	struct outcome o1 = finish(first), o2 = finish(second);
	check(o1.ret == 1 && o2.ret == 1 && o1.text[0] == '1' && o2.text[0] == '2' &&
	          o1.mtype == 1 && o2.mtype == 1,
	      "fifo_in_sleep_order", "the first sleeper got %ld \"%s\", the second %ld \"%s\"",
	      o1.ret, o1.text, o2.ret, o2.text);
	want_val("fifo_nothing_queued", qnum_of(id), 0, "qnum");
}

/* Receivers A (4-byte buffer) then B (100): a 10-byte message: E2BIG for A, B gets it. */
static void e2big_handoff(void)
{
	int id = new_queue("e2big", 0600);
	if (id < 0)
		return;
	struct child a = start("e2big_a_sleeps", receive_job(id, 0, 4));
	struct child b = start("e2big_b_sleeps", receive_job(id, 0, 100));
	put(id, 3, "0123456789", 10, 0);
	want_outcome_err("e2big_to_small_buffer", finish(a), E2BIG, "A's msgrcv(4 bytes)");
	struct outcome ob = finish(b);
	check(ob.ret == 10 && ob.mtype == 3, "e2big_next_gets_it", "B got %ld, type %ld", ob.ret,
	      ob.mtype);
}

/* ------------------------------------------------------------- senders --- */

static void blocked_sender(void)
{
	int id = new_queue("sender", 0600);
	if (id < 0)
		return;
	for (int i = 0; i < 4; i++)
		put(id, 1, NULL, 4096, 0);
	struct child s = start("sender_sleeps", send_job(id, 9, 4096));
	struct msgbuf_n m;
	get(id, &m, 4096, 0, 0);
	struct outcome o = finish(s);
	check(o.ret == 0, "sender_goes_on", "the sender's msgsnd returned %ld (%s)", o.ret,
	      ename(o.err));
	struct msqid_ds ds;
	qstat(id, &ds);
	check(ds.msg_qnum == 4 && ds.msg_cbytes == 16384, "sender_queued", "qnum %lu cbytes %lu",
	      (unsigned long)ds.msg_qnum, (unsigned long)ds.msg_cbytes);

	int small = new_queue("qbytes_raise", 0600);
	if (small < 0 || set_qbytes(small, 100) != 0)
		return;
	put(small, 1, NULL, 100, 0);
	s = start("qbytes_sender_sleeps", send_job(small, 1, 50));
	want_zero("qbytes_raise", set_qbytes(small, 200), "IPC_SET qbytes 200");
	o = finish(s);
	check(o.ret == 0, "qbytes_raise_releases", "the sender's msgsnd returned %ld (%s)", o.ret,
	      ename(o.err));
}

/* 95 of 100 bytes used, senders of 90 and then 10 bytes asleep; 10 bytes received. */
static void senders_not_fifo(void)
{
	int id = new_queue("not_fifo", 0600);
	if (id < 0 || set_qbytes(id, 100) != 0)
		return;
	put(id, 1, NULL, 10, 0);
	put(id, 2, NULL, 85, 0);
	struct child s90 = start("not_fifo_90_sleeps", send_job(id, 3, 90));
	struct child s10 = start("not_fifo_10_sleeps", send_job(id, 4, 10));
	struct msgbuf_n m;
	get(id, &m, 100, 1, 0);
	struct outcome o = finish(s10);
	check(o.ret == 0, "not_fifo_10_first", "the 10-byte sender's msgsnd returned %ld (%s)",
	      o.ret, ename(o.err));
	check(wait_sleeping(s90.pid), "not_fifo_90_waits", "the 90-byte sender is in state %c",
	      proc_state(s90.pid));
	get(id, &m, 100, 2, 0);
	o = finish(s90);
	check(o.ret == 0, "not_fifo_90_later", "the 90-byte sender's msgsnd returned %ld (%s)",
	      o.ret, ename(o.err));
}

/* ------------------------------------------------------- the queue goes --- */

static void rmid_wakes_all(void)
{
	int id = new_queue("rmid", 0600);
	if (id < 0 || set_qbytes(id, 10) != 0)
		return;
	for (int i = 0; i < 10; i++)
		put(id, 1, NULL, 0, 0);
	struct child r = start("rmid_receiver_sleeps", receive_job(id, 99, 100));
	struct child s = start("rmid_sender_sleeps", send_job(id, 1, 0));
	want_zero("rmid", msgctl(id, IPC_RMID, NULL), "IPC_RMID");
	want_outcome_err("rmid_receiver_eidrm", finish(r), EIDRM, "the receiver's msgrcv");
	want_outcome_err("rmid_sender_eidrm", finish(s), EIDRM, "the sender's msgsnd");
}

/* ------------------------------------------------------------- signals --- */

static void signals(void)
{
	int id = new_queue("signals", 0600);
	if (id < 0 || set_qbytes(id, 1) != 0)
		return;
	struct job j = receive_job(id, 0, 100);
	j.handler = 1;
	struct child r = start("eintr_receiver_sleeps", j);
	kill(r.pid, SIGUSR1);
	want_outcome_err("eintr_receiver", finish(r), EINTR, "msgrcv interrupted (SA_RESTART)");

	put(id, 1, NULL, 1, 0); /* full: qbytes 1 */
	j = send_job(id, 1, 0);
	j.handler = 1;
	struct child s = start("eintr_sender_sleeps", j);
	kill(s.pid, SIGUSR1);
	want_outcome_err("eintr_sender", finish(s), EINTR, "msgsnd interrupted (SA_RESTART)");
	struct msgbuf_n m;
	get(id, &m, 1, 0, 0);

	/* No handler: a stop and a continue are not seen by the call. */
	r = start("stop_receiver_sleeps", receive_job(id, 0, 100));
	kill(r.pid, SIGSTOP);
	int stopped = wait_state(r.pid, 'T');
	kill(r.pid, SIGCONT);
	int asleep = stopped && wait_sleeping(r.pid);
	check(stopped && asleep, "stop_cont_back_asleep", "stopped %d, asleep again %d", stopped,
	      asleep);
	put(id, 6, "z", 1, 0);
	struct outcome o = finish(r);
	check(o.ret == 1 && o.mtype == 6, "stop_cont_restarted", "msgrcv returned %ld (%s)", o.ret,
	      ename(o.err));
}

/* Killed while asleep: the next message is queued, not handed to the dead. */
static void killed_sleepers(void)
{
	int id = new_queue("killed", 0600);
	if (id < 0)
		return;
	struct child r = start("killed_receiver_sleeps", receive_job(id, 0, 100));
	kill(r.pid, SIGKILL);
	finish(r);
	put(id, 1, "x", 1, 0);
	want_val("killed_receiver_no_trace", qnum_of(id), 1, "qnum after a send");

	set_qbytes(id, 1);
	struct child s = start("killed_sender_sleeps", send_job(id, 2, 0));
	kill(s.pid, SIGKILL);
	finish(s);
	struct msgbuf_n m;
	get(id, &m, 100, 0, 0);
	want_err("killed_sender_no_trace", get(id, &m, 100, 0, IPC_NOWAIT), ENOMSG,
	         "msgrcv after the sender was killed");
}

/* ---------------------------------------------------------- permissions --- */

static void lose_read_permission(void)
{
	if (geteuid() != 0) {
		skip("ipc_set_eacces", "not running as root: cannot become another user");
		return;
	}
	int id = new_queue("ipc_set_eacces", 0666);
	if (id < 0)
		return;
	struct job j = receive_job(id, 0, 100);
	j.nobody = 1;
	struct child r = start("nobody_sleeps", j);
	struct msqid_ds ds;
	qstat(id, &ds);
	want_zero("ipc_set_same_mode", msgctl(id, IPC_SET, &ds), "IPC_SET, mode unchanged");
	check(wait_sleeping(r.pid), "nobody_still_waits", "nobody's msgrcv is in state %c",
	      proc_state(r.pid));
	ds.msg_perm.mode = 0600;
	want_zero("ipc_set_0600", msgctl(id, IPC_SET, &ds), "IPC_SET mode 0600");
	want_outcome_err("ipc_set_eacces", finish(r), EACCES, "nobody's msgrcv after mode 0600");

	ds.msg_perm.mode = 0666;
	msgctl(id, IPC_SET, &ds);
	r = start("nobody_sleeps_again", j);
	qstat(id, &ds);
	msgctl(id, IPC_SET, &ds);
	put(id, 8, "ok", 2, 0);
	struct outcome o = finish(r);
	check(o.ret == 2 && o.mtype == 8, "ipc_set_then_message",
	      "nobody's msgrcv returned %ld (%s)", o.ret, ename(o.err));
}

/* ----------------------------------------------------------------- leaks --- */

static void heap_comes_back(void)
{
	long heap0 = kernel_heap();
	if (heap0 < 0) {
		skip("heap_back", "KernelHeapBytes is shmos's own line");
		return;
	}
	int id = msgget(IPC_PRIVATE, 0600);
	set_qbytes(id, 10000);
	for (int i = 0; i < 9; i++)
		put(id, 1, NULL, 1000, 0);
	struct child r = start("heap_receiver_sleeps", receive_job(id, 99, 100));
	struct child s = start("heap_sender_sleeps", send_job(id, 1, 5000));
	long heap1 = kernel_heap();
	kill(r.pid, SIGKILL);
	kill(s.pid, SIGKILL);
	finish(r);
	finish(s);
	msgctl(id, IPC_RMID, NULL);
	long heap2 = kernel_heap();
	info("KernelHeapBytes %ld before, %ld with 9000 bytes queued, %ld after", heap0, heap1,
	     heap2);
	check(heap1 >= heap0 + 9000, "heap_holds_messages",
	      "heap grew by %ld bytes, expected 9000+", heap1 - heap0);
	check(heap2 == heap0, "heap_back", "the kernel heap went from %ld to %ld bytes", heap0,
	      heap2);
}

int main(void)
{
	check_init("msg_block");
	if (!msg_require())
		return msg_summary();
	heap_comes_back(); /* first: nothing of ours in the kernel yet */
	handed_over();
	filter_order();
	e2big_handoff();
	blocked_sender();
	senders_not_fifo();
	rmid_wakes_all();
	signals();
	killed_sleepers();
	lose_read_permission();
	return msg_summary();
}
