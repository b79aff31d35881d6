/*
 * tmpfs.c: a file system in memory.  It holds the root (the initrd is
 * unpacked into it at boot), /tmp, and /dev's device nodes.
 *
 * A directory is a list of (name, inode) entries; a regular file's bytes
 * are a shared-memory object (mm/memobj.h), the same kind of object that
 * System V segments and shared mappings use.  Inodes stay in memory while
 * they have a link (a directory entry) or a reference (an open file).
 * Every operation runs under the superblock's lock, taken by the VFS.
 */
#include <linux/fcntl.h>

#include "fs/tmpfs.h"
#include "fs/vfs.h"
#include "include/uapi/errno.h"
#include "lib/string.h"
#include "mm/frame.h"
#include "mm/kmalloc.h"
#include "mm/memlayout.h"
#include "mm/memobj.h"

struct tmpfs_dirent {
	struct tmpfs_dirent *next;
	struct inode *ip; /* holds a link (nlink), not a reference */
	uint64_t cookie;  /* its position for readdir: numbers only grow, so removing
	                   * an entry while a directory is read moves no other */
	char name[];
};

struct tmpfs_node {
	struct tmpfs_dirent *entries; /* directories, in creation order */
	uint64_t next_cookie;         /* directories: the next entry's position */
	struct inode *parent;         /* directories: for ".." */
	struct memobj *data;          /* regular files */
};

static const struct inode_ops tmpfs_ops;
static uint32_t next_dev = 10;

static struct tmpfs_node *node(struct inode *ip)
{
	return ip->priv;
}

static struct inode *make_inode(struct superblock *sb, uint32_t mode, uint32_t rdev,
                                struct inode *parent)
{
	struct inode *ip = inode_new(sb, mode, &tmpfs_ops);
	struct tmpfs_node *n = kzalloc(sizeof(*n));
	if (!ip || !n) {
		kfree(n);
		if (ip)
			ip->nlink = 0, iput(ip);
		return 0;
	}
	ip->priv = n;
	ip->rdev = rdev;
	if (S_ISDIR(mode))
		n->parent = parent ? parent : ip;
	if (S_ISREG(mode) && !(n->data = memobj_create(0))) {
		ip->nlink = 0;
		iput(ip);
		return 0;
	}
	return ip;
}

struct superblock *tmpfs_create(const char *type, uint32_t root_mode)
{
	struct superblock *sb = kzalloc(sizeof(*sb));
	if (!sb)
		return 0;
	sb->type = type;
	sb->dev = next_dev++;
	sb->next_ino = 1;
	sleeplock_init(&sb->lock, type);
	sb->root = make_inode(sb, S_IFDIR | root_mode, 0, 0);
	if (!sb->root) {
		kfree(sb);
		return 0;
	}
	return sb;
}

static struct tmpfs_dirent *find(struct inode *dir, const char *name)
{
	for (struct tmpfs_dirent *d = node(dir)->entries; d; d = d->next)
		if (strcmp(d->name, name) == 0)
			return d;
	return 0;
}

static int add_entry(struct inode *dir, const char *name, struct inode *ip)
{
	size_t len = strlen(name);
	struct tmpfs_dirent *d = kmalloc(sizeof(*d) + len + 1);
	if (!d)
		return -ENOMEM;
	memcpy(d->name, name, len + 1);
	d->ip = ip;
	d->cookie = node(dir)->next_cookie++;
	/* Append, so that ls lists files in the order they were made. */
	struct tmpfs_dirent **link = &node(dir)->entries;
	while (*link)
		link = &(*link)->next;
	d->next = 0;
	*link = d;
	inode_touch(dir, true);
	return 0;
}

static void remove_entry(struct inode *dir, struct tmpfs_dirent *victim)
{
	for (struct tmpfs_dirent **link = &node(dir)->entries; *link; link = &(*link)->next) {
		if (*link == victim) {
			*link = victim->next;
			kfree(victim);
			inode_touch(dir, true);
			return;
		}
	}
}

static int tmpfs_lookup(struct inode *dir, const char *name, struct inode **out)
{
	if (strcmp(name, "..") == 0) {
		*out = iget(node(dir)->parent);
		return 0;
	}
	struct tmpfs_dirent *d = find(dir, name);
	if (!d)
		return -ENOENT;
	*out = iget(d->ip);
	return 0;
}

