/*
 * msg_ctl: msgctl(id, cmd, buf), every command, with Linux's error order.
 *
 *   msqid < 0 or cmd < 0 -> EINVAL before anything (IPC_INFO too); an
 *   unknown cmd, or cmd | 0x100 (IPC_64, unused on x86-64) -> EINVAL.
 *   IPC_STAT: EINVAL -> EACCES -> EFAULT (a NULL buffer on a bad id is
 *   EINVAL).  IPC_SET reads buf first (EFAULT even for a bad id), then
 *   EINVAL -> EPERM (not owner or creator) -> EPERM (qbytes above msgmnb
 *   without CAP_SYS_RESOURCE, which root has on shmos) -> EINVAL (uid -1);
 *   it changes uid, gid, mode & 0777 and qbytes (passed on as an int:
 *   0x100000064 is 100), and ctime.  IPC_RMID ignores buf.  IPC_INFO and
 *   MSG_INFO return the highest index in use; MSG_INFO counts queues,
 *   messages and bytes.  MSG_STAT takes an index and returns the id;
 *   MSG_STAT_ANY skips the read check.  nobody on root's 0600 queue:
 *   EACCES to read, EPERM to change, MSG_STAT_ANY and the INFOs work.
 */
#include "check.h"
#include "msg_common.h"

static int id_0600;
static void *bad_page;

static void bad_commands(void)
{
	struct msqid_ds ds;
	struct msginfo info;
	want_err("negative_id_info", raw_msgctl(-1, IPC_INFO, &info), EINVAL,
	         "msgctl(-1, IPC_INFO)");
	want_err("negative_cmd", raw_msgctl(id_0600, -1, &ds), EINVAL, "msgctl(id, -1)");
	want_err("unknown_cmd", raw_msgctl(id_0600, 99, &ds), EINVAL, "msgctl(id, 99)");
	want_err("ipc_64_flag", raw_msgctl(id_0600, IPC_STAT | 0x100, &ds), EINVAL,
	         "msgctl(id, IPC_STAT|0x100)");
	want_err("shm_lock_not_msg", raw_msgctl(id_0600, 11 + 0x100, &ds), EINVAL,
	         "msgctl(id, 0x10b)");
}

static void ipc_stat(void)
{
	struct msqid_ds ds;
	want_zero("stat", qstat(id_0600, &ds), "IPC_STAT");
	want_err("stat_null_efault", raw_msgctl(id_0600, IPC_STAT, NULL), EFAULT,
	         "IPC_STAT into NULL");
	want_err("stat_bad_page_efault", raw_msgctl(id_0600, IPC_STAT, bad_page), EFAULT,
	         "IPC_STAT into a PROT_NONE page");
	want_err("stat_bad_id_first", raw_msgctl(0x7ffffffe, IPC_STAT, NULL), EINVAL,
	         "IPC_STAT(bad id, NULL)");
	unsigned seq = (unsigned)id_0600 >> 15;
	check(ds.msg_perm.__ipc_perm_seq == (int)seq, "stat_seq", "seq %d, the id %d says %u",
	      ds.msg_perm.__ipc_perm_seq, id_0600, seq);
	long r = msgctl(id_0600 & 0x7fff, IPC_STAT, &ds);
	if (seq)
		want_err("stat_by_index_stale", r, EINVAL, "IPC_STAT(index of a seq > 0 id)");
	else
		want_zero("stat_by_index_stale", r, "IPC_STAT(index of a seq 0 id = the id)");
}

/*
 * Wait, polling, until the kernel's clock is past second t (ctime has whole
 * seconds).  Linux stamps with its coarse clock, which may lag time().
 */
static void after_second(long t)
{
	while (now_ns(CLOCK_REALTIME_COARSE) / 1000000000LL <= t)
		sched_yield();
}

