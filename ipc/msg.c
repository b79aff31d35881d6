/*
 * msg.c: System V message queues, with Linux's semantics to the errno
 * (../shared/docs/shm-semantics.md section 9 is the specification; its
 * section numbers are cited as "spec 9.5").
 *
 * A queue, and the processes sleeping on it:
 *
 *   queue 32768   messages:  [type 1, 3 bytes] -> [type 2, 0 bytes] -> [type 1, 5 bytes]
 *                 receivers: R1 (type 3) -> R2 (type 4)   asleep on &q->receivers
 *                 senders:   S1 (9000 bytes)              asleep on &q->senders
 *
 * Every sleeper has a record on its own kernel stack (struct msg_receiver,
 * struct msg_sender), linked into its queue's list in arrival order.  Whoever
 * changes the queue decides for the sleepers: a sender hands its message to
 * the first receiver whose filter accepts it; a receiver that frees room tells
 * the senders that now fit to try again; IPC_SET tells everyone to look
 * again; IPC_RMID tells everyone the queue is gone.  It writes the outcome
 * into the record (its `why`), takes the record off the list and wakes the
 * list's channel.  A sleeper only reads its own record when it wakes; one
 * woken although nothing happened to it (the channel is shared) sleeps
 * again in its place.  A signal ends a sleep too: the sleeper then takes
 * its record off the list itself, so a killed process leaves no trace.
 *
 * One spinlock guards every queue, its lists and the records.  It is never
 * held while user memory is touched: kernel/sysmsg.c copies a message's
 * text in before msg_send and out after msg_receive.
 */
#include "fs/procfs.h"
#include "include/uapi/errno.h"
#include "ipc/msg.h"
#include "ipc/shm.h" /* ipc_current_cred, ipc_current_pid, ipc_now */
#include "ipc/util.h"
#include "kernel/signal.h" /* ERESTARTNOHAND */
#include "kernel/spinlock.h"
#include "lib/string.h"
#include "mm/kmalloc.h"

/* What a sleeper's record says happened.  Only WAITING records are on a list. */
enum wake_why {
	WAITING,
	RETRY,   /* look again: a sender, there may be room; a receiver, IPC_SET happened */
	HANDED,  /* a receiver: a sender gave it a message (r->msg) */
	TOO_BIG, /* a receiver: a message it matched was larger than its buffer: E2BIG */
	REMOVED, /* the queue is gone (EIDRM): it is freed, never touch it again */
};

/* The part of a record that wakers use, whoever sleeps. */
struct msg_waiter {
	struct msg_link link; /* in the queue's receivers or senders, while WAITING */
	enum wake_why why;
};

/* msgrcv's choice of message (spec 9.6 step 3). */
enum search { SEARCH_ANY, SEARCH_EQUAL, SEARCH_NOTEQUAL, SEARCH_LESSEQUAL };
struct msg_filter {
	long type;
	enum search mode;
};

struct msg_receiver {
	struct msg_waiter w; /* first */
	struct msg_filter filter;
	size_t maxsize; /* the largest message it takes: its buffer, or INT_MAX with MSG_NOERROR */
	int pid;
	struct msg_msg *msg; /* when HANDED */
};

struct msg_sender {
	struct msg_waiter w; /* first */
	size_t size;         /* the text it wants to queue */
};

struct msg_queue {
	struct kern_ipc_perm perm; /* first: the ids layer's part */
	int64_t stime, rtime, ctime;
	uint64_t cbytes; /* text bytes queued */
	uint64_t qnum;   /* messages queued */
	uint64_t qbytes; /* capacity, in bytes and in messages (spec 9.5 step 6c) */
	int lspid, lrpid;
	struct msg_link messages;  /* struct msg_msg, oldest first */
	struct msg_link receivers; /* struct msg_receiver, in arrival order */
	struct msg_link senders;   /* struct msg_sender, in arrival order */
};

struct msg_limits msg_limits = {MSGMAX, MSGMNB, MSGMNI};

static struct spinlock msg_lock = SPINLOCK_INIT("msg");
static struct ipc_ids msg_ids;
/* Every queue together (MSG_INFO): the leak checks see them go back to 0. */
static uint64_t msg_bytes; /* text bytes queued */
static uint64_t msg_hdrs;  /* messages queued */

void msg_init(void)
{
	ipc_ids_init(&msg_ids, "msg");
}

static int clamp_int(uint64_t v, int max)
{
	return v > (uint64_t)max ? max : (int)v;
}