static int tmpfs_mknod(struct inode *dir, const char *name, uint32_t mode, uint32_t rdev,
                       struct inode **out)
{
	if (dir->nlink == 0)
		return -ENOENT; /* a removed directory takes no new entries */
	if (find(dir, name))
		return -EEXIST;
	struct inode *ip = make_inode(dir->sb, mode, rdev, dir);
	if (!ip)
		return -ENOMEM;
	int err = add_entry(dir, name, ip);
	if (err) {
		ip->nlink = 0;
		iput(ip);
		return err;
	}
	if (S_ISDIR(mode))
		dir->nlink++; /* the new directory's ".." */
	*out = ip;
	return 0;
}

/* Drop one link of ip; an inode with no links and no references is freed. */
static void drop_link(struct inode *ip)
{
	iget(ip);
	ip->nlink = S_ISDIR(ip->mode) ? 0 : ip->nlink - 1;
	inode_touch(ip, true);
	iput(ip);
}

static int tmpfs_unlink(struct inode *dir, const char *name, bool is_dir)
{
	struct tmpfs_dirent *d = find(dir, name);
	if (!d)
		return -ENOENT;
	struct inode *ip = d->ip;
	if (is_dir && !S_ISDIR(ip->mode))
		return -ENOTDIR;
	if (!is_dir && S_ISDIR(ip->mode))
		return -EISDIR;
	if (is_dir && node(ip)->entries)
		return -ENOTEMPTY;
	if (ip->mounted)
		return -EBUSY;
	remove_entry(dir, d);
	if (is_dir)
		dir->nlink--;
	drop_link(ip);
	return 0;
}

static int tmpfs_link(struct inode *dir, const char *name, struct inode *target)
{
	if (target->sb != dir->sb)
		return -EXDEV;
	if (S_ISDIR(target->mode))
		return -EPERM;
	if (find(dir, name))
		return -EEXIST;
	int err = add_entry(dir, name, target);
	if (!err) {
		target->nlink++;
		inode_touch(target, true);
	}
	return err;
}

/* Is dir `a` the same as, or inside, directory `b`? (a rename may not move b into itself) */
static bool inside(struct inode *a, struct inode *b)
{
	for (;;) {
		if (a == b)
			return true;
		struct inode *up = node(a)->parent;
		if (up == a)
			return false;
		a = up;
	}
}

static int tmpfs_rename(struct inode *olddir, const char *oldname, struct inode *newdir,
                        const char *newname)
{
	if (olddir->sb != newdir->sb)
		return -EXDEV;
	struct tmpfs_dirent *src = find(olddir, oldname);
	if (!src)
		return -ENOENT;
	struct inode *ip = src->ip;
	struct tmpfs_dirent *dst = find(newdir, newname);
	if (dst && dst->ip == ip)
		return 0; /* both names are links to one file: nothing to do */
	if (S_ISDIR(ip->mode) && inside(newdir, ip))
		return -EINVAL;
	if (dst) {
		bool dst_dir = S_ISDIR(dst->ip->mode);
		if (S_ISDIR(ip->mode) && !dst_dir)
			return -ENOTDIR;
		if (!S_ISDIR(ip->mode) && dst_dir)
			return -EISDIR;
		int err = tmpfs_unlink(newdir, newname, dst_dir);
		if (err)
			return err;
	}
	int err = add_entry(newdir, newname, ip);
	if (err)
		return err;
	remove_entry(olddir, src);
	if (S_ISDIR(ip->mode) && olddir != newdir) {
		olddir->nlink--;
		newdir->nlink++;
		node(ip)->parent = newdir;
	}
	return 0;
}

static unsigned dirent_type(uint32_t mode)
{
	return (mode & S_IFMT) >> 12; /* DT_* are the S_IF* type bits shifted down */
}

/*
 * Positions: 0 is ".", 1 is "..", and an entry's position is 2 + its cookie.
 * Reading resumes at the first entry whose position is at or after *pos,
 * so entries removed meanwhile (rm -r lists and deletes as it goes) never
 * make the reader skip the ones after them.
 */
