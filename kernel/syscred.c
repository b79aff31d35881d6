/*
 * syscred.c: user and group ids, with Linux's rules.
 *
 * Each process has real, effective and saved ids (uid/euid/suid and the
 * same for groups) and a list of supplementary groups.  Permission checks
 * use the effective ids.  Root (euid 0) may set any id; anyone else may
 * only move among the ids it already has.  An argument of -1 means
 * "leave this one alone".
 */
#include "include/uapi/errno.h"
#include "kernel/proc.h"
#include "kernel/syscalls.h"
#include "kernel/usercopy.h"

#define UNCHANGED ((uint32_t)-1)

static bool privileged(void)
{
	return myproc()->cred.euid == 0;
}

/* May an unprivileged process take id `want`, given its three current ids? */
static bool one_of(uint32_t want, uint32_t a, uint32_t b, uint32_t c)
{
	return want == a || want == b || want == c;
}

long sys_getuid(void)
{
	return myproc()->cred.uid;
}

long sys_geteuid(void)
{
	return myproc()->cred.euid;
}

long sys_getgid(void)
{
	return myproc()->cred.gid;
}

long sys_getegid(void)
{
	return myproc()->cred.egid;
}

/* The heart of the rules, for uids and gids alike: set (r, e, s) of ids. */
static long set_ids(uint32_t *ids /* [real, effective, saved] */, uint32_t r, uint32_t e,
                    uint32_t s)
{
	if (!privileged()) {
		if ((r != UNCHANGED && !one_of(r, ids[0], ids[1], ids[2])) ||
		    (e != UNCHANGED && !one_of(e, ids[0], ids[1], ids[2])) ||
		    (s != UNCHANGED && !one_of(s, ids[0], ids[1], ids[2])))
			return -EPERM;
	}
	if (r != UNCHANGED)
		ids[0] = r;
	if (e != UNCHANGED)
		ids[1] = e;
	if (s != UNCHANGED)
		ids[2] = s;
	return 0;
}

/* setuid: root sets all three; others may set the effective id to the real or saved one. */
static long set_one(uint32_t *ids, uint32_t id)
{
	if (privileged())
		return set_ids(ids, id, id, id);
	if (id != ids[0] && id != ids[2])
		return -EPERM;
	ids[1] = id;
	return 0;
}

/*
 * setreuid: unprivileged, the real id may become the real or effective one,
 * the effective id any of the three.  When the real id is set, or the
 * effective one becomes something other than the old real id, the saved id
 * follows the new effective id.
 */
static long set_re(uint32_t *ids, uint32_t r, uint32_t e)
{
	uint32_t old_real = ids[0];
	if (!privileged()) {
		if (r != UNCHANGED && r != ids[0] && r != ids[1])
			return -EPERM;
		if (e != UNCHANGED && !one_of(e, ids[0], ids[1], ids[2]))
			return -EPERM;
	}
	if (r != UNCHANGED)
		ids[0] = r;
	if (e != UNCHANGED)
		ids[1] = e;
	if (r != UNCHANGED || (e != UNCHANGED && e != old_real))
		ids[2] = ids[1];
	return 0;
}

static long apply_uids(long err, const uint32_t *ids)
{
	if (!err) {
		struct cred *c = &myproc()->cred;
		c->uid = ids[0], c->euid = ids[1], c->suid = ids[2];
	}
	return err;
}

static long apply_gids(long err, const uint32_t *ids)
{
	if (!err) {
		struct cred *c = &myproc()->cred;
		c->gid = ids[0], c->egid = ids[1], c->sgid = ids[2];
	}
	return err;
}

static void current_uids(uint32_t *ids)
{
	struct cred *c = &myproc()->cred;
	ids[0] = c->uid, ids[1] = c->euid, ids[2] = c->suid;
}

static void current_gids(uint32_t *ids)
{
	struct cred *c = &myproc()->cred;
	ids[0] = c->gid, ids[1] = c->egid, ids[2] = c->sgid;
}

long sys_setuid(uint32_t uid)
{
	uint32_t ids[3];
	current_uids(ids);
	return apply_uids(set_one(ids, uid), ids);
}

long sys_setgid(uint32_t gid)
{
	uint32_t ids[3];
	current_gids(ids);
	return apply_gids(set_one(ids, gid), ids);
}

long sys_setreuid(uint32_t ruid, uint32_t euid)
{
	uint32_t ids[3];
	current_uids(ids);
	return apply_uids(set_re(ids, ruid, euid), ids);
}

long sys_setregid(uint32_t rgid, uint32_t egid)
{
	uint32_t ids[3];
	current_gids(ids);
	return apply_gids(set_re(ids, rgid, egid), ids);
}

long sys_setresuid(uint32_t ruid, uint32_t euid, uint32_t suid)
{
	uint32_t ids[3];
	current_uids(ids);
	return apply_uids(set_ids(ids, ruid, euid, suid), ids);
}

long sys_setresgid(uint32_t rgid, uint32_t egid, uint32_t sgid)
{
	uint32_t ids[3];
	current_gids(ids);
	return apply_gids(set_ids(ids, rgid, egid, sgid), ids);
}

static long put_three(uintptr_t a, uintptr_t b, uintptr_t c, const uint32_t *ids)
{
	if (copy_to_user(a, &ids[0], 4) || copy_to_user(b, &ids[1], 4) ||
	    copy_to_user(c, &ids[2], 4))
		return -EFAULT;
	return 0;
}

long sys_getresuid(uintptr_t ruid, uintptr_t euid, uintptr_t suid)
{
	uint32_t ids[3];
	current_uids(ids);
	return put_three(ruid, euid, suid, ids);
}

long sys_getresgid(uintptr_t rgid, uintptr_t egid, uintptr_t sgid)
{
	uint32_t ids[3];
	current_gids(ids);
	return put_three(rgid, egid, sgid, ids);
}

long sys_getgroups(int size, uintptr_t list)
{
	struct cred *c = &myproc()->cred;
	if (size < 0)
		return -EINVAL;
	if (size == 0)
		return c->ngroups;
	if (size < c->ngroups)
		return -EINVAL;
	if (copy_to_user(list, c->groups, c->ngroups * sizeof(uint32_t)))
		return -EFAULT;
	return c->ngroups;
}

long sys_setgroups(int size, uintptr_t list)
{
	if (!privileged())
		return -EPERM;
	if (size < 0 || size > PROC_NGROUPS)
		return -EINVAL;
	uint32_t groups[PROC_NGROUPS];
	if (copy_from_user(groups, list, size * sizeof(uint32_t)))
		return -EFAULT;
	struct cred *c = &myproc()->cred;
	for (int i = 0; i < size; i++)
		c->groups[i] = groups[i];
	c->ngroups = size;
	return 0;
}

/* File-system ids follow the effective ids here; report them, change nothing. */
long sys_setfsuid(uint32_t uid)
{
	(void)uid;
	return myproc()->cred.euid;
}

long sys_setfsgid(uint32_t gid)
{
	(void)gid;
	return myproc()->cred.egid;
}