void msg_set_limits(uint64_t msgmax, uint64_t msgmnb, uint64_t msgmni)
{
	spin_lock(&msg_lock);
	msg_limits.msgmax = clamp_int(msgmax, INT32_MAX);
	msg_limits.msgmnb = clamp_int(msgmnb, INT32_MAX);
	msg_limits.msgmni = clamp_int(msgmni, IPCMNI);
	spin_unlock(&msg_lock);
}

/* ------------------------------------------------------------------ lists */

static void list_init(struct msg_link *head)
{
	head->prev = head->next = head;
}

static void list_add_tail(struct msg_link *head, struct msg_link *l)
{
	l->prev = head->prev;
	l->next = head;
	head->prev->next = l;
	head->prev = l;
}

static void list_del(struct msg_link *l)
{
	l->prev->next = l->next;
	l->next->prev = l->prev;
	l->prev = l->next = l;
}

/* The link is the first member of each of these. */
static struct msg_msg *msg_of(struct msg_link *l)
{
	return (struct msg_msg *)l;
}

static struct msg_waiter *waiter_of(struct msg_link *l)
{
	return (struct msg_waiter *)l;
}

static struct msg_queue *queue_of(struct kern_ipc_perm *perm)
{
	return (struct msg_queue *)perm; /* perm is the first member */
}

/* ---------------------------------------------------------------- waiting */

/*
 * Sleep until the record says something happened, or a signal comes.
 * Returns the record's why; WAITING means a signal ended the sleep, and then
 * the record has been taken off its list here.  Caller holds msg_lock.
 */
static enum wake_why sleep_in_line(struct msg_waiter *w, void *chan)
{
	while (w->why == WAITING && !msg_signal_pending())
		msg_sleep(chan, &msg_lock);
	if (w->why == WAITING)
		list_del(&w->link);
	return w->why;
}

/* Tell one sleeper what happened: off the list (the caller wakes the channel). */
static void tell(struct msg_waiter *w, enum wake_why why)
{
	list_del(&w->link);
	w->why = why;
}

/* Tell every sleeper on a list the same thing, and wake them (a list's address is its channel). */
static void tell_all(struct msg_link *list, enum wake_why why)
{
	bool any = list->next != list;
	while (list->next != list)
		tell(waiter_of(list->next), why);
	if (any)
		msg_wakeup(list);
}

/* ------------------------------------------------------------------ msgget */

static long new_queue(int32_t key, uint64_t unused, int msgflg)
{
	(void)unused;
	struct msg_queue *q = kzalloc(sizeof(*q));
	if (!q)
		return -ENOMEM;
	q->perm.key = key;
	q->perm.mode = msgflg & 0777;
	q->qbytes = msg_limits.msgmnb; /* later changes of msgmnb touch only new queues */
	q->ctime = ipc_now();
	list_init(&q->messages);
	list_init(&q->receivers);
	list_init(&q->senders);
	/* Every field is set before ipc_addid makes the queue visible (CVE-2015-7613). */
	int id = ipc_addid(&msg_ids, &q->perm, msg_limits.msgmni, ipc_current_cred());
	if (id < 0)
		kfree(q);
	return id;
}

/* No extra check for an existing key: no size, no count (spec 9.4). */
static const struct ipc_get_ops msg_get_ops = {new_queue, 0};

long msg_get(int32_t key, int msgflg)
{
	spin_lock(&msg_lock);
	long r = ipc_get(&msg_ids, key, 0, msgflg, &msg_get_ops, ipc_current_cred());
	spin_unlock(&msg_lock);
	return r;
}

static struct msg_queue *find_queue(int msqid)
{
	struct kern_ipc_perm *perm = ipc_find_id(&msg_ids, msqid);
	return perm ? queue_of(perm) : 0;
}

/* ----------------------------------------------------------------- matching */

static struct msg_filter make_filter(long msgtyp, int msgflg)
{
	if (msgtyp == 0)
		return (struct msg_filter){0, SEARCH_ANY}; /* MSG_EXCEPT is ignored */
	if (msgtyp < 0) /* -LONG_MIN does not exist: Linux takes LONG_MAX (long is 64 bits) */
		return (struct msg_filter){msgtyp == INT64_MIN ? INT64_MAX : -msgtyp,
		                           SEARCH_LESSEQUAL};
	return (struct msg_filter){msgtyp, (msgflg & MSG_EXCEPT) ? SEARCH_NOTEQUAL : SEARCH_EQUAL};
}

