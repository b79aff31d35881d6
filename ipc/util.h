/*
 * util.h: the System V IPC ids layer, shared by every IPC kind (shared
 * memory now; semaphores and message queues later), in the spirit of
 * Linux's ipc/util.c.
 *
 * An IPC object embeds a struct kern_ipc_perm as its first member.  Objects
 * of one kind live in a struct ipc_ids: a table indexed by slot, plus the
 * key -> object lookup.  An object's id is (seq << 15) | slot, so a stale
 * id (its object removed, the slot reused) no longer matches: EINVAL.
 *
 * Pure bookkeeping: no memory manager, no processes.  The caller holds the
 * kind's lock around every call, and passes the caller's credentials in.
 */
#ifndef IPC_UTIL_H
#define IPC_UTIL_H

#include <stdbool.h>
#include <stdint.h>

#include "include/uapi/ipc.h"
#include "kernel/cred.h"

struct kern_ipc_perm {
	int id;
	int32_t key;         /* IPC_PRIVATE (0) once removed from key lookup */
	uint32_t uid, gid;   /* owner */
	uint32_t cuid, cgid; /* creator */
	uint32_t mode;       /* low 9 bits: permissions; above: per-kind flags */
	uint16_t seq;
	bool deleted; /* removed from the table: being destroyed */
};

struct ipc_ids {
	const char *name;
	int in_use;
	int max_idx;  /* highest slot in use, -1 when empty */
	int next_idx; /* where the cyclic search for a free slot starts */
	uint16_t seq; /* advanced each time the slot search wraps around */
	struct kern_ipc_perm *slots[IPCMNI];
};

void ipc_ids_init(struct ipc_ids *ids, const char *name);

/* Give a new object a slot and an id, set its owner and creator from cred.
 * limit is the kind's maximum count (e.g. shmmni).  Returns the id or -ENOSPC. */
int ipc_addid(struct ipc_ids *ids, struct kern_ipc_perm *perm, int limit, const struct cred *cred);
/* Take an object out of the table (and out of key lookup). */
void ipc_rmid(struct ipc_ids *ids, struct kern_ipc_perm *perm);

struct kern_ipc_perm *ipc_find_key(struct ipc_ids *ids, int32_t key);
/* By full id: NULL if no object, or a stale id (seq mismatch). */
struct kern_ipc_perm *ipc_find_id(struct ipc_ids *ids, int id);
/* By slot only (SHM_STAT, SEM_STAT, MSG_STAT): the id's seq is not checked. */
struct kern_ipc_perm *ipc_find_slot(struct ipc_ids *ids, int id);

/* Access: flag's permission bits (e.g. 0600, S_IRUGO) against the object, as
 * Linux's ipcperms: 0 or -EACCES.  Root (euid 0) may do everything. */
int ipc_perms(const struct kern_ipc_perm *perm, int flag, const struct cred *cred);
/* IPC_SET and IPC_RMID: the owner, the creator, or root. */
bool ipc_owner_or_admin(const struct kern_ipc_perm *perm, const struct cred *cred);

/*
 * The get call every kind shares (shmget, semget, msgget), as Linux's ipcget:
 * IPC_PRIVATE always creates; a missing key creates with IPC_CREAT, else
 * ENOENT; an existing key gives EEXIST with IPC_CREAT|IPC_EXCL, then the
 * kind's own check (a size, a count), then the access check with flag's
 * permission bits.  `arg` is the kind's size or count.
 */
struct ipc_get_ops {
	long (*create)(int32_t key, uint64_t arg, int flag);     /* the new object's id */
	long (*check)(struct kern_ipc_perm *perm, uint64_t arg); /* 0 or -errno; may be NULL */
};
long ipc_get(struct ipc_ids *ids, int32_t key, uint64_t arg, int flag,
             const struct ipc_get_ops *ops, const struct cred *cred);

/* The ctl calls' lookups.  IPC_STAT takes a full id; the *_STAT commands a
 * slot (and return the id); *_STAT_ANY skip the read check. */
enum ipc_stat_by { STAT_BY_ID, STAT_BY_SLOT, STAT_BY_SLOT_ANY };
long ipc_find_for_stat(struct ipc_ids *ids, int id, enum ipc_stat_by by, const struct cred *cred,
                       struct kern_ipc_perm **out);
/* Which lookup a stat command wants: IPC_STAT, the kind's *_STAT (stat_cmd), or *_STAT_ANY. */
enum ipc_stat_by ipc_stat_by_cmd(int cmd, int stat_cmd);
/* IPC_SET and IPC_RMID: the object, if the caller is its owner, creator or root. */
long ipc_find_for_change(struct ipc_ids *ids, int id, const struct cred *cred,
                         struct kern_ipc_perm **out);
/* IPC_SET's part every kind shares: uid, gid and the low 9 mode bits (EINVAL for -1). */
long ipc_set_perm(struct kern_ipc_perm *perm, const struct ipc64_perm *in);
/* IPC_INFO and *_INFO return the highest slot in use, or 0 with none. */
int ipc_highest_slot(const struct ipc_ids *ids);

/*
 * The limits files in /proc/sys/kernel (shmmax, msgmni, sem, ...): exactly n
 * decimal numbers from 0 to max, separated and surrounded by blanks, into
 * out[0..n-1]; -EINVAL for anything else ("-1", "2^64", "12abc", too few).
 */
int ipc_parse_limits(const char *text, int n, uint64_t max, uint64_t *out);

/* Fill the ABI's struct ipc64_perm (zeroing the padding musl reads). */
void ipc_fill_perm64(const struct kern_ipc_perm *perm, struct ipc64_perm *out);

static inline int ipc_slot_of(int id)
{
	return id & (IPCMNI - 1);
}

#endif
