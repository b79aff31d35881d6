/*
 * msg_recv: which message msgrcv takes, and its errors (no blocking here:
 * msg_block does that).
 *
 *   msgtyp 0: the first message (MSG_EXCEPT ignored); > 0: the first of
 *   that type, or with MSG_EXCEPT the first of another type; < 0: the
 *   first message of the lowest type <= |msgtyp| (LONG_MIN taken as
 *   LONG_MAX).  Types [1,2,3,1,5]: 2 -> the 2, 1|MSG_EXCEPT -> the 3, -4 ->
 *   the first 1, 0|MSG_EXCEPT -> the second 1, 7 -> ENOMSG.  Types
 *   [3,1,2,1] with -3: the first 1, the second 1, then the 2.
 *   A buffer too small: E2BIG and the message stays queued; with
 *   MSG_NOERROR the text is cut and the rest is gone.  A bad buffer:
 *   EFAULT, and the message is gone (it was unlinked before the copy).
 *   EINVAL for msqid < 0 or a negative size (before the lookup), EACCES
 *   before ENOMSG and E2BIG.  MSG_COPY: EINVAL without IPC_NOWAIT or with
 *   MSG_EXCEPT; with IPC_NOWAIT, Linux copies the message at that position
 *   (the queue unchanged) and shmos says ENOSYS (as Linux built without
 *   CONFIG_CHECKPOINT_RESTORE).
 */
#include "check.h"
#include "msg_common.h"

static int id_0600;

static void send_types(int id, const long *types, int n)
{
	for (int i = 0; i < n; i++) {
		char text[8];
		int len = snprintf(text, sizeof(text), "m%d", i);
		put(id, types[i], text, len, IPC_NOWAIT);
	}
}

/* Receive with this filter; want the message sent as number `which` (or ENOMSG if -1). */
static void take(const char *name, int id, long msgtyp, int flags, int which)
{
	struct msgbuf_n m;
	long n = get(id, &m, sizeof(m.mtext), msgtyp, flags | IPC_NOWAIT);
	if (which < 0) {
		want_err(name, n, ENOMSG, "msgrcv with nothing to match");
		return;
	}
	char want[8];
	snprintf(want, sizeof(want), "m%d", which);
	check(n == (long)strlen(want) && strcmp(m.mtext, want) == 0, name,
	      "msgrcv(msgtyp %ld, flags 0%o) gave %ld/\"%s\" (type %ld), expected \"%s\"", msgtyp,
	      flags, n, n >= 0 ? m.mtext : ename(errno), m.mtype, want);
}

static void selection(void)
{
	int id = new_queue("select", 0600);
	if (id < 0)
		return;
	static const long types[] = {1, 2, 3, 1, 5};
	send_types(id, types, 5);
	take("type_2", id, 2, 0, 1);
	take("type_1_except", id, 1, MSG_EXCEPT, 2);
	take("lowest_le_4", id, -4, 0, 0);
	take("any_except_ignored", id, 0, MSG_EXCEPT, 3);
	take("type_7_enomsg", id, 7, 0, -1);
	take("lowest_le_4_none", id, -4, 0, -1);
	take("type_5", id, 5, 0, 4);
	take("empty_enomsg", id, 0, 0, -1);

	static const long lowest[] = {3, 1, 2, 1};
	send_types(id, lowest, 4);
	take("lowest_first_of_min", id, -3, 0, 1);
	take("lowest_second_of_min", id, -3, 0, 3);
	take("lowest_then_2", id, -3, 0, 2);
	take("lowest_then_3", id, -3, 0, 0);

	static const long big[] = {LONG_MAX, 9, LONG_MAX - 1};
	send_types(id, big, 3);
	take("long_min_is_long_max", id, LONG_MIN, 0, 1);
	take("long_max_except", id, LONG_MAX, MSG_EXCEPT, 2);
	take("long_max", id, LONG_MAX, 0, 0);

	static const long two_one[] = {2, 1};
	send_types(id, two_one, 2);
	take("except_negative_ignored", id, -1, MSG_EXCEPT, 1);
	take("except_negative_then_none", id, -1, MSG_EXCEPT, -1);
	take("any_takes_the_2", id, 0, 0, 0);
}