static bool matches(const struct msg_filter *f, long type)
{
	switch (f->mode) {
	case SEARCH_EQUAL:
		return type == f->type;
	case SEARCH_NOTEQUAL:
		return type != f->type;
	case SEARCH_LESSEQUAL:
		return type <= f->type;
	default:
		return true;
	}
}

/*
 * The message msgrcv takes: the first that matches; for "lowest type
 * <= |msgtyp|", the first message of the lowest type (spec 9.6 step 5c).
 */
static struct msg_msg *find_msg(struct msg_queue *q, const struct msg_filter *f)
{
	struct msg_msg *best = 0;
	for (struct msg_link *l = q->messages.next; l != &q->messages; l = l->next) {
		struct msg_msg *m = msg_of(l);
		if (!matches(f, m->type))
			continue;
		if (f->mode != SEARCH_LESSEQUAL || m->type == 1)
			return m; /* 1 is the lowest type there is */
		if (!best || m->type < best->type)
			best = m;
	}
	return best;
}

/* ------------------------------------------------------------------ msgsnd */

/* The text each piece of a message holds (msg.h): one frame's block less the header. */
#define FIRST_PIECE (KMALLOC_ONE_FRAME - sizeof(struct msg_msg))
#define NEXT_PIECE  (KMALLOC_ONE_FRAME - sizeof(struct msg_piece))

/* Room for one more message of size bytes?  qbytes caps the bytes AND the count. */
static bool fits(const struct msg_queue *q, size_t size)
{
	return q->cbytes + size <= q->qbytes && q->qnum + 1 <= q->qbytes;
}

long msg_new(int msqid, long mtype, size_t size, struct msg_msg **out)
{
	spin_lock(&msg_lock);
	size_t msgmax = msg_limits.msgmax; /* read on every call: lowering it counts at once */
	spin_unlock(&msg_lock);
	if (size > msgmax || msqid < 0) /* a negative size, as a size_t, is above it too */
		return -EINVAL;
	if (mtype < 1) /* before the lookup, as Linux */
		return -EINVAL;
	size_t first = size < FIRST_PIECE ? size : FIRST_PIECE;
	struct msg_msg *m = kmalloc(sizeof(*m) + first);
	if (!m)
		return -ENOMEM;
	m->type = mtype;
	m->size = size;
	m->more = NULL;
	list_init(&m->link);
	struct msg_piece **tail = &m->more;
	for (size_t left = size - first; left > 0;) {
		size_t n = left < NEXT_PIECE ? left : NEXT_PIECE;
		struct msg_piece *p = kmalloc(sizeof(*p) + n);
		if (!p) {
			msg_free(m);
			return -ENOMEM;
		}
		p->next = NULL;
		*tail = p;
		tail = &p->next;
		left -= n;
	}
	*out = m;
	return 0;
}

void msg_free(struct msg_msg *msg)
{
	struct msg_piece *p = msg->more;
	while (p) {
		struct msg_piece *next = p->next;
		kfree(p);
		p = next;
	}
	kfree(msg);
}

long msg_walk_text(struct msg_msg *msg, size_t n, msg_piece_step *step, void *arg)
{
	char *piece = msg->text;
	size_t room = FIRST_PIECE;
	struct msg_piece *next = msg->more;
	for (size_t off = 0; off < n;) {
		size_t len = n - off < room ? n - off : room;
		long r = step(piece, len, off, arg);
		if (r)
			return r;
		off += len;
		if (off < n) { /* n <= size: there is a next piece */
			piece = next->text;
			room = NEXT_PIECE;
			next = next->next;
		}
	}
	return 0;
}

/*
 * Wait until the queue has room for size bytes (spec 9.5 step 6).  0, or
 * -errno; after -EIDRM the queue is gone.  Caller holds msg_lock.
 */
static long wait_for_room(struct msg_queue *q, size_t size, int msgflg)
{
	for (;;) {
		if (ipc_perms(&q->perm, 0222, ipc_current_cred()))
			return -EACCES; /* checked again after every sleep */
		if (fits(q, size))
			return 0;
		if (msgflg & IPC_NOWAIT)
			return -EAGAIN;
		struct msg_sender s = {.w.why = WAITING, .size = size};
		list_add_tail(&q->senders, &s.w.link);
		enum wake_why why = sleep_in_line(&s.w, &q->senders);
		if (why == REMOVED)
			return -EIDRM;
		/* A signal: EINTR once a handler runs, even with SA_RESTART. */
		if (why == WAITING || msg_signal_pending())
			return -ERESTARTNOHAND;
	}
}

