/*
 * msg_send: msgsnd's checks, in Linux's order, and when a queue is full.
 *
 *   EFAULT reading mtype comes before everything (msgsnd(-1, NULL, 0, 0));
 *   then EINVAL for msgsz > msgmax (8193, SIZE_MAX, 2^63) or msqid < 0;
 *   then EINVAL for mtype < 1, before the lookup (so even on a queue the
 *   caller may not write); then EFAULT copying the text (none with msgsz 0:
 *   a 0-byte message whose text would lie in a PROT_NONE page is sent);
 *   then EINVAL for a bad id, EACCES without write permission.
 *   A message fits if cbytes + msgsz <= qbytes AND qnum + 1 <= qbytes:
 *   four 4096-byte messages fill 16384 bytes, then 1 byte is EAGAIN but 0
 *   bytes fit; qbytes 10 takes exactly 10 empty messages; qbytes 0 takes
 *   none; a message larger than qbytes never fits (EAGAIN, not EINVAL).
 *   msgmax is read on every call (lowered to 100: 101 bytes is EINVAL).
 */
#include "check.h"
#include "msg_common.h"

static int id_0600;
static void *bad_page; /* PROT_NONE: the kernel's copy from it must fail */

static void order_of_checks(void)
{
	static struct msgbuf_n m = {.mtype = 1};
	want_err("efault_first", raw_msgsnd(-1, NULL, 0, 0), EFAULT, "msgsnd(-1, NULL, 0, 0)");
	want_err("efault_mtype_bad_page", raw_msgsnd(id_0600, bad_page, 0, 0), EFAULT,
	         "msgsnd from a PROT_NONE page");
	want_err("efault_mtype_kernel", raw_msgsnd(id_0600, (void *)0xffff800000000000UL, 1, 0),
	         EFAULT, "msgsnd from a kernel address");
	want_err("msgsz_8193", raw_msgsnd(id_0600, &m, 8193, 0), EINVAL, "msgsnd of 8193 bytes");
	want_err("msgsz_size_max", raw_msgsnd(id_0600, &m, SIZE_MAX, 0), EINVAL,
	         "msgsnd of SIZE_MAX bytes");
	want_err("msgsz_2_63", raw_msgsnd(id_0600, &m, 1UL << 63, 0), EINVAL,
	         "msgsnd of 2^63 bytes");
	want_err("msqid_negative", raw_msgsnd(-1, &m, 1, 0), EINVAL, "msgsnd(-1, ...)");
	want_err("msgsz_before_lookup", raw_msgsnd(0x7ffffffe, &m, 9000, 0), EINVAL,
	         "msgsnd(bad id, 9000 bytes)");
	m.mtype = 0;
	want_err("mtype_0", raw_msgsnd(id_0600, &m, 1, 0), EINVAL, "msgsnd with mtype 0");
	m.mtype = -5;
	want_err("mtype_negative", raw_msgsnd(id_0600, &m, 1, 0), EINVAL, "msgsnd with mtype -5");
	m.mtype = 1;
	want_err("bad_id", raw_msgsnd(0x7ffffffe, &m, 1, 0), EINVAL, "msgsnd(bad id)");

	/* The mtype is readable, the text is not: the copy fails before the lookup. */
	long *edge = (long *)((char *)bad_page - sizeof(long));
	*edge = 1;
	want_err("efault_text", raw_msgsnd(id_0600, edge, 1, 0), EFAULT,
	         "msgsnd with the text in a PROT_NONE page");
	want_err("efault_text_before_lookup", raw_msgsnd(0x7ffffffe, edge, 1, 0), EFAULT,
	         "msgsnd(bad id) with the text in a PROT_NONE page");
	want_zero("empty_text_not_read", raw_msgsnd(id_0600, edge, 0, IPC_NOWAIT),
	          "msgsnd of 0 bytes right before a PROT_NONE page");
	want_val("empty_text_queued", qnum_of(id_0600), 1, "qnum");
	struct msgbuf_n got;
	get(id_0600, &got, 0, 0, IPC_NOWAIT);
}