static void sizes(void)
{
	struct msgbuf_n m;
	put(id_0600, 4, "0123456789", 10, 0);
	want_err("e2big", get(id_0600, &m, 5, 0, IPC_NOWAIT), E2BIG, "msgrcv of 10 bytes into 5");
	want_val("e2big_stays_queued", qnum_of(id_0600), 1, "qnum after E2BIG");
	want_err("e2big_before_enomsg", get(id_0600, &m, 5, 0, IPC_NOWAIT), E2BIG,
	         "a second msgrcv of 10 bytes into 5");
	long n = get(id_0600, &m, 5, 0, MSG_NOERROR | IPC_NOWAIT);
	check(n == 5 && memcmp(m.mtext, "01234", 5) == 0 && m.mtext[5] == 0 && m.mtype == 4,
	      "noerror_truncates", "msgrcv(MSG_NOERROR) gave %ld \"%.9s\"", n, m.mtext);
	struct msqid_ds ds;
	qstat(id_0600, &ds);
	check(ds.msg_qnum == 0 && ds.msg_cbytes == 0, "noerror_rest_gone", "qnum %lu cbytes %lu",
	      (unsigned long)ds.msg_qnum, (unsigned long)ds.msg_cbytes);

	put(id_0600, 4, "abc", 3, 0);
	want_val("exact_size", get(id_0600, &m, 3, 0, IPC_NOWAIT), 3, "msgrcv of 3 bytes into 3");
}

static void bad_arguments(void)
{
	struct msgbuf_n m;
	want_err("msqid_negative", raw_msgrcv(-1, &m, 10, 0, IPC_NOWAIT), EINVAL, "msgrcv(-1)");
	want_err("size_negative", raw_msgrcv(id_0600, &m, (unsigned long)-1, 0, IPC_NOWAIT), EINVAL,
	         "msgrcv of size -1");
	want_err("bad_id", raw_msgrcv(0x7ffffffe, &m, 10, 0, IPC_NOWAIT), EINVAL, "msgrcv(bad id)");
	want_err("nothing_enomsg", raw_msgrcv(id_0600, NULL, 10, 0, IPC_NOWAIT), ENOMSG,
	         "msgrcv into NULL from an empty queue");

	put(id_0600, 1, "lost", 4, 0);
	want_err("efault_null", raw_msgrcv(id_0600, NULL, 10, 0, IPC_NOWAIT), EFAULT,
	         "msgrcv into NULL");
	want_val("efault_message_gone", qnum_of(id_0600), 0, "qnum after the EFAULT");
}

static void copy_flag(void)
{
	struct msgbuf_n m;
	put(id_0600, 1, "first", 5, 0);
	put(id_0600, 2, "second", 6, 0);
	want_err("copy_needs_nowait", get(id_0600, &m, 100, 0, MSG_COPY), EINVAL,
	         "msgrcv(MSG_COPY) without IPC_NOWAIT");
	want_err("copy_no_except", get(id_0600, &m, 100, 0, MSG_COPY | MSG_EXCEPT | IPC_NOWAIT),
	         EINVAL, "msgrcv(MSG_COPY|MSG_EXCEPT)");
	long n = get(id_0600, &m, 100, 1, MSG_COPY | IPC_NOWAIT);
	if (is_shmos()) {
		want_err("copy_enosys", n, ENOSYS, "msgrcv(MSG_COPY|IPC_NOWAIT) on shmos");
	} else {
		check(n == 6 && strcmp(m.mtext, "second") == 0, "copy_position_1",
		      "msgrcv(MSG_COPY, position 1) gave %ld \"%s\"", n, m.mtext);
		want_err("copy_past_end", get(id_0600, &m, 100, 2, MSG_COPY | IPC_NOWAIT), ENOMSG,
		         "msgrcv(MSG_COPY, position 2)");
	}
	want_val("copy_leaves_queue", qnum_of(id_0600), 2, "qnum after MSG_COPY");
	get(id_0600, &m, 100, 0, IPC_NOWAIT);
	get(id_0600, &m, 100, 0, IPC_NOWAIT);
}

/* As nobody, on root's 0600 queue: EACCES before ENOMSG and E2BIG. */
static void nobody_receive(void)
{
	struct msgbuf_n m;
	want_err("nobody_eacces", get(id_0600, &m, 100, 0, IPC_NOWAIT), EACCES, "msgrcv as nobody");
	want_err("nobody_eacces_not_e2big", get(id_0600, &m, 1, 0, IPC_NOWAIT), EACCES,
	         "msgrcv(1 byte) as nobody");
}

int main(void)
{
	check_init("msg_recv");
	if (!msg_require())
		return msg_summary();
	id_0600 = new_queue("setup", 0600);
	if (id_0600 < 0)
		return msg_summary();
	selection();
	sizes();
	bad_arguments();
	copy_flag();
	put(id_0600, 1, "0123456789", 10, 0);
	as_nobody("nobody_receive", nobody_receive);
	want_val("nobody_left_it", qnum_of(id_0600), 1, "qnum after nobody's attempts");
	return msg_summary();
}