/*
 * Pipelined send (spec 9.5 step 7): the first sleeping receiver whose filter
 * accepts the message gets it directly; it never shows up in the queue.  A
 * receiver passed on the way whose buffer is too small is told E2BIG.
 */
static bool hand_to_receiver(struct msg_queue *q, struct msg_msg *m)
{
	bool woke = false, handed = false;
	struct msg_link *l = q->receivers.next;
	while (l != &q->receivers && !handed) {
		struct msg_receiver *r = (struct msg_receiver *)waiter_of(l);
		l = l->next;
		if (!matches(&r->filter, m->type))
			continue;
		woke = true;
		if (r->maxsize < m->size) {
			tell(&r->w, TOO_BIG);
			continue;
		}
		r->msg = m;
		tell(&r->w, HANDED);
		q->lrpid = r->pid;
		q->rtime = ipc_now();
		handed = true;
	}
	if (woke)
		msg_wakeup(&q->receivers);
	return handed;
}

static void deliver(struct msg_queue *q, struct msg_msg *m)
{
	q->lspid = ipc_current_pid();
	q->stime = ipc_now();
	if (hand_to_receiver(q, m))
		return;
	list_add_tail(&q->messages, &m->link);
	q->cbytes += m->size;
	q->qnum++;
	msg_bytes += m->size;
	msg_hdrs++;
}

long msg_send(int msqid, struct msg_msg *msg, int msgflg)
{
	spin_lock(&msg_lock);
	struct msg_queue *q = find_queue(msqid);
	long r = q ? wait_for_room(q, msg->size, msgflg) : -EINVAL;
	if (r == 0)
		deliver(q, msg);
	spin_unlock(&msg_lock);
	if (r)
		msg_free(msg);
	return r;
}

/* ------------------------------------------------------------------ msgrcv */

/*
 * Room was made: wake the senders whose message now fits (each is judged
 * alone: no FIFO promise, spec 9.7).  The others keep their place.
 */
static void wake_senders(struct msg_queue *q)
{
	bool woke = false;
	struct msg_link *l = q->senders.next;
	while (l != &q->senders) {
		struct msg_sender *s = (struct msg_sender *)waiter_of(l);
		l = l->next;
		if (fits(q, s->size)) {
			tell(&s->w, RETRY);
			woke = true;
		}
	}
	if (woke)
		msg_wakeup(&q->senders);
}

/* Unlink a queued message for its receiver (spec 9.6 step 5d). */
static void take(struct msg_queue *q, struct msg_msg *m)
{
	list_del(&m->link);
	q->qnum--;
	q->cbytes -= m->size;
	msg_hdrs--;
	msg_bytes -= m->size;
	q->rtime = ipc_now();
	q->lrpid = ipc_current_pid();
	wake_senders(q);
}

/*
 * Find a message, or sleep in line until a sender hands one over (spec 9.6
 * step 5).  0 with *out set, or -errno; after -EIDRM the queue is gone.
 * Caller holds msg_lock.
 */
static long take_or_wait(struct msg_queue *q, const struct msg_filter *f, size_t size, int msgflg,
                         struct msg_msg **out)
{
	for (;;) {
		if (ipc_perms(&q->perm, 0444, ipc_current_cred()))
			return -EACCES; /* before ENOMSG and E2BIG; again after every sleep */
		struct msg_msg *m = find_msg(q, f);
		if (m && size < m->size && !(msgflg & MSG_NOERROR))
			return -E2BIG; /* and the message stays queued */
		if (m) {
			take(q, m);
			*out = m;
			return 0;
		}
		if (msgflg & IPC_NOWAIT)
			return -ENOMSG;
		struct msg_receiver r = {
		    .w.why = WAITING,
		    .filter = *f,
		    .maxsize = (msgflg & MSG_NOERROR) ? INT32_MAX : size,
		    .pid = ipc_current_pid(),
		};
		list_add_tail(&q->receivers, &r.w.link);
		switch (sleep_in_line(&r.w, &q->receivers)) {
		case HANDED: /* even with a signal pending: the message is ours */
			*out = r.msg;
			return 0;
		case TOO_BIG:
			return -E2BIG;
		case REMOVED:
			return -EIDRM;
		case RETRY:
			if (!msg_signal_pending())
				continue; /* IPC_SET: check the permissions again */
			return -ERESTARTNOHAND;
		case WAITING:
			return -ERESTARTNOHAND; /* a signal */
		}
	}
}