static int tmpfs_readdir(struct inode *dir, uint64_t *pos, filldir_fn fill, void *ctx)
{
	for (;;) {
		uint64_t i = *pos;
		const char *name;
		struct inode *ip;
		if (i == 0) {
			name = ".", ip = dir;
		} else if (i == 1) {
			name = "..", ip = node(dir)->parent;
		} else {
			struct tmpfs_dirent *d = node(dir)->entries;
			while (d && d->cookie + 2 < i)
				d = d->next;
			if (!d)
				return 0;
			name = d->name, ip = d->ip, i = d->cookie + 2;
		}
		if (fill(ctx, name, strlen(name), ip->ino, dirent_type(ip->mode), i + 1))
			return 0;
		*pos = i + 1;
	}
}

static long tmpfs_read(struct inode *ip, uint64_t offset, struct iobuf buf, size_t n)
{
	if (offset >= ip->size)
		return 0;
	if (n > ip->size - offset)
		n = ip->size - offset;
	static const char zeros[PAGE_SIZE];
	size_t done = 0;
	while (done < n) {
		uint64_t pos = offset + done;
		size_t in_page = pos % PAGE_SIZE, chunk = PAGE_SIZE - in_page;
		if (chunk > n - done)
			chunk = n - done;
		uint64_t pa = memobj_page_if_present(node(ip)->data, pos / PAGE_SIZE);
		const char *src =
		    pa ? (const char *)P2V(pa) + in_page : zeros; /* a hole reads as zeros */
		if (iobuf_write(buf, done, src, chunk))
			return done ? (long)done : -EFAULT;
		done += chunk;
	}
	return done;
}

static int set_size(struct inode *ip, uint64_t size)
{
	struct memobj *data = node(ip)->data;
	int err = memobj_resize(data, (size + PAGE_SIZE - 1) / PAGE_SIZE);
	if (err)
		return err;
	/* Bytes past the end in the last page must read as zero if the file grows again. */
	if (size < ip->size && size % PAGE_SIZE) {
		uint64_t pa = memobj_page_if_present(data, size / PAGE_SIZE);
		if (pa)
			memset((char *)P2V(pa) + size % PAGE_SIZE, 0, PAGE_SIZE - size % PAGE_SIZE);
	}
	ip->size = size;
	return 0;
}

static long tmpfs_write(struct inode *ip, uint64_t offset, struct iobuf buf, size_t n)
{
	if (offset + n < offset)
		return -EFBIG;
	/* Make room for the whole write; what was not written is given back below. */
	uint64_t old_size = ip->size;
	if (offset + n > ip->size) {
		int err = set_size(ip, offset + n);
		if (err)
			return err;
	}
	size_t done = 0;
	while (done < n) {
		uint64_t pos = offset + done;
		size_t in_page = pos % PAGE_SIZE, chunk = PAGE_SIZE - in_page;
		if (chunk > n - done)
			chunk = n - done;
		uint64_t pa = memobj_page(node(ip)->data, pos / PAGE_SIZE);
		if (!pa || iobuf_read((char *)P2V(pa) + in_page, buf, done, chunk)) {
			/* A short write: the file grows only by what really arrived. */
			uint64_t end = offset + done > old_size ? offset + done : old_size;
			set_size(ip, end);
			return done ? (long)done : !pa ? -ENOSPC : -EFAULT;
		}
		done += chunk;
	}
	return done;
}

static int tmpfs_truncate(struct inode *ip, uint64_t size)
{
	if (!S_ISREG(ip->mode))
		return -EINVAL;
	return set_size(ip, size);
}

static void tmpfs_release(struct inode *ip)
{
	struct tmpfs_node *n = node(ip);
	if (n->data)
		memobj_put(n->data);
	kfree(n);
}

/* A tmpfs file lives in memory and nowhere else: there is nothing to write out. */
static int tmpfs_fsync(struct inode *ip)
{
	(void)ip;
	return 0;
}

static const struct inode_ops tmpfs_ops = {
    .lookup = tmpfs_lookup,
    .create = tmpfs_mknod,
    .unlink = tmpfs_unlink,
    .link = tmpfs_link,
    .rename = tmpfs_rename,
    .readdir = tmpfs_readdir,
    .read = tmpfs_read,
    .write = tmpfs_write,
    .truncate = tmpfs_truncate,
    .fsync = tmpfs_fsync,
    .release = tmpfs_release,
};

struct memobj *tmpfs_memobj(struct inode *ip)
{
	return ip->ops == &tmpfs_ops && S_ISREG(ip->mode) ? node(ip)->data : 0;
}
