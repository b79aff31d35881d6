/*
 * util.c: the System V IPC ids layer (see util.h).
 *
 * Slots are handed out cyclically, as Linux does: a new object takes the
 * first free slot after the last one given, so a removed object's id is
 * not reused at once.  When the search wraps around, seq moves on, so even
 * a reused slot gives a different id.
 */
#include "include/uapi/errno.h"
#include "ipc/util.h"
#include "lib/string.h"

void ipc_ids_init(struct ipc_ids *ids, const char *name)
{
	memset(ids, 0, sizeof(*ids));
	ids->name = name;
	ids->max_idx = -1;
}

static int make_id(int slot, uint16_t seq)
{
	return ((int)seq << IPCMNI_SHIFT) | slot;
}

int ipc_addid(struct ipc_ids *ids, struct kern_ipc_perm *perm, int limit, const struct cred *cred)
{
	if (limit > IPCMNI)
		limit = IPCMNI;
	if (ids->in_use >= limit)
		return -ENOSPC;
	int slot = -1;
	for (int n = 0; n < limit; n++) {
		int i = (ids->next_idx + n) % limit;
		if (!ids->slots[i]) {
			slot = i;
			break;
		}
	}
	if (slot < 0)
		return -ENOSPC; /* every free slot lies above a lowered limit */
	/* Wrapped around to a slot at or below the last one: a new sequence. */
	if (slot < ids->next_idx)
		ids->seq = (ids->seq + 1) % (INT32_MAX >> IPCMNI_SHIFT);
	ids->next_idx = slot + 1;

	/* Owner and creator are set before the object is visible in the table. */
	perm->uid = perm->cuid = cred->euid;
	perm->gid = perm->cgid = cred->egid;
	perm->seq = ids->seq;
	perm->id = make_id(slot, perm->seq);
	perm->deleted = false;
	ids->slots[slot] = perm;
	ids->in_use++;
	if (slot > ids->max_idx)
		ids->max_idx = slot;
	return perm->id;
}

void ipc_rmid(struct ipc_ids *ids, struct kern_ipc_perm *perm)
{
	int slot = ipc_slot_of(perm->id);
	if (ids->slots[slot] != perm)
		return;
	ids->slots[slot] = 0;
	ids->in_use--;
	perm->deleted = true;
	perm->key = IPC_PRIVATE;
	while (ids->max_idx >= 0 && !ids->slots[ids->max_idx])
		ids->max_idx--;
}

struct kern_ipc_perm *ipc_find_key(struct ipc_ids *ids, int32_t key)
{
	if (key == IPC_PRIVATE)
		return 0; /* private objects are never found by key */
	for (int i = 0; i <= ids->max_idx; i++)
		if (ids->slots[i] && ids->slots[i]->key == key)
			return ids->slots[i];
	return 0;
}

struct kern_ipc_perm *ipc_find_slot(struct ipc_ids *ids, int id)
{
	if (id < 0)
		return 0;
	return ids->slots[ipc_slot_of(id)];
}

struct kern_ipc_perm *ipc_find_id(struct ipc_ids *ids, int id)
{
	struct kern_ipc_perm *perm = ipc_find_slot(ids, id);
	if (!perm || perm->id != id)
		return 0; /* empty slot, or a stale id: the same slot, another object */
	return perm;
}

static bool in_group(const struct cred *cred, uint32_t gid)
{
	if (cred->egid == gid)
		return true;
	for (int i = 0; i < cred->ngroups; i++)
		if (cred->groups[i] == gid)
			return true;
	return false;
}

int ipc_perms(const struct kern_ipc_perm *perm, int flag, const struct cred *cred)
{
	/* The bits asked for, folded into one rwx triple: 0600 asks for rw-. */
	int requested = (flag >> 6 | flag >> 3 | flag) & 7;
	int granted = perm->mode;
	if (cred->euid == perm->cuid || cred->euid == perm->uid)
		granted >>= 6;
	else if (in_group(cred, perm->cgid) || in_group(cred, perm->gid))
		granted >>= 3;
	if ((requested & ~granted & 7) && cred->euid != 0)
		return -EACCES;
	return 0;
}

