/*
 * sysmsg.c: the System V message-queue system calls.  Each checks and
 * copies its arguments, then calls ipc/msg.c, where the semantics live.
 * Also how ipc/msg.c sleeps and wakes.
 *
 * A message's text crosses the user/kernel boundary twice: msgsnd copies it
 * from the sender into a kernel message, msgrcv from that message into the
 * receiver (docs/msg.md).
 */
#include "include/uapi/errno.h"
#include "include/uapi/ipc.h"
#include "ipc/msg.h"
#include "kernel/proc.h"
#include "kernel/syscalls.h"
#include "kernel/usercopy.h"

/* msg_walk_text's steps: one piece of the text from, or to, the user's mtext at *arg. */
static long piece_from_user(char *piece, size_t len, size_t offset, void *arg)
{
	return copy_from_user(piece, *(uintptr_t *)arg + offset, len);
}

static long piece_to_user(char *piece, size_t len, size_t offset, void *arg)
{
	return copy_to_user(*(uintptr_t *)arg + offset, piece, len);
}

long sys_msgget(int32_t key, int msgflg)
{
	return msg_get(key, msgflg);
}

/* msgp points at struct { long mtype; char mtext[msgsz]; }: msgsz counts the text only. */
long sys_msgsnd(int msqid, uintptr_t msgp, size_t msgsz, int msgflg)
{
	long mtype;
	if (copy_from_user(&mtype, msgp, sizeof(mtype)))
		return -EFAULT; /* before every other check, as Linux */
	struct msg_msg *msg;
	long err = msg_new(msqid, mtype, msgsz, &msg);
	if (err)
		return err;
	/* Copy 1 of 2: the sender's text into the kernel, before the lookup. */
	uintptr_t mtext = msgp + sizeof(long);
	if (msg_walk_text(msg, msgsz, piece_from_user, &mtext)) {
		msg_free(msg);
		return -EFAULT;
	}
	return msg_send(msqid, msg, msgflg);
}

long sys_msgrcv(int msqid, uintptr_t msgp, size_t msgsz, long msgtyp, int msgflg)
{
	struct msg_msg *msg;
	long err = msg_receive(msqid, msgsz, msgtyp, msgflg, &msg);
	if (err)
		return err;
	/* Copy 2 of 2, into the receiver.  The message is off the queue already:
	 * a bad buffer loses it (EFAULT), as on Linux. */
	size_t n = msgsz < msg->size ? msgsz : msg->size; /* MSG_NOERROR drops the rest */
	long r = n;
	uintptr_t mtext = msgp + sizeof(long);
	if (copy_to_user(msgp, &msg->type, sizeof(long)) ||
	    msg_walk_text(msg, n, piece_to_user, &mtext))
		r = -EFAULT;
	msg_free(msg);
	return r;
}

long sys_msgctl(int msqid, int cmd, uintptr_t ubuf)
{
	/* Checked before anything else, even for the commands that ignore msqid. */
	if (msqid < 0 || cmd < 0)
		return -EINVAL;
	switch (cmd) {
	case IPC_INFO:
	case MSG_INFO:
		RETURN_COPIED_OUT(ubuf, struct msginfo, msg_info(cmd, &out));
	case IPC_STAT:
	case MSG_STAT:
	case MSG_STAT_ANY:
		RETURN_COPIED_OUT(ubuf, struct msqid64_ds, msg_stat(msqid, cmd, &out));
	case IPC_SET: {
		struct msqid64_ds in;
		if (copy_from_user(&in, ubuf, sizeof(in))) /* before the lookup, as Linux */
			return -EFAULT;
		return msg_set(msqid, &in);
	}
	case IPC_RMID:
		return msg_remove(msqid);
	default: /* including cmd | IPC_64: x86-64 has no IPC_64 */
		return -EINVAL;
	}
}

/*
 * ipc/msg.c's sleep.  The signal check and the sleep happen under proc_lock
 * together: a signal sent after the check finds us asleep and wakes us
 * (signal_send_locked), so a sleeper cannot miss one.  Taking proc_lock
 * before letting go of lk keeps msg's wake-ups from slipping in between,
 * as in sleep_on.
 */
void msg_sleep(void *chan, struct spinlock *lk)
{
	spin_lock(&proc_lock);
	if (signal_pending(myproc())) {
		spin_unlock(&proc_lock);
		return;
	}
	spin_unlock(lk);
	sleep_on(chan, &proc_lock);
	spin_unlock(&proc_lock);
	spin_lock(lk);
}

void msg_wakeup(void *chan)
{
	wakeup(chan);
}

bool msg_signal_pending(void)
{
	return signal_pending(myproc());
}
