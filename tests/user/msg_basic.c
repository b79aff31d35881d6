/*
 * msg_basic: msgget, and a message's round trip.
 *
 *   msgget(IPC_PRIVATE, 0600) creates without IPC_CREAT; a new queue's
 *   IPC_STAT: mode, owner and creator, qbytes = msgmnb, everything else 0,
 *   the padding 0.  Keys: ENOENT without IPC_CREAT, EEXIST with
 *   IPC_CREAT|IPC_EXCL, IPC_EXCL alone ignored, flag 0 skips the access
 *   check; nobody gets EACCES with 0400 or IPC_CREAT|0600.  IPC_RMID frees
 *   the queue at once: its key then gives ENOENT, its id EINVAL.
 *   ENOSPC at msgmni (private and keyed; root, by lowering msgmni).
 *   A message comes back as it went in (type, text, length; 0 bytes; 8192 =
 *   msgmax bytes), in FIFO order, and msgsnd/msgrcv keep stime/rtime,
 *   lspid/lrpid, qnum and cbytes.
 *   With msgmax and msgmnb raised to 1 MiB (root), a 1 MiB message, far more than one
 *   frame, comes back intact, and MSG_NOERROR cuts one at 5000 bytes (in
 *   shmos's second piece: ipc/msg.c keeps texts in frame-sized pieces).
 */
#include "check.h"
#include "msg_common.h"

#define KEY 0x4d510101

/* ------------------------------------------------------------- msgget --- */

static void private_queues(void)
{
	struct msqid_ds ds;
	unsigned char raw[sizeof(struct msqid_ds)];
	int a = msgget(IPC_PRIVATE, 0600);
	track(a);
	want_ok("private_without_creat", a, "msgget(IPC_PRIVATE, 0600)");
	int b = msgget(IPC_PRIVATE, IPC_CREAT | IPC_EXCL | 0600);
	track(b);
	check(a >= 0 && b >= 0 && a != b, "private_always_new", "ids %d and %d", a, b);
	if (a < 0)
		return;

	memset(raw, 0xaa, sizeof(raw));
	int r = msgctl(a, IPC_STAT, (struct msqid_ds *)raw);
	memcpy(&ds, raw, sizeof(ds));
	if (!want_zero("new_stat", r, "IPC_STAT"))
		return;
	long msgmnb = read_long("/proc/sys/kernel/msgmnb");
	check((long)ds.msg_qbytes == msgmnb, "new_qbytes_is_msgmnb", "msg_qbytes %lu, msgmnb %ld",
	      (unsigned long)ds.msg_qbytes, msgmnb);
	check(ds.msg_qnum == 0 && ds.msg_cbytes == 0 && ds.msg_stime == 0 && ds.msg_rtime == 0 &&
	          ds.msg_lspid == 0 && ds.msg_lrpid == 0,
	      "new_counters_zero", "qnum %lu cbytes %lu stime %ld rtime %ld lspid %d lrpid %d",
	      (unsigned long)ds.msg_qnum, (unsigned long)ds.msg_cbytes, (long)ds.msg_stime,
	      (long)ds.msg_rtime, ds.msg_lspid, ds.msg_lrpid);
	long now = time(NULL);
	check(ds.msg_ctime >= now - 5 && ds.msg_ctime <= now, "new_ctime_now", "ctime %ld, now %ld",
	      (long)ds.msg_ctime, now);
	check(ds.msg_perm.mode == 0600 && ds.msg_perm.uid == geteuid() &&
	          ds.msg_perm.cuid == geteuid() && ds.msg_perm.gid == getegid() &&
	          ds.msg_perm.cgid == getegid() && ds.msg_perm.__ipc_perm_key == IPC_PRIVATE,
	      "new_perm", "mode 0%o uid %u cuid %u gid %u key %d", ds.msg_perm.mode,
	      ds.msg_perm.uid, ds.msg_perm.cuid, ds.msg_perm.gid, ds.msg_perm.__ipc_perm_key);
	int bad = -1;
	for (int i = 26; i < 48; i++) /* after the u16 seq: padding and two unused longs */
		if (raw[i])
			bad = i;
	for (int i = 104; i < 120; i++) /* the two unused longs at the end */
		if (raw[i])
			bad = i;
	check(bad < 0, "stat_padding_zero", "byte %d of struct msqid_ds is 0x%02x", bad,
	      bad < 0 ? 0 : raw[bad]);
	check(sizeof(struct msqid_ds) == 120, "msqid_ds_120_bytes", "sizeof %zu",
	      sizeof(struct msqid_ds));
}

static int key_id;