long msg_receive(int msqid, size_t size, long msgtyp, int msgflg, struct msg_msg **out)
{
	if (msqid < 0 || (long)size < 0)
		return -EINVAL;
	/* MSG_COPY's own checks first, as Linux; then ENOSYS, as Linux built
	 * without CONFIG_CHECKPOINT_RESTORE (musl does not even define it). */
	if (msgflg & MSG_COPY)
		return (msgflg & MSG_EXCEPT) || !(msgflg & IPC_NOWAIT) ? -EINVAL : -ENOSYS;
	struct msg_filter f = make_filter(msgtyp, msgflg);
	spin_lock(&msg_lock);
	struct msg_queue *q = find_queue(msqid);
	long r = q ? take_or_wait(q, &f, size, msgflg, out) : -EINVAL;
	spin_unlock(&msg_lock);
	return r;
}

/* ------------------------------------------------------------------ msgctl */

static void fill_msqid64(const struct msg_queue *q, struct msqid64_ds *out)
{
	memset(out, 0, sizeof(*out)); /* the unused fields are 0 */
	ipc_fill_perm64(&q->perm, &out->msg_perm);
	out->msg_stime = q->stime;
	out->msg_rtime = q->rtime;
	out->msg_ctime = q->ctime;
	out->msg_cbytes = q->cbytes;
	out->msg_qnum = q->qnum;
	out->msg_qbytes = q->qbytes;
	out->msg_lspid = q->lspid;
	out->msg_lrpid = q->lrpid;
}

long msg_stat(int msqid, int cmd, struct msqid64_ds *out)
{
	enum ipc_stat_by by = ipc_stat_by_cmd(cmd, MSG_STAT);
	spin_lock(&msg_lock);
	struct kern_ipc_perm *perm;
	long r = ipc_find_for_stat(&msg_ids, msqid, by, ipc_current_cred(), &perm);
	if (r == 0) {
		fill_msqid64(queue_of(perm), out);
		r = cmd == IPC_STAT ? 0 : perm->id;
	}
	spin_unlock(&msg_lock);
	return r;
}

/* IPC_SET's own part (spec 9.8): msg_qbytes, then the ids layer's uid, gid, mode. */
static long set_queue(struct msg_queue *q, const struct msqid64_ds *in)
{
	/* Linux hands msg_qbytes on as an int: 0x100000064 is 100, and 0x80000000
	 * is negative, so above msgmnb when compared unsigned.  Past msgmnb needs
	 * CAP_SYS_RESOURCE: root here. */
	int qbytes = (int)in->msg_qbytes;
	if ((unsigned)qbytes > (unsigned)msg_limits.msgmnb && ipc_current_cred()->euid != 0)
		return -EPERM;
	long r = ipc_set_perm(&q->perm, &in->msg_perm);
	if (r)
		return r;
	q->qbytes = (uint64_t)(long)qbytes; /* sign-extended, as Linux stores it */
	q->ctime = ipc_now();
	/* Receivers may have lost the right to read; senders may fit now. */
	tell_all(&q->receivers, RETRY);
	wake_senders(q);
	return 0;
}

long msg_set(int msqid, const struct msqid64_ds *in)
{
	spin_lock(&msg_lock);
	struct kern_ipc_perm *perm;
	long r = ipc_find_for_change(&msg_ids, msqid, ipc_current_cred(), &perm);
	if (!r)
		r = set_queue(queue_of(perm), in);
	spin_unlock(&msg_lock);
	return r;
}

/* IPC_RMID: gone at once (no deferred destruction, unlike shm), sleepers told EIDRM. */
static void destroy(struct msg_queue *q)
{
	tell_all(&q->receivers, REMOVED);
	tell_all(&q->senders, REMOVED);
	ipc_rmid(&msg_ids, &q->perm);
	while (q->messages.next != &q->messages) {
		struct msg_msg *m = msg_of(q->messages.next);
		list_del(&m->link);
		msg_hdrs--;
		msg_bytes -= m->size;
		msg_free(m);
	}
	kfree(q);
}