static void ipc_set(void)
{
	int id = new_queue("set", 0600);
	if (id < 0)
		return;
	struct msqid_ds ds, after;
	qstat(id, &ds);
	after_second(ds.msg_ctime);
	ds.msg_perm.uid = 1000;
	ds.msg_perm.gid = 100;
	ds.msg_perm.mode = 07777;
	ds.msg_perm.cuid = 5;
	ds.msg_qbytes = 0x100000064UL; /* an int in the kernel: 100 */
	ds.msg_qnum = 77;
	want_zero("set", msgctl(id, IPC_SET, &ds), "IPC_SET");
	qstat(id, &after);
	check(after.msg_perm.uid == 1000 && after.msg_perm.gid == 100 &&
	          after.msg_perm.mode == 0777 && after.msg_perm.cuid == geteuid() &&
	          after.msg_qnum == 0,
	      "set_fields", "uid %u gid %u mode 0%o cuid %u qnum %lu", after.msg_perm.uid,
	      after.msg_perm.gid, after.msg_perm.mode, after.msg_perm.cuid,
	      (unsigned long)after.msg_qnum);
	check(after.msg_qbytes == 100, "set_qbytes_as_int", "qbytes %lu, expected 100",
	      (unsigned long)after.msg_qbytes);
	check(after.msg_ctime > ds.msg_ctime, "set_ctime", "ctime %ld, was %ld",
	      (long)after.msg_ctime, (long)ds.msg_ctime);

	want_err("set_efault_first", raw_msgctl(0x7ffffffe, IPC_SET, NULL), EFAULT,
	         "IPC_SET(bad id, NULL)");
	want_err("set_bad_id", raw_msgctl(0x7ffffffe, IPC_SET, &after), EINVAL, "IPC_SET(bad id)");
	after.msg_perm.uid = (uid_t)-1;
	want_err("set_uid_minus_1", msgctl(id, IPC_SET, &after), EINVAL, "IPC_SET uid -1");

	/* Above msgmnb: root here may (it has CAP_SYS_RESOURCE on shmos; maybe not on Linux). */
	qstat(id, &ds);
	ds.msg_qbytes = 16385;
	long r = msgctl(id, IPC_SET, &ds);
	if (cap_sys_resource())
		want_zero("set_qbytes_above_msgmnb", r,
		          "IPC_SET qbytes 16385 with CAP_SYS_RESOURCE");
	else
		want_err("set_qbytes_above_msgmnb", r, EPERM,
		         "IPC_SET qbytes 16385 without CAP_SYS_RESOURCE");
	ds.msg_qbytes = 0x80000000UL; /* negative as an int, huge as unsigned */
	r = msgctl(id, IPC_SET, &ds);
	if (cap_sys_resource())
		want_zero("set_qbytes_negative_int", r, "IPC_SET qbytes 0x80000000 as root");
	else
		want_err("set_qbytes_negative_int", r, EPERM, "IPC_SET qbytes 0x80000000");
	want_zero("rmid_ignores_buf", raw_msgctl(id, IPC_RMID, (void *)1), "IPC_RMID with buf 1");
}

/* As a user that is neither owner nor creator (nobody), on root's 0600 queue. */
static void nobody_ctl(void)
{
	struct msqid_ds ds;
	struct msginfo info;
	want_err("nobody_stat", qstat(id_0600, &ds), EACCES, "IPC_STAT as nobody");
	want_err("nobody_msg_stat", msgctl(id_0600 & 0x7fff, MSG_STAT, &ds), EACCES,
	         "MSG_STAT as nobody");
	want_val("nobody_msg_stat_any", msgctl(id_0600 & 0x7fff, MSG_STAT_ANY, &ds), id_0600,
	         "MSG_STAT_ANY as nobody");
	memset(&ds, 0, sizeof(ds));
	want_err("nobody_set", msgctl(id_0600, IPC_SET, &ds), EPERM, "IPC_SET as nobody");
	ds.msg_qbytes = 1UL << 20;
	want_err("nobody_set_qbytes", msgctl(id_0600, IPC_SET, &ds), EPERM,
	         "IPC_SET (qbytes 1 MiB) as nobody");
	want_err("nobody_rmid", msgctl(id_0600, IPC_RMID, NULL), EPERM, "IPC_RMID as nobody");
	want_ok("nobody_ipc_info", msgctl(0, IPC_INFO, (struct msqid_ds *)&info),
	        "IPC_INFO as nobody");
	want_ok("nobody_msg_info", msgctl(0, MSG_INFO, (struct msqid_ds *)&info),
	        "MSG_INFO as nobody");

	/* Our own queue, given to root and mode 0: the creator may still change it. */
	int own = new_queue("nobody_own", 0600);
	if (own < 0)
		return;
	qstat(own, &ds);
	ds.msg_qbytes = 1000; /* below msgmnb: allowed */
	want_zero("owner_lowers_qbytes", msgctl(own, IPC_SET, &ds), "IPC_SET qbytes 1000 by owner");
	ds.msg_qbytes = 16385;
	want_err("owner_raises_qbytes", msgctl(own, IPC_SET, &ds), EPERM,
	         "IPC_SET qbytes 16385 by its unprivileged owner");
	ds.msg_qbytes = 1000;
	ds.msg_perm.uid = 0;
	ds.msg_perm.mode = 0;
	want_zero("creator_gives_away", msgctl(own, IPC_SET, &ds), "IPC_SET uid 0, mode 0");
	want_err("creator_mode_0_stat", qstat(own, &ds), EACCES, "IPC_STAT of a mode 0 queue");
	want_err("creator_mode_0_send", put(own, 1, "x", 1, IPC_NOWAIT), EACCES,
	         "msgsnd to a mode 0 queue");
	want_zero("creator_still_sets", msgctl(own, IPC_SET, &ds), "IPC_SET by the creator");
	want_zero("creator_still_removes", msgctl(own, IPC_RMID, NULL), "IPC_RMID by the creator");
}

