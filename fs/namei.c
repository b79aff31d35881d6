/*
 * namei.c: from a path to an inode.
 *
 * A path is walked one component at a time from the root ("/...") or from
 * a base directory (the working directory, or a dirfd): "." stays, ".."
 * goes up (and out of a mounted file system to the directory it covers,
 * never above the root), anything else is looked up in the current
 * directory, which needs search (x) permission.  Arriving at a directory
 * with a file system mounted on it continues in that file system's root.
 */
#include "fs/vfs.h"
#include "include/uapi/errno.h"
#include "kernel/proc.h"
#include "lib/string.h"

struct inode *vfs_root;

/* Where a walk arriving at ip really is: the root of what is mounted there, if anything. */
static struct inode *cross_mount(struct inode *ip)
{
	while (ip->mounted) {
		struct inode *root = iget(ip->mounted);
		iput(ip);
		ip = root;
	}
	return ip;
}

/* One step from directory dir (a reference we own) to `name`; consumes dir. */
static int step(struct inode *dir, const char *name, struct inode **out)
{
	if (!S_ISDIR(dir->mode)) {
		iput(dir);
		return -ENOTDIR;
	}
	int err = inode_permission(dir, MAY_EXEC);
	if (err) {
		iput(dir);
		return err;
	}
	if (strcmp(name, ".") == 0) {
		*out = dir;
		return 0;
	}
	if (strcmp(name, "..") == 0) {
		if (dir == vfs_root) {
			*out = dir;
			return 0;
		}
		/* Leaving a mounted file system: ".." of its root is ".." of the mount point. */
		while (dir->covered) {
			struct inode *under = iget(dir->covered);
			iput(dir);
			dir = under;
		}
	}
	struct inode *next = 0;
	sleeplock_acquire(&dir->sb->lock);
	err = dir->ops->lookup ? dir->ops->lookup(dir, name, &next) : -ENOTDIR;
	sleeplock_release(&dir->sb->lock);
	iput(dir);
	if (err)
		return err;
	*out = cross_mount(next);
	return 0;
}

/* Copy the next component of *path into name; -ENAMETOOLONG if it is too long. */
static int next_component(const char **path, char *name)
{
	const char *p = *path;
	while (*p == '/')
		p++;
	size_t n = 0;
	while (p[n] && p[n] != '/')
		n++;
	if (n > NAME_MAX)
		return -ENAMETOOLONG;
	memcpy(name, p, n);
	name[n] = '\0';
	*path = p + n;
	return 0;
}

static bool only_slashes(const char *p)
{
	while (*p == '/')
		p++;
	return *p == '\0';
}

static struct inode *start_of(struct inode *base, const char *path)
{
	return iget(path[0] == '/' || !base ? vfs_root : base);
}

int path_lookup(struct inode *base, const char *path, bool follow_mounts, struct inode **out)
{
	(void)follow_mounts;
	if (!*path)
		return -ENOENT;
	bool trailing_slash = path[strlen(path) - 1] == '/';
	struct inode *ip = cross_mount(start_of(base, path));
	char name[NAME_MAX + 1];
	while (!only_slashes(path)) {
		int err = next_component(&path, name);
		if (!err)
			err = step(ip, name, &ip);
		else
			iput(ip);
		if (err)
			return err;
	}
	/* "file/" names a directory: a trailing slash on anything else is ENOTDIR. */
	if (trailing_slash && !S_ISDIR(ip->mode)) {
		iput(ip);
		return -ENOTDIR;
	}
	*out = ip;
	return 0;
}

int path_parent(struct inode *base, const char *path, struct inode **dir, char *name)
{
	if (!*path)
		return -ENOENT;
	struct inode *ip = cross_mount(start_of(base, path));
	int err = next_component(&path, name);
	while (!err && !only_slashes(path)) {
		err = step(ip, name, &ip);
		if (!err)
			err = next_component(&path, name);
		else
			return err;
	}
	if (err) {
		iput(ip);
		return err;
	}
	if (name[0] == '\0') { /* the path was "/" */
		iput(ip);
		return -EEXIST;
	}
	if (!S_ISDIR(ip->mode)) {
		iput(ip);
		return -ENOTDIR;
	}
	*dir = ip;
	return 0;
}

int mount_at(struct inode *dir, struct inode *root)
{
	if (!S_ISDIR(dir->mode) || !S_ISDIR(root->mode))
		return -ENOTDIR;
	if (dir->mounted)
		return -EBUSY;
	dir->mounted = iget(root);
	root->covered = iget(dir);
	return 0;
}

/* readdir callback for vfs_path_of: find the entry whose inode number is wanted. */
struct name_search {
	uint64_t ino;
	char *name;
	bool found;
};

static int match_ino(void *ctx, const char *name, size_t len, uint64_t ino, unsigned type,
                     uint64_t next_pos)
{
	(void)type, (void)next_pos;
	struct name_search *s = ctx;
	if (ino != s->ino || (len == 1 && name[0] == '.') || (len == 2 && !memcmp(name, "..", 2)))
		return 0;
	memcpy(s->name, name, len);
	s->name[len] = '\0';
	s->found = true;
	return 1;
}

/*
 * The absolute path of directory dir, the classic way (getcwd): go up with
 * "..", and in each parent find the entry that names the child.  Written
 * backwards from the end of buf, then moved to the front.
 */
long vfs_path_of(struct inode *dir, char *buf, size_t size)
{
	size_t pos = size - 1;
	buf[pos] = '\0';
	struct inode *ip = iget(dir);
	char name[NAME_MAX + 1];
	while (ip != vfs_root) {
		while (ip->covered && ip != vfs_root) { /* a mounted root: continue below it */
			struct inode *under = iget(ip->covered);
			iput(ip);
			ip = under;
		}
		if (ip == vfs_root)
			break;
		struct inode *parent;
		sleeplock_acquire(&ip->sb->lock);
		int err = ip->ops->lookup(ip, "..", &parent);
		struct name_search s = {ip->ino, name, false};
		if (!err) {
			uint64_t rpos = 0;
			parent->ops->readdir(parent, &rpos, match_ino, &s);
		}
		sleeplock_release(&ip->sb->lock);
		iput(ip);
		if (err)
			return err;
		ip = cross_mount(parent);
		if (!s.found) {
			iput(ip);
			return -ENOENT; /* the directory was removed */
		}
		size_t len = strlen(name);
		if (len + 1 > pos) {
			iput(ip);
			return -ENAMETOOLONG;
		}
		pos -= len;
		memcpy(buf + pos, name, len);
		buf[--pos] = '/';
	}
	iput(ip);
	if (pos == size - 1)
		buf[--pos] = '/';
	size_t len = size - 1 - pos;
	memmove(buf, buf + pos, len + 1);
	return len;
}
