/*
 * msg.h: System V message queues.
 *
 * A queue is an ids-layer object (ipc/util.h) holding a list of messages,
 * oldest first, and two lists of sleeping processes: receivers waiting for
 * a message their filter accepts, senders waiting for room.  A message is
 * one kmalloc'd block (header + text): msgsnd copies the text in, msgrcv
 * copies it out.  Functions return a value or a negative errno; the user
 * buffers are copied by kernel/sysmsg.c.
 */
#ifndef IPC_MSG_H
#define IPC_MSG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "include/uapi/ipc.h"
#include "kernel/cred.h"

/* Linux's own x86-64 structures and constants: struct msqid64_ds (120 bytes,
 * <asm/msgbuf.h>, the same as musl's struct msqid_ds), struct msginfo,
 * MSG_NOERROR, MSG_EXCEPT, MSG_COPY, MSG_STAT, MSG_INFO, MSG_STAT_ANY and
 * the default limits (<linux/msg.h>, which, unlike <linux/shm.h>, includes
 * no C library header).  Its struct msqid_ds and struct msgbuf are the old
 * IPC_OLD forms, never used on x86-64. */
#include <asm/msgbuf.h>
#include <linux/msg.h>

_Static_assert(sizeof(struct msqid64_ds) == 120, "struct msqid64_ds is 120 bytes");
_Static_assert(sizeof(struct msginfo) == 32, "struct msginfo is 32 bytes");

/* The limits: Linux's defaults; settable on the command line (msgmax=,
 * msgmnb=, msgmni=) and by root through /proc/sys/kernel/msg{max,mnb,mni}.
 * ints, as Linux keeps them (0 .. INT_MAX; msgmni 0 .. IPCMNI). */
struct msg_limits {
	int msgmax; /* bytes: the largest message */
	int msgmnb; /* bytes: a new queue's msg_qbytes */
	int msgmni; /* number of queues */
};
extern struct msg_limits msg_limits;

/* A queue's doubly-linked circular lists (as Linux's list_head). */
struct msg_link {
	struct msg_link *prev, *next;
};

/*
 * One message: the header, then its text in pieces of at most one frame
 * (as Linux's msg_msg and msg_msgseg).  The first piece follows the header
 * in the same kmalloc block; the rest are chained from `more`.  So no
 * message needs contiguous frames, however large msgmax allows it to be.
 */
struct msg_piece {
	struct msg_piece *next;
	char text[];
};

struct msg_msg {
	struct msg_link link;   /* in its queue's list, while queued */
	long type;              /* mtype: > 0 */
	size_t size;            /* bytes of text, in all pieces */
	struct msg_piece *more; /* the pieces after the first, or NULL */
	char text[];            /* the first piece */
};

void msg_init(void);
/* At boot: limits from the command line, clamped to what /proc/sys accepts. */
void msg_set_limits(uint64_t msgmax, uint64_t msgmnb, uint64_t msgmni);

long msg_get(int32_t key, int msgflg);

/* msgsnd in two steps, so that the text is copied from user space straight
 * into the message: msg_new makes the checks Linux makes before the lookup
 * (spec 9.5 steps 2-3) and allocates; the caller copies the text in, then
 * msg_send queues it (or hands it to a sleeping receiver).  msg_send takes
 * the message in every case: queued, handed over, or freed on error. */
long msg_new(int msqid, long mtype, size_t size, struct msg_msg **out);
long msg_send(int msqid, struct msg_msg *msg, int msgflg);
void msg_free(struct msg_msg *msg);

/* The first n bytes of a message's text (n <= msg->size), piece by piece:
 * step(piece, len, offset, arg) for each in order.  Stops at, and returns,
 * the first non-zero result; 0 when all were done.  kernel/sysmsg.c copies
 * texts from and to user space with it. */
typedef long msg_piece_step(char *piece, size_t len, size_t offset, void *arg);
long msg_walk_text(struct msg_msg *msg, size_t n, msg_piece_step *step, void *arg);

/* msgrcv: the message, taken off the queue (or handed over by a sender);
 * the caller copies min(size, msg->size) bytes out and frees it. */
long msg_receive(int msqid, size_t size, long msgtyp, int msgflg, struct msg_msg **out);

/* msgctl, one function per command group. */
long msg_stat(int msqid, int cmd, struct msqid64_ds *out); /* IPC_STAT, MSG_STAT(_ANY) */
long msg_set(int msqid, const struct msqid64_ds *in);      /* IPC_SET */
long msg_remove(int msqid);                                /* IPC_RMID */
long msg_info(int cmd, struct msginfo *out);               /* IPC_INFO, MSG_INFO */

/* /proc/sysvipc/msg and /proc/sys/kernel/msg{max,mnb,mni} (fs/procfs.c's table). */
struct procfs_text;
int msg_show_queues(struct procfs_text *out, int pid);
int msg_show_msgmax(struct procfs_text *out, int pid);
int msg_show_msgmnb(struct procfs_text *out, int pid);
int msg_show_msgmni(struct procfs_text *out, int pid);
int msg_store_msgmax(const char *text, size_t len);
int msg_store_msgmnb(const char *text, size_t len);
int msg_store_msgmni(const char *text, size_t len);
/* Queues that exist (the end-of-run leak check can name them). */
int msg_count(void);

/*
 * What msg needs from the rest of the kernel, besides ipc_current_cred,
 * ipc_current_pid and ipc_now (ipc/shm.h): sleeping and waking.
 * kernel/sysmsg.c provides them; the host unit tests fake them.
 *
 * msg_sleep: sleep on chan, releasing lk meanwhile (taken again before it
 * returns), unless a signal is pending: then it returns at once.  Wakers
 * call msg_wakeup(chan) with lk held, so no wake-up is lost.
 */
struct spinlock;
void msg_sleep(void *chan, struct spinlock *lk);
void msg_wakeup(void *chan);
bool msg_signal_pending(void);

#endif