static void info_and_msg_stat(void)
{
	struct msginfo info, usage;
	int a = new_queue("info", 0600);
	if (a < 0)
		return;
	put(a, 1, NULL, 100, 0);
	put(a, 2, NULL, 20, 0);
	long hi = msgctl(0, IPC_INFO, (struct msqid_ds *)&info);
	check(hi >= (a & 0x7fff), "ipc_info_highest_index", "IPC_INFO returned %ld, our index %d",
	      hi, a & 0x7fff);
	check(info.msgmax == read_long("/proc/sys/kernel/msgmax") &&
	          info.msgmnb == read_long("/proc/sys/kernel/msgmnb") &&
	          info.msgmni == read_long("/proc/sys/kernel/msgmni") && info.msgssz == 16 &&
	          info.msgseg == 65535 && info.msgpool == 512000 && info.msgmap == 16384 &&
	          info.msgtql == 16384,
	      "ipc_info_fields",
	      "msgmax %d msgmnb %d msgmni %d msgssz %d msgseg %u pool %d map %d tql %d",
	      info.msgmax, info.msgmnb, info.msgmni, info.msgssz, info.msgseg, info.msgpool,
	      info.msgmap, info.msgtql);
	want_val("msg_info_highest_index", msgctl(0, MSG_INFO, (struct msqid_ds *)&usage), hi,
	         "MSG_INFO");
	int b = new_queue("info_b", 0600);
	put(b, 1, NULL, 1, 0);
	struct msginfo more;
	msgctl(0, MSG_INFO, (struct msqid_ds *)&more);
	check(more.msgpool == usage.msgpool + 1 && more.msgmap == usage.msgmap + 1 &&
	          more.msgtql == usage.msgtql + 1,
	      "msg_info_counts", "queues %d -> %d, messages %d -> %d, bytes %d -> %d",
	      usage.msgpool, more.msgpool, usage.msgmap, more.msgmap, usage.msgtql, more.msgtql);
	check(usage.msgmap >= 2 && usage.msgtql >= 120, "msg_info_ours_counted",
	      "messages %d, bytes %d with 2 messages of 120 bytes queued", usage.msgmap,
	      usage.msgtql);
	want_err("ipc_info_efault", raw_msgctl(0, IPC_INFO, NULL), EFAULT, "IPC_INFO into NULL");

	struct msqid_ds ds;
	want_val("msg_stat_index", msgctl(a & 0x7fff, MSG_STAT, &ds), a, "MSG_STAT(index)");
	check(ds.msg_qnum == 2 && ds.msg_cbytes == 120, "msg_stat_fills", "qnum %lu cbytes %lu",
	      (unsigned long)ds.msg_qnum, (unsigned long)ds.msg_cbytes);
	want_val("msg_stat_full_id", msgctl(a, MSG_STAT, &ds), a, "MSG_STAT(full id)");
	want_err("msg_stat_efault", raw_msgctl(a & 0x7fff, MSG_STAT, NULL), EFAULT,
	         "MSG_STAT into NULL");
	/* An index past every queue's: empty. */
	hi = msgctl(0, IPC_INFO, (struct msqid_ds *)&info);
	if (hi < 32767)
		want_err("msg_stat_unused", msgctl(hi + 1, MSG_STAT, &ds), EINVAL,
		         "MSG_STAT(unused index)");
	want_val("msg_stat_any", msgctl(a & 0x7fff, MSG_STAT_ANY, &ds), a, "MSG_STAT_ANY(index)");
}

int main(void)
{
	check_init("msg_ctl");
	if (!msg_require())
		return msg_summary();
	bad_page = guard_page();
	id_0600 = new_queue("setup", 0600);
	if (id_0600 < 0)
		return msg_summary();
	bad_commands();
	ipc_stat();
	ipc_set();
	as_nobody("nobody_ctl", nobody_ctl);
	info_and_msg_stat();
	return msg_summary();
}
