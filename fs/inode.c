/*
 * inode.c: inodes, whatever file system they belong to, and I/O buffers.
 */
#include "fs/vfs.h"
#include "include/uapi/errno.h"
#include "kernel/clock.h"
#include "kernel/panic.h"
#include "kernel/proc.h"
#include "kernel/usercopy.h"
#include "lib/string.h"
#include "mm/kmalloc.h"

static struct spinlock inode_lock = SPINLOCK_INIT("inode");

int iobuf_write(struct iobuf to, size_t offset, const void *from, size_t n)
{
	if (to.user)
		return copy_to_user(to.addr + offset, from, n);
	memcpy((char *)to.addr + offset, from, n);
	return 0;
}

int iobuf_read(void *to, struct iobuf from, size_t offset, size_t n)
{
	if (from.user)
		return copy_from_user(to, from.addr + offset, n);
	memcpy(to, (const char *)from.addr + offset, n);
	return 0;
}

struct inode *inode_new(struct superblock *sb, uint32_t mode, const struct inode_ops *ops)
{
	struct inode *ip = kzalloc(sizeof(*ip));
	if (!ip)
		return 0;
	ip->sb = sb;
	ip->ops = ops;
	ip->mode = mode;
	ip->refs = 1;
	ip->nlink = S_ISDIR(mode) ? 2 : 1;
	struct proc *p = myproc();
	ip->uid = p ? p->cred.euid : 0;
	ip->gid = p ? p->cred.egid : 0;
	spin_lock(&inode_lock);
	ip->ino = sb->next_ino++;
	spin_unlock(&inode_lock);
	ip->atime = ip->mtime = ip->ctime = clock_realtime_ns();
	return ip;
}

struct inode *iget(struct inode *ip)
{
	spin_lock(&inode_lock);
	ip->refs++;
	spin_unlock(&inode_lock);
	return ip;
}

/* Drop a reference.  An inode with neither references nor links is freed
 * by its file system (which may also keep unlinked-but-open files alive). */
void iput(struct inode *ip)
{
	if (!ip)
		return;
	spin_lock(&inode_lock);
	int left = --ip->refs;
	spin_unlock(&inode_lock);
	if (left < 0)
		panic("iput: inode %lu of %s below zero references", ip->ino, ip->sb->type);
	if (left == 0 && (ip->nlink == 0 || ip->sb->ephemeral)) {
		if (ip->ops->release)
			ip->ops->release(ip);
		kfree(ip);
	}
}

void inode_touch(struct inode *ip, bool modified)
{
	int64_t now = clock_realtime_ns();
	ip->atime = now;
	if (modified)
		ip->mtime = ip->ctime = now;
}

/*
 * Unix permissions: owner bits if the effective uid owns the file, group
 * bits if the effective or a supplementary gid matches, other bits if not.
 * Root may do anything, except execute a file that has no x bit at all.
 * So may the kernel when it acts on its own behalf, with no process.
 */
int inode_permission(struct inode *ip, int may)
{
	if (!myproc())
		return 0; /* the kernel itself, at boot (opening /dev/console for init) */
	const struct cred *c = &myproc()->cred;
	if (c->euid == 0) {
		if ((may & MAY_EXEC) && !S_ISDIR(ip->mode) && !(ip->mode & 0111))
			return -EACCES;
		return 0;
	}
	unsigned bits;
	bool in_group = ip->gid == c->egid;
	for (int i = 0; i < c->ngroups && !in_group; i++)
		in_group = ip->gid == c->groups[i];
	if (ip->uid == c->euid)
		bits = (ip->mode >> 6) & 7;
	else if (in_group)
		bits = (ip->mode >> 3) & 7;
	else
		bits = ip->mode & 7;
	return (bits & may) == (unsigned)may ? 0 : -EACCES;
}

void inode_stat(struct inode *ip, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	st->st_dev = ip->sb->dev;
	st->st_ino = ip->ino;
	st->st_mode = ip->mode;
	st->st_nlink = ip->nlink;
	st->st_uid = ip->uid;
	st->st_gid = ip->gid;
	st->st_rdev = ip->rdev;
	st->st_size = ip->size;
	st->st_blksize = 4096;
	st->st_blocks = (ip->size + 511) / 512;
	st->st_atime = ip->atime / 1000000000;
	st->st_atime_nsec = ip->atime % 1000000000;
	st->st_mtime = ip->mtime / 1000000000;
	st->st_mtime_nsec = ip->mtime % 1000000000;
	st->st_ctime = ip->ctime / 1000000000;
	st->st_ctime_nsec = ip->ctime % 1000000000;
}