long msg_remove(int msqid)
{
	spin_lock(&msg_lock);
	struct kern_ipc_perm *perm;
	long r = ipc_find_for_change(&msg_ids, msqid, ipc_current_cred(), &perm);
	if (!r)
		destroy(queue_of(perm));
	spin_unlock(&msg_lock);
	return r;
}

/* IPC_INFO: the limits (and Linux's unused constants); MSG_INFO: the usage. */
long msg_info(int cmd, struct msginfo *out)
{
	memset(out, 0, sizeof(*out));
	spin_lock(&msg_lock);
	out->msgmax = msg_limits.msgmax;
	out->msgmnb = msg_limits.msgmnb;
	out->msgmni = msg_limits.msgmni;
	out->msgssz = MSGSSZ;
	out->msgseg = MSGSEG;
	if (cmd == MSG_INFO) {
		/* Queues, messages, text bytes. */
		out->msgpool = msg_ids.in_use;
		out->msgmap = clamp_int(msg_hdrs, INT32_MAX);
		out->msgtql = clamp_int(msg_bytes, INT32_MAX);
	} else {
		out->msgpool = MSGPOOL;
		out->msgmap = MSGMAP;
		out->msgtql = MSGTQL;
	}
	long r = ipc_highest_slot(&msg_ids);
	spin_unlock(&msg_lock);
	return r;
}

/* ---------------------------------------------------------------- /proc */

/* /proc/sysvipc/msg: Linux's format (spec 9.8), which util-linux's ipcs reads. */
int msg_show_queues(struct procfs_text *out, int pid)
{
	(void)pid;
	procfs_printf(out, "       key      msqid perms      cbytes       qnum lspid lrpid   uid   "
	                   "gid  cuid  cgid      stime      rtime      ctime\n");
	spin_lock(&msg_lock);
	for (int i = 0; i <= msg_ids.max_idx; i++) {
		struct msg_queue *q = msg_ids.slots[i] ? queue_of(msg_ids.slots[i]) : 0;
		if (!q)
			continue;
		procfs_printf(out,
		              "%10d %10d  %4o  %10lu %10lu %5u %5u %5u %5u %5u %5u %10lu %10lu "
		              "%10lu\n",
		              q->perm.key, q->perm.id, q->perm.mode, q->cbytes, q->qnum, q->lspid,
		              q->lrpid, q->perm.uid, q->perm.gid, q->perm.cuid, q->perm.cgid,
		              (uint64_t)q->stime, (uint64_t)q->rtime, (uint64_t)q->ctime);
	}
	spin_unlock(&msg_lock);
	return 0;
}

/* /proc/sys/kernel/msg{max,mnb,mni}: read and (root only, by the file mode) write. */
static int show_limit(struct procfs_text *out, const int *limit)
{
	spin_lock(&msg_lock);
	int v = *limit;
	spin_unlock(&msg_lock);
	procfs_printf(out, "%d\n", v);
	return 0;
}

/* A decimal number from 0 to max, with blanks around it; else EINVAL (as -1 or 2^31). */
static int store_limit(const char *text, int *limit, int max)
{
	uint64_t v;
	int err = ipc_parse_limits(text, 1, max, &v);
	if (err)
		return err;
	spin_lock(&msg_lock);
	*limit = (int)v;
	spin_unlock(&msg_lock);
	return 0;
}

int msg_show_msgmax(struct procfs_text *out, int pid)
{
	(void)pid;
	return show_limit(out, &msg_limits.msgmax);
}

int msg_show_msgmnb(struct procfs_text *out, int pid)
{
	(void)pid;
	return show_limit(out, &msg_limits.msgmnb);
}

int msg_show_msgmni(struct procfs_text *out, int pid)
{
	(void)pid;
	return show_limit(out, &msg_limits.msgmni);
}

int msg_store_msgmax(const char *text, size_t len)
{
	(void)len;
	return store_limit(text, &msg_limits.msgmax, INT32_MAX);
}

int msg_store_msgmnb(const char *text, size_t len)
{
	(void)len;
	return store_limit(text, &msg_limits.msgmnb, INT32_MAX);
}

int msg_store_msgmni(const char *text, size_t len)
{
	(void)len;
	return store_limit(text, &msg_limits.msgmni, IPCMNI); /* as Linux: 0 .. IPCMNI */
}

/* For the leak check at the end of a run: queues that still exist. */
int msg_count(void)
{
	spin_lock(&msg_lock);
	int n = msg_ids.in_use;
	spin_unlock(&msg_lock);
	return n;
}