bool ipc_owner_or_admin(const struct kern_ipc_perm *perm, const struct cred *cred)
{
	return cred->euid == perm->cuid || cred->euid == perm->uid || cred->euid == 0;
}

void ipc_fill_perm64(const struct kern_ipc_perm *perm, struct ipc64_perm *out)
{
	memset(out, 0, sizeof(*out)); /* musl reads the padding after seq as part of an int */
	out->key = perm->key;
	out->uid = perm->uid;
	out->gid = perm->gid;
	out->cuid = perm->cuid;
	out->cgid = perm->cgid;
	out->mode = perm->mode;
	out->seq = perm->seq;
}

long ipc_get(struct ipc_ids *ids, int32_t key, uint64_t arg, int flag,
             const struct ipc_get_ops *ops, const struct cred *cred)
{
	if (key == IPC_PRIVATE)
		return ops->create(key, arg, flag);
	struct kern_ipc_perm *perm = ipc_find_key(ids, key);
	if (!perm)
		return (flag & IPC_CREAT) ? ops->create(key, arg, flag) : -ENOENT;
	if ((flag & IPC_CREAT) && (flag & IPC_EXCL))
		return -EEXIST;
	long err = ops->check ? ops->check(perm, arg) : 0;
	if (!err)
		err = ipc_perms(perm, flag, cred);
	return err ? err : perm->id;
}

long ipc_find_for_stat(struct ipc_ids *ids, int id, enum ipc_stat_by by, const struct cred *cred,
                       struct kern_ipc_perm **out)
{
	struct kern_ipc_perm *perm =
	    by == STAT_BY_ID ? ipc_find_id(ids, id) : ipc_find_slot(ids, id);
	if (!perm)
		return -EINVAL;
	if (by != STAT_BY_SLOT_ANY && ipc_perms(perm, 0444, cred))
		return -EACCES;
	*out = perm;
	return 0;
}

enum ipc_stat_by ipc_stat_by_cmd(int cmd, int stat_cmd)
{
	return cmd == IPC_STAT ? STAT_BY_ID : cmd == stat_cmd ? STAT_BY_SLOT : STAT_BY_SLOT_ANY;
}

long ipc_find_for_change(struct ipc_ids *ids, int id, const struct cred *cred,
                         struct kern_ipc_perm **out)
{
	struct kern_ipc_perm *perm = ipc_find_id(ids, id);
	if (!perm)
		return -EINVAL;
	if (!ipc_owner_or_admin(perm, cred))
		return -EPERM;
	*out = perm;
	return 0;
}

long ipc_set_perm(struct kern_ipc_perm *perm, const struct ipc64_perm *in)
{
	if (in->uid == (uint32_t)-1 || in->gid == (uint32_t)-1)
		return -EINVAL; /* not a valid user or group */
	perm->uid = in->uid;
	perm->gid = in->gid;
	perm->mode = (perm->mode & ~0777) | (in->mode & 0777);
	return 0;
}

int ipc_highest_slot(const struct ipc_ids *ids)
{
	return ids->max_idx < 0 ? 0 : ids->max_idx;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* One number from 0 to max after optional blanks: where it ends, or NULL. */
static const char *parse_number(const char *p, uint64_t max, uint64_t *out)
{
	while (is_blank(*p))
		p++;
	if (*p < '0' || *p > '9')
		return 0; /* also "-1": a limit is never negative */
	uint64_t v = 0;
	for (; *p >= '0' && *p <= '9'; p++) {
		uint64_t digit = *p - '0';
		/* v * 10 + digit > max, asked without overflowing */
		if (digit > max || v > (max - digit) / 10)
			return 0;
		v = v * 10 + digit;
	}
	*out = v;
	return p;
}

int ipc_parse_limits(const char *text, int n, uint64_t max, uint64_t *out)
{
	const char *p = text;
	for (int k = 0; k < n; k++)
		if (!(p = parse_number(p, max, &out[k])))
			return -EINVAL;
	while (is_blank(*p))
		p++;
	return *p ? -EINVAL : 0;
}