static void keyed_queues(void)
{
	int id = key_id = new_key_queue("key_create", KEY, 0640);
	if (id < 0)
		return;
	pass("key_create");
	want_val("key_found", msgget(KEY, 0), id, "msgget(KEY, 0)");
	want_val("key_found_creat", msgget(KEY, IPC_CREAT | 0600), id,
	         "msgget(KEY, IPC_CREAT|0600)");
	want_val("key_excl_alone_ignored", msgget(KEY, IPC_EXCL), id, "msgget(KEY, IPC_EXCL)");
	want_err("key_eexist", msgget(KEY, IPC_CREAT | IPC_EXCL | 0600), EEXIST,
	         "msgget(KEY, IPC_CREAT|IPC_EXCL)");
	want_err("key_enoent", msgget(KEY + 1, 0600), ENOENT, "msgget(unused key, 0600)");
}

static void nobody_get(void)
{
	want_val("nobody_flag0", msgget(KEY, 0), key_id, "msgget(KEY, 0) as nobody");
	want_err("nobody_eacces", msgget(KEY, 0400), EACCES, "msgget(KEY, 0400) as nobody");
	want_err("nobody_creat_eacces", msgget(KEY, IPC_CREAT | 0600), EACCES,
	         "msgget(KEY, IPC_CREAT|0600) as nobody");
	want_err("nobody_excl_eexist", msgget(KEY, IPC_CREAT | IPC_EXCL | 0600), EEXIST,
	         "msgget(KEY, IPC_CREAT|IPC_EXCL) as nobody");
}

static void removal(void)
{
	int id = new_key_queue("rmid", KEY + 2, 0600);
	if (id < 0)
		return;
	put(id, 1, "x", 1, 0);
	want_zero("rmid", msgctl(id, IPC_RMID, NULL), "IPC_RMID");
	want_err("rmid_key_gone", msgget(KEY + 2, 0), ENOENT, "msgget(removed key, 0)");
	struct msqid_ds ds;
	want_err("rmid_id_stale", qstat(id, &ds), EINVAL, "IPC_STAT(removed id)");
	struct msgbuf_n m;
	want_err("rmid_recv_einval", get(id, &m, 10, 0, IPC_NOWAIT), EINVAL, "msgrcv(removed id)");
	want_err("rmid_twice", msgctl(id, IPC_RMID, NULL), EINVAL, "a second IPC_RMID");
	int again = msgget(KEY + 2, IPC_CREAT | 0600);
	track(again);
	check(again >= 0 && again != id, "rmid_key_new_queue", "msgget(IPC_CREAT) gave %d (old %d)",
	      again, id);
}

/* Run with msgmni = queues in use + 1: one more create works, the next gets ENOSPC. */
static void at_msgmni(void)
{
	int one = msgget(IPC_PRIVATE, 0600);
	track(one);
	want_ok("msgmni_last_fits", one, "msgget at msgmni - 1");
	want_err("msgmni_private_enospc", msgget(IPC_PRIVATE, 0600), ENOSPC,
	         "msgget(IPC_PRIVATE) at msgmni");
	remove_key(KEY + 3);
	want_err("msgmni_key_enospc", msgget(KEY + 3, IPC_CREAT | 0600), ENOSPC,
	         "msgget(KEY, IPC_CREAT) at msgmni");
}

static void msgmni_limit(void)
{
	struct msginfo info;
	int r = msgctl(0, MSG_INFO, (struct msqid_ds *)&info);
	if (!want_ok("msg_info_for_msgmni", r, "msgctl(MSG_INFO)"))
		return;
	char value[32];
	snprintf(value, sizeof(value), "%d", info.msgpool + 1); /* msgpool: queues in use */
	with_sysctl("msgmni", "/proc/sys/kernel/msgmni", value, at_msgmni);
}

/* --------------------------------------------------------- round trip --- */