/* As nobody, on root's 0600 queue. */
static void nobody_send(void)
{
	struct msgbuf_n m = {.mtype = 0};
	want_err("nobody_mtype_before_eacces", msgsnd(id_0600, &m, 1, 0), EINVAL,
	         "msgsnd(mtype 0) as nobody");
	m.mtype = 1;
	want_err("nobody_eacces", msgsnd(id_0600, &m, 1, IPC_NOWAIT), EACCES, "msgsnd as nobody");
}

static int set_qbytes(int id, unsigned long qbytes)
{
	struct msqid_ds ds;
	if (qstat(id, &ds) != 0)
		return -1;
	ds.msg_qbytes = qbytes;
	return msgctl(id, IPC_SET, &ds);
}

static void queue_full(void)
{
	int id = new_queue("full", 0600);
	if (id < 0)
		return;
	int ok = 1;
	for (int i = 0; i < 4; i++)
		ok &= put(id, 1, NULL, 4096, IPC_NOWAIT) == 0;
	check(ok, "full_4x4096", "four 4096-byte messages did not all fit in 16384 bytes");
	want_err("full_1_byte_eagain", put(id, 1, NULL, 1, IPC_NOWAIT), EAGAIN,
	         "a 1-byte msgsnd to a full queue");
	want_zero("full_0_bytes_fit", put(id, 1, NULL, 0, IPC_NOWAIT),
	          "a 0-byte msgsnd to a queue full of bytes");
	struct msqid_ds ds;
	qstat(id, &ds);
	check(ds.msg_qnum == 5 && ds.msg_cbytes == 16384, "full_counters", "qnum %lu cbytes %lu",
	      (unsigned long)ds.msg_qnum, (unsigned long)ds.msg_cbytes);
	struct msgbuf_n m;
	get(id, &m, 4096, 0, IPC_NOWAIT);
	want_zero("full_room_again", put(id, 1, NULL, 4096, IPC_NOWAIT), "msgsnd after a msgrcv");

	int small = new_queue("qbytes_10", 0600);
	if (small < 0 || !want_zero("qbytes_10", set_qbytes(small, 10), "IPC_SET qbytes 10"))
		return;
	int sent = 0;
	while (sent < 20 && put(small, 1, NULL, 0, IPC_NOWAIT) == 0)
		sent++;
	int e = errno;
	check(sent == 10 && e == EAGAIN, "qbytes_counts_messages",
	      "%d empty messages fit (then %s), expected 10 then EAGAIN", sent, ename(e));
	while (get(small, &m, 0, 0, IPC_NOWAIT) == 0)
		;
	want_err("larger_than_qbytes_never_fits", put(small, 1, NULL, 11, IPC_NOWAIT), EAGAIN,
	         "an 11-byte msgsnd to an empty queue with qbytes 10");
	want_zero("qbytes_0", set_qbytes(small, 0), "IPC_SET qbytes 0");
	want_err("qbytes_0_refuses_all", put(small, 1, NULL, 0, IPC_NOWAIT), EAGAIN,
	         "a 0-byte msgsnd with qbytes 0");
}

/* Run while msgmax is 100. */
static void at_msgmax_100(void)
{
	want_zero("msgmax_100_fits", put(id_0600, 1, NULL, 100, IPC_NOWAIT), "msgsnd of 100 bytes");
	want_err("msgmax_101_einval", put(id_0600, 1, NULL, 101, IPC_NOWAIT), EINVAL,
	         "msgsnd of 101 bytes");
	struct msgbuf_n m;
	get(id_0600, &m, 100, 0, IPC_NOWAIT);
}

int main(void)
{
	check_init("msg_send");
	if (!msg_require())
		return msg_summary();
	bad_page = guard_page();
	id_0600 = new_queue("setup", 0600);
	if (id_0600 < 0)
		return msg_summary();
	order_of_checks();
	as_nobody("nobody_send", nobody_send);
	queue_full();
	with_sysctl("msgmax_100", "/proc/sys/kernel/msgmax", "100", at_msgmax_100);
	return msg_summary();
}
