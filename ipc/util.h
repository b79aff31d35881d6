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

/* Fill the ABI's struct ipc64_perm (zeroing the padding musl reads). */
void ipc_fill_perm64(const struct kern_ipc_perm *perm, struct ipc64_perm *out);

static inline int ipc_slot_of(int id)
{
	return id & (IPCMNI - 1);
}

#endif