static void round_trip(void)
{
	int id = new_queue("round_trip", 0600);
	if (id < 0)
		return;
	struct msgbuf_n m;
	long t0 = now_coarse(); /* the kernel stamps with its coarse clock */
	want_zero("send", put(id, 7, "hello", 5, 0), "msgsnd(type 7, 5 bytes)");
	struct msqid_ds ds;
	qstat(id, &ds);
	check(ds.msg_qnum == 1 && ds.msg_cbytes == 5 && ds.msg_lspid == getpid() &&
	          ds.msg_stime >= t0 && ds.msg_lrpid == 0 && ds.msg_rtime == 0,
	      "send_updates_stat", "qnum %lu cbytes %lu lspid %d stime %ld lrpid %d rtime %ld",
	      (unsigned long)ds.msg_qnum, (unsigned long)ds.msg_cbytes, ds.msg_lspid,
	      (long)ds.msg_stime, ds.msg_lrpid, (long)ds.msg_rtime);
	long n = get(id, &m, sizeof(m.mtext), 0, 0);
	check(n == 5 && m.mtype == 7 && memcmp(m.mtext, "hello", 5) == 0 && m.mtext[5] == 0,
	      "receive", "msgrcv returned %ld, type %ld, text %.5s", n, m.mtype, m.mtext);
	qstat(id, &ds);
	check(ds.msg_qnum == 0 && ds.msg_cbytes == 0 && ds.msg_lrpid == getpid() &&
	          ds.msg_rtime >= t0,
	      "receive_updates_stat", "qnum %lu cbytes %lu lrpid %d rtime %ld",
	      (unsigned long)ds.msg_qnum, (unsigned long)ds.msg_cbytes, ds.msg_lrpid,
	      (long)ds.msg_rtime);

	want_zero("send_empty", put(id, 1, NULL, 0, 0), "msgsnd of 0 bytes");
	want_val("receive_empty", get(id, &m, 100, 0, 0), 0, "msgrcv of a 0-byte message");

	static struct msgbuf_n big;
	big.mtype = 3;
	for (int i = 0; i < 8192; i++)
		big.mtext[i] = (char)(i * 7);
	want_zero("send_msgmax", msgsnd(id, &big, 8192, 0), "msgsnd of 8192 bytes");
	n = get(id, &m, sizeof(m.mtext), 0, 0);
	check(n == 8192 && memcmp(m.mtext, big.mtext, 8192) == 0, "receive_msgmax",
	      "msgrcv returned %ld, text %s", n,
	      memcmp(m.mtext, big.mtext, 8192) ? "differs" : "intact");

	for (int i = 0; i < 20; i++)
		put(id, 1 + i % 3, (char *)&i, sizeof(i), 0);
	int order_ok = 1;
	for (int i = 0; i < 20; i++) {
		int v = -1;
		n = get(id, &m, sizeof(m.mtext), 0, IPC_NOWAIT);
		memcpy(&v, m.mtext, sizeof(v));
		if (n != sizeof(int) || v != i || m.mtype != 1 + i % 3)
			order_ok = 0;
	}
	check(order_ok, "fifo_order", "20 messages did not come back in the order sent");
}

/* ------------------------------------------------------ big messages --- */

#define BIG_TEXT (1 << 20)

struct big_msgbuf {
	long mtype;
	char mtext[BIG_TEXT];
};

/* Run while msgmax and msgmnb are BIG_TEXT: a new queue holds one such message. */
static void at_msgmax_1m(void)
{
	static struct big_msgbuf out, in;
	int id = new_queue("big_queue", 0600);
	if (id < 0)
		return;
	out.mtype = 9;
	for (int i = 0; i < BIG_TEXT; i++)
		out.mtext[i] = (char)(i * 13 + (i >> 12));
	want_zero("send_1m", msgsnd(id, &out, BIG_TEXT, IPC_NOWAIT), "msgsnd of 1 MiB");
	long n = msgrcv(id, &in, BIG_TEXT, 0, IPC_NOWAIT);
	check(n == BIG_TEXT && in.mtype == 9 && memcmp(in.mtext, out.mtext, BIG_TEXT) == 0,
	      "receive_1m_intact", "msgrcv returned %ld, type %ld, text %s", n, in.mtype,
	      memcmp(in.mtext, out.mtext, BIG_TEXT) ? "differs" : "intact");

	want_zero("send_8000", msgsnd(id, &out, 8000, IPC_NOWAIT), "msgsnd of 8000 bytes");
	memset(&in, 0, sizeof(in));
	n = msgrcv(id, &in, 5000, 0, IPC_NOWAIT | MSG_NOERROR);
	check(n == 5000 && memcmp(in.mtext, out.mtext, 5000) == 0 && in.mtext[5000] == 0,
	      "noerror_cuts_inside_a_piece",
	      "msgrcv(5000, MSG_NOERROR) of 8000 bytes returned %ld, %s", n,
	      memcmp(in.mtext, out.mtext, 5000) ? "text differs" : "text intact");
	msgctl(id, IPC_RMID, NULL);
}

static void at_msgmnb_1m(void)
{
	with_sysctl("msgmax_1m", "/proc/sys/kernel/msgmax", "1048576", at_msgmax_1m);
}

int main(void)
{
	check_init("msg_basic");
	if (!msg_require())
		return msg_summary();
	private_queues();
	keyed_queues();
	as_nobody("nobody_get", nobody_get);
	removal();
	msgmni_limit();
	round_trip();
	with_sysctl("msgmnb_1m", "/proc/sys/kernel/msgmnb", "1048576", at_msgmnb_1m);
	return msg_summary();
}
