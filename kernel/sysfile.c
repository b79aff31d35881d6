/*
 * sysfile.c: system calls on file descriptors and paths.
 *
 * A process's descriptors index p->files; several descriptors (after dup,
 * or in parent and child after fork) may share one struct file and its
 * offset.  Relative paths start at the working directory, or at a
 * directory descriptor for the *at() calls.  The work is in fs/.
 */
#include <asm/termios.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/uio.h>

#include "fs/pipe.h"
#include "fs/vfs.h"
#include "include/uapi/dirent.h"
#include "include/uapi/errno.h"
#include "kernel/proc.h"
#include "kernel/syscalls.h"
#include "kernel/usercopy.h"
#include "lib/string.h"
#include "mm/kmalloc.h"
#include "mm/uvm.h"

/* access(2) modes: part of the ABI, though Linux's uapi headers leave them to libc. */
#define F_OK    0
#define X_OK    1
#define W_OK    2
#define R_OK    4
#define MAX_IOV 1024

/* ------------------------------------------------------------ descriptors */

struct file *fd_file(int fd)
{
	if (fd < 0 || fd >= NOFILE)
		return 0;
	return myproc()->files[fd];
}

/* The lowest free descriptor at or above min, now holding f; -EMFILE if none. */
int fd_install(struct file *f, int min, bool cloexec)
{
	struct proc *p = myproc();
	for (int fd = min; fd < NOFILE; fd++) {
		if (!p->files[fd]) {
			p->files[fd] = f;
			if (cloexec)
				p->cloexec |= 1UL << fd;
			else
				p->cloexec &= ~(1UL << fd);
			return fd;
		}
	}
	return -EMFILE;
}

static void fd_release(int fd)
{
	struct proc *p = myproc();
	struct file *f = p->files[fd];
	p->files[fd] = 0;
	p->cloexec &= ~(1UL << fd);
	file_close(f);
}

/* Install f at the lowest free descriptor, or close it if there is none. */
static long install_or_close(struct file *f, bool cloexec)
{
	int fd = fd_install(f, 0, cloexec);
	if (fd < 0)
		file_close(f);
	return fd;
}

/* ------------------------------------------------------------------ paths */

/* A path from user space into a kernel buffer of PATH_MAX bytes. */
static int get_path(uintptr_t upath, char *path, bool allow_empty)
{
	long n = strncpy_from_user(path, upath, PATH_MAX);
	if (n < 0)
		return (int)n;
	if (n == 0 && !allow_empty)
		return -ENOENT;
	return 0;
}

/* Where a relative path for an *at() call starts: a referenced directory inode. */
static int get_base(int dirfd, struct inode **base)
{
	if (dirfd == AT_FDCWD) {
		*base = iget(myproc()->cwd);
		return 0;
	}
	struct file *f = fd_file(dirfd);
	if (!f)
		return -EBADF;
	if (!f->ip || !S_ISDIR(f->ip->mode))
		return -ENOTDIR;
	*base = iget(f->ip);
	return 0;
}

/* A user path in a new PATH_MAX buffer, and where it starts: the base is NULL
 * for an absolute path, else a referenced directory (cwd or dirfd). */
static int path_and_base(int dirfd, uintptr_t upath, char **path, struct inode **base)
{
	*base = 0;
	*path = kmalloc(PATH_MAX);
	if (!*path)
		return -ENOMEM;
	int err = get_path(upath, *path, false);
	if (!err && (*path)[0] != '/')
		err = get_base(dirfd, base);
	if (err)
		kfree(*path);
	return err;
}

/* Look up a user path relative to dirfd. */
static int lookup_at(int dirfd, uintptr_t upath, struct inode **out)
{
	char *path;
	struct inode *base;
	int err = path_and_base(dirfd, upath, &path, &base);
	if (err)
		return err;
	err = path_lookup(base, path, true, out);
	iput(base);
	kfree(path);
	return err;
}

/* The directory that will hold a user path's last component, writable by us. */
static int parent_at(int dirfd, uintptr_t upath, struct inode **dir, char *name)
{
	char *path;
	struct inode *base;
	int err = path_and_base(dirfd, upath, &path, &base);
	if (err)
		return err;
	err = path_parent(base, path, dir, name);
	iput(base);
	kfree(path);
	if (!err && (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)) {
		iput(*dir);
		return -EINVAL; /* cannot create or remove "." or ".." */
	}
	if (!err && (err = inode_permission(*dir, MAY_WRITE | MAY_EXEC)))
		iput(*dir);
	return err;
}

/* The sticky bit (/tmp): only the file's owner, the directory's owner or root may remove it. */
static int sticky_allows(struct inode *dir, const char *name)
{
	if (!(dir->mode & S_ISVTX))
		return 0;
	const struct cred *c = &myproc()->cred;
	if (c->euid == 0 || c->euid == dir->uid)
		return 0;
	struct inode *ip;
	int err = dir->ops->lookup(dir, name, &ip);
	if (err)
		return err;
	int r = ip->uid == c->euid ? 0 : -EPERM;
	iput(ip);
	return r;
}

/* ------------------------------------------------------------ read, write */

long sys_read(int fd, uintptr_t buf, size_t n)
{
	struct file *f = fd_file(fd);
	return f ? file_read(f, USER_BUF(buf), n) : -EBADF;
}

long sys_write(int fd, uintptr_t buf, size_t n)
{
	struct file *f = fd_file(fd);
	return f ? file_write(f, USER_BUF(buf), n) : -EBADF;
}

/* readv and writev: one read or write per iovec, stopping at a short one. */
static long vector_io(int fd, uintptr_t uiov, int iovcnt, bool writing)
{
	struct file *f = fd_file(fd);
	if (!f)
		return -EBADF;
	if (iovcnt < 0 || iovcnt > MAX_IOV)
		return -EINVAL;
	long total = 0;
	for (int i = 0; i < iovcnt; i++) {
		struct iovec v;
		if (copy_from_user(&v, uiov + i * sizeof(v), sizeof(v)))
			return total ? total : -EFAULT;
		if (v.iov_len == 0)
			continue;
		long r = writing ? file_write(f, USER_BUF(v.iov_base), v.iov_len)
		                 : file_read(f, USER_BUF(v.iov_base), v.iov_len);
		if (r < 0)
			return total ? total : r;
		total += r;
		if ((size_t)r < v.iov_len)
			break;
	}
	return total;
}

long sys_readv(int fd, uintptr_t iov, int iovcnt)
{
	return vector_io(fd, iov, iovcnt, false);
}

long sys_writev(int fd, uintptr_t iov, int iovcnt)
{
	return vector_io(fd, iov, iovcnt, true);
}

/* pread/pwrite: at an offset, without moving the file's own. */
static long positioned_io(int fd, uintptr_t buf, size_t n, int64_t offset, bool writing)
{
	struct file *f = fd_file(fd);
	if (!f)
		return -EBADF;
	if (offset < 0)
		return -EINVAL;
	if (f->ops || !f->ip || !S_ISREG(f->ip->mode))
		return -ESPIPE;
	struct inode *ip = f->ip;
	if (writing ? (f->flags & O_ACCMODE) == O_RDONLY : (f->flags & O_ACCMODE) == O_WRONLY)
		return -EBADF;
	sleeplock_acquire(&ip->sb->lock);
	long r = writing ? ip->ops->write(ip, offset, USER_BUF(buf), n)
	                 : ip->ops->read(ip, offset, USER_BUF(buf), n);
	sleeplock_release(&ip->sb->lock);
	return r;
}

long sys_pread64(int fd, uintptr_t buf, size_t n, int64_t offset)
{
	return positioned_io(fd, buf, n, offset, false);
}

long sys_pwrite64(int fd, uintptr_t buf, size_t n, int64_t offset)
{
	return positioned_io(fd, buf, n, offset, true);
}

long sys_lseek(int fd, int64_t offset, int whence)
{
	struct file *f = fd_file(fd);
	return f ? file_lseek(f, offset, whence) : -EBADF;
}

/* ------------------------------------------------------------ open, close */

long sys_openat(int dirfd, uintptr_t upath, int flags, int mode)
{
	struct inode *ip = 0;
	int err;
	if (flags & O_CREAT) {
		struct inode *dir;
		char name[NAME_MAX + 1];
		err = parent_at(dirfd, upath, &dir, name);
		if (err == -EACCES) /* a read-only directory: fine if the file exists */
			err = lookup_at(dirfd, upath, &ip) == 0 ? 0 : -EACCES;
		else if (!err) {
			sleeplock_acquire(&dir->sb->lock);
			err = dir->ops->lookup(dir, name, &ip);
			if (err == -ENOENT) {
				uint32_t perm = mode & 07777 & ~myproc()->umask;
				err = dir->ops->create
				          ? dir->ops->create(dir, name, S_IFREG | perm, 0, &ip)
				          : -EROFS;
			} else if (!err && (flags & O_EXCL)) {
				err = -EEXIST;
			}
			sleeplock_release(&dir->sb->lock);
			iput(dir);
		}
		if (!err && ip && ip->mounted) {
			/* created or found a mount point: use what is mounted there */
			struct inode *root = iget(ip->mounted);
			iput(ip);
			ip = root;
		}
		if (err) {
			iput(ip);
			return err;
		}
		if (S_ISDIR(ip->mode) && (flags & O_ACCMODE) == O_RDONLY)
			err = -EISDIR; /* open("dir", O_CREAT) */
	} else {
		err = lookup_at(dirfd, upath, &ip);
	}
	struct file *f = 0;
	if (!err)
		err = file_open_inode(ip, flags, &f);
	iput(ip);
	return err ? err : install_or_close(f, flags & O_CLOEXEC);
}

long sys_open(uintptr_t path, int flags, int mode)
{
	return sys_openat(AT_FDCWD, path, flags, mode);
}

long sys_creat(uintptr_t path, int mode)
{
	return sys_openat(AT_FDCWD, path, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

long sys_close(int fd)
{
	if (!fd_file(fd))
		return -EBADF;
	fd_release(fd);
	return 0;
}

/* ------------------------------------------------------------------- stat */

static long put_stat(struct inode *ip, uintptr_t ust)
{
	struct stat st;
	inode_stat(ip, &st);
	return copy_to_user(ust, &st, sizeof(st));
}

long sys_fstat(int fd, uintptr_t ust)
{
	struct file *f = fd_file(fd);
	if (!f)
		return -EBADF;
	if (!f->ip) { /* a pipe: a FIFO with no name */
		struct stat st = {.st_mode = S_IFIFO | 0600, .st_nlink = 1, .st_blksize = 4096};
		st.st_ino = (uintptr_t)f->priv >> 4;
		return copy_to_user(ust, &st, sizeof(st));
	}
	return put_stat(f->ip, ust);
}

long sys_newfstatat(int dirfd, uintptr_t upath, uintptr_t ust, int flags)
{
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT))
		return -EINVAL;
	if (flags & AT_EMPTY_PATH) {
		char first;
		if (copy_from_user(&first, upath, 1))
			return -EFAULT;
		if (first == '\0') {
			if (dirfd == AT_FDCWD)
				return put_stat(myproc()->cwd, ust);
			return sys_fstat(dirfd, ust);
		}
	}
	struct inode *ip;
	int err = lookup_at(dirfd, upath, &ip);
	if (err)
		return err;
	long r = put_stat(ip, ust);
	iput(ip);
	return r;
}

long sys_stat(uintptr_t path, uintptr_t st)
{
	return sys_newfstatat(AT_FDCWD, path, st, 0);
}

long sys_lstat(uintptr_t path, uintptr_t st)
{
	return sys_newfstatat(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW);
}

/* -------------------------------------------------------------- directories */

struct dirent_out {
	uintptr_t buf;
	size_t size, used;
	int err;
};

/* readdir's callback: one struct linux_dirent64, 8-byte aligned, or stop if it does not fit. */
static int fill_dirent64(void *ctx, const char *name, size_t len, uint64_t ino, unsigned type,
                         uint64_t next_pos)
{
	struct dirent_out *out = ctx;
	size_t reclen = (offsetof(struct linux_dirent64, d_name) + len + 1 + 7) & ~7UL;
	if (out->used + reclen > out->size) {
		if (out->used == 0)
			out->err = -EINVAL; /* not even one entry fits */
		return 1;
	}
	char rec[offsetof(struct linux_dirent64, d_name) + NAME_MAX + 8];
	memset(rec, 0, reclen);
	struct linux_dirent64 *d = (struct linux_dirent64 *)rec;
	d->d_ino = ino;
	d->d_off = next_pos;
	d->d_reclen = reclen;
	d->d_type = type;
	memcpy(d->d_name, name, len);
	if (copy_to_user(out->buf + out->used, rec, reclen)) {
		out->err = -EFAULT;
		return 1;
	}
	out->used += reclen;
	return 0;
}

long sys_getdents64(int fd, uintptr_t buf, unsigned size)
{
	struct file *f = fd_file(fd);
	if (!f)
		return -EBADF;
	if (!f->ip || !S_ISDIR(f->ip->mode) || !f->ip->ops->readdir)
		return -ENOTDIR;
	struct dirent_out out = {buf, size, 0, 0};
	sleeplock_acquire(&f->pos_lock);
	sleeplock_acquire(&f->ip->sb->lock);
	int err = f->ip->ops->readdir(f->ip, &f->offset, fill_dirent64, &out);
	sleeplock_release(&f->ip->sb->lock);
	sleeplock_release(&f->pos_lock);
	if (err)
		return err;
	return out.err && !out.used ? out.err : (long)out.used;
}

long sys_mkdirat(int dirfd, uintptr_t upath, int mode)
{
	struct inode *dir, *ip;
	char name[NAME_MAX + 1];
	int err = parent_at(dirfd, upath, &dir, name);
	if (err)
		return err;
	sleeplock_acquire(&dir->sb->lock);
	uint32_t perm = mode & 07777 & ~myproc()->umask;
	err = dir->ops->create ? dir->ops->create(dir, name, S_IFDIR | perm, 0, &ip) : -EROFS;
	sleeplock_release(&dir->sb->lock);
	iput(dir);
	if (!err)
		iput(ip);
	return err;
}

long sys_mkdir(uintptr_t path, int mode)
{
	return sys_mkdirat(AT_FDCWD, path, mode);
}

long sys_unlinkat(int dirfd, uintptr_t upath, int flags)
{
	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	struct inode *dir;
	char name[NAME_MAX + 1];
	int err = parent_at(dirfd, upath, &dir, name);
	if (err)
		return err;
	sleeplock_acquire(&dir->sb->lock);
	err = sticky_allows(dir, name);
	if (!err)
		err = dir->ops->unlink ? dir->ops->unlink(dir, name, flags & AT_REMOVEDIR) : -EROFS;
	sleeplock_release(&dir->sb->lock);
	iput(dir);
	return err;
}

long sys_unlink(uintptr_t path)
{
	return sys_unlinkat(AT_FDCWD, path, 0);
}

long sys_rmdir(uintptr_t path)
{
	return sys_unlinkat(AT_FDCWD, path, AT_REMOVEDIR);
}

long sys_renameat(int olddirfd, uintptr_t oldpath, int newdirfd, uintptr_t newpath)
{
	struct inode *olddir, *newdir;
	char oldname[NAME_MAX + 1], newname[NAME_MAX + 1];
	int err = parent_at(olddirfd, oldpath, &olddir, oldname);
	if (err)
		return err;
	err = parent_at(newdirfd, newpath, &newdir, newname);
	if (err) {
		iput(olddir);
		return err;
	}
	if (olddir->sb != newdir->sb) {
		err = -EXDEV;
	} else {
		sleeplock_acquire(&olddir->sb->lock);
		err = sticky_allows(olddir, oldname);
		if (!err)
			err = olddir->ops->rename
			          ? olddir->ops->rename(olddir, oldname, newdir, newname)
			          : -EROFS;
		sleeplock_release(&olddir->sb->lock);
	}
	iput(olddir);
	iput(newdir);
	return err;
}

long sys_rename(uintptr_t oldpath, uintptr_t newpath)
{
	return sys_renameat(AT_FDCWD, oldpath, AT_FDCWD, newpath);
}

long sys_renameat2(int olddirfd, uintptr_t oldpath, int newdirfd, uintptr_t newpath, unsigned flags)
{
	if (flags)
		return -EINVAL; /* RENAME_NOREPLACE and friends: not supported */
	return sys_renameat(olddirfd, oldpath, newdirfd, newpath);
}

long sys_linkat(int olddirfd, uintptr_t oldpath, int newdirfd, uintptr_t newpath, int flags)
{
	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	struct inode *target, *dir;
	char name[NAME_MAX + 1];
	int err = lookup_at(olddirfd, oldpath, &target);
	if (err)
		return err;
	err = parent_at(newdirfd, newpath, &dir, name);
	if (!err) {
		if (dir->sb != target->sb) {
			err = -EXDEV;
		} else {
			sleeplock_acquire(&dir->sb->lock);
			err = dir->ops->link ? dir->ops->link(dir, name, target) : -EPERM;
			sleeplock_release(&dir->sb->lock);
		}
		iput(dir);
	}
	iput(target);
	return err;
}

long sys_link(uintptr_t oldpath, uintptr_t newpath)
{
	return sys_linkat(AT_FDCWD, oldpath, AT_FDCWD, newpath, 0);
}

static long change_dir(struct inode *ip)
{
	if (!S_ISDIR(ip->mode)) {
		iput(ip);
		return -ENOTDIR;
	}
	int err = inode_permission(ip, MAY_EXEC);
	if (err) {
		iput(ip);
		return err;
	}
	struct proc *p = myproc();
	iput(p->cwd);
	p->cwd = ip;
	return 0;
}

long sys_chdir(uintptr_t upath)
{
	struct inode *ip;
	int err = lookup_at(AT_FDCWD, upath, &ip);
	return err ? err : change_dir(ip);
}

long sys_fchdir(int fd)
{
	struct file *f = fd_file(fd);
	if (!f)
		return -EBADF;
	if (!f->ip)
		return -ENOTDIR;
	return change_dir(iget(f->ip));
}

long sys_getcwd(uintptr_t ubuf, size_t size)
{
	char *buf = kmalloc(PATH_MAX);
	if (!buf)
		return -ENOMEM;
	long n = vfs_path_of(myproc()->cwd, buf, PATH_MAX);
	if (n >= 0 && (size_t)n + 1 > size)
		n = -ERANGE;
	if (n >= 0 && copy_to_user(ubuf, buf, n + 1))
		n = -EFAULT;
	kfree(buf);
	return n < 0 ? n : n + 1; /* the system call returns the length with the NUL */
}

long sys_umask(int mask)
{
	struct proc *p = myproc();
	int old = p->umask;
	p->umask = mask & 0777;
	return old;
}

/* ----------------------------------------------------------- attributes */

static long set_mode(struct inode *ip, int mode)
{
	const struct cred *c = &myproc()->cred;
	if (c->euid != 0 && c->euid != ip->uid)
		return -EPERM;
	sleeplock_acquire(&ip->sb->lock);
	ip->mode = (ip->mode & S_IFMT) | (mode & 07777);
	inode_touch(ip, true);
	sleeplock_release(&ip->sb->lock);
	return 0;
}

long sys_fchmodat(int dirfd, uintptr_t upath, int mode)
{
	struct inode *ip;
	int err = lookup_at(dirfd, upath, &ip);
	if (err)
		return err;
	long r = set_mode(ip, mode);
	iput(ip);
	return r;
}

long sys_chmod(uintptr_t path, int mode)
{
	return sys_fchmodat(AT_FDCWD, path, mode);
}

long sys_fchmod(int fd, int mode)
{
	struct file *f = fd_file(fd);
	if (!f)
		return -EBADF;
	return f->ip ? set_mode(f->ip, mode) : -EINVAL;
}

/* chown: root only (no CAP_CHOWN for others), -1 keeps an id. */
static long set_owner(struct inode *ip, uint32_t uid, uint32_t gid)
{
	if (myproc()->cred.euid != 0)
		return -EPERM;
	sleeplock_acquire(&ip->sb->lock);
	if (uid != (uint32_t)-1)
		ip->uid = uid;
	if (gid != (uint32_t)-1)
		ip->gid = gid;
	inode_touch(ip, true);
	sleeplock_release(&ip->sb->lock);
	return 0;
}

long sys_fchownat(int dirfd, uintptr_t upath, uint32_t uid, uint32_t gid, int flags)
{
	(void)flags;
	struct inode *ip;
	int err = lookup_at(dirfd, upath, &ip);
	if (err)
		return err;
	long r = set_owner(ip, uid, gid);
	iput(ip);
	return r;
}

long sys_chown(uintptr_t path, uint32_t uid, uint32_t gid)
{
	return sys_fchownat(AT_FDCWD, path, uid, gid, 0);
}

long sys_lchown(uintptr_t path, uint32_t uid, uint32_t gid)
{
	return sys_fchownat(AT_FDCWD, path, uid, gid, AT_SYMLINK_NOFOLLOW);
}

long sys_fchown(int fd, uint32_t uid, uint32_t gid)
{
	struct file *f = fd_file(fd);
	if (!f)
		return -EBADF;
	return f->ip ? set_owner(f->ip, uid, gid) : -EINVAL;
}

static long truncate_inode(struct inode *ip, int64_t length)
{
	if (length < 0)
		return -EINVAL;
	if (S_ISDIR(ip->mode))
		return -EISDIR;
	if (!S_ISREG(ip->mode))
		return -EINVAL;
	sleeplock_acquire(&ip->sb->lock);
	int err = ip->ops->truncate ? ip->ops->truncate(ip, length) : -EINVAL;
	if (!err)
		inode_touch(ip, true);
	sleeplock_release(&ip->sb->lock);
	return err;
}

long sys_ftruncate(int fd, int64_t length)
{
	struct file *f = fd_file(fd);
	if (!f)
		return -EBADF;
	if (!f->ip || (f->flags & O_ACCMODE) == O_RDONLY)
		return -EINVAL;
	return truncate_inode(f->ip, length);
}

long sys_truncate(uintptr_t upath, int64_t length)
{
	struct inode *ip;
	int err = lookup_at(AT_FDCWD, upath, &ip);
	if (err)
		return err;
	long r = inode_permission(ip, MAY_WRITE);
	if (!r)
		r = truncate_inode(ip, length);
	iput(ip);
	return r;
}

long sys_faccessat(int dirfd, uintptr_t upath, int mode)
{
	if (mode & ~(R_OK | W_OK | X_OK))
		return -EINVAL;
	struct inode *ip;
	int err = lookup_at(dirfd, upath, &ip);
	if (err)
		return err;
	/* access() checks with the real ids, as the man page says; here they are the same
	 * unless a test changed them, and then the effective ones are what we check. */
	int may = ((mode & R_OK) ? MAY_READ : 0) | ((mode & W_OK) ? MAY_WRITE : 0) |
	          ((mode & X_OK) ? MAY_EXEC : 0);
	long r = may ? inode_permission(ip, may) : 0;
	iput(ip);
	return r;
}

long sys_access(uintptr_t path, int mode)
{
	return sys_faccessat(AT_FDCWD, path, mode);
}

/* Symbolic links are not supported: nothing is a link. */
long sys_readlink(uintptr_t upath, uintptr_t buf, size_t size)
{
	(void)buf, (void)size;
	struct inode *ip;
	int err = lookup_at(AT_FDCWD, upath, &ip);
	if (err)
		return err;
	iput(ip);
	return -EINVAL;
}

/*
 * fsync and fdatasync (the same here: there is no metadata to skip).  As on
 * Linux, only regular files and directories of a file system that can write
 * them out accept it; pipes, devices and /proc's files give EINVAL.
 */
static long sync_file(int fd)
{
	struct file *f = fd_file(fd);
	if (!f)
		return -EBADF;
	struct inode *ip = f->ip; /* NULL for a pipe */
	if (!ip || !ip->ops->fsync || !(S_ISREG(ip->mode) || S_ISDIR(ip->mode)))
		return -EINVAL;
	return ip->ops->fsync(ip);
}

long sys_fsync(int fd)
{
	return sync_file(fd);
}

long sys_fdatasync(int fd)
{
	return sync_file(fd);
}

/* sync and syncfs: every file system lives in memory, so there is nothing to wait for. */
long sys_sync(void)
{
	return 0;
}

long sys_syncfs(int fd)
{
	return fd_file(fd) ? 0 : -EBADF;
}

/*
 * socket: shmos has no networking, not even Unix-domain sockets.  Linux's
 * answer for an address family it was built without is EAFNOSUPPORT, and
 * callers know it: musl's getpwuid, which asks nscd through a socket about a
 * uid /etc/passwd lacks, takes it as "no nscd".
 */
long sys_socket(int domain, int type, int protocol)
{
	(void)domain, (void)type, (void)protocol;
	return -EAFNOSUPPORT;
}

/* -------------------------------------------------------- dup, fcntl, pipe */

long sys_dup(int fd)
{
	struct file *f = fd_file(fd);
	if (!f)
		return -EBADF;
	return install_or_close(file_dup(f), false);
}

long sys_dup3(int oldfd, int newfd, int flags)
{
	struct file *f = fd_file(oldfd);
	if (!f)
		return -EBADF;
	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	if (newfd < 0 || newfd >= NOFILE)
		return -EBADF;
	file_dup(f);
	if (fd_file(newfd))
		fd_release(newfd);
	return fd_install(f, newfd, flags & O_CLOEXEC);
}

long sys_dup2(int oldfd, int newfd)
{
	if (oldfd == newfd)
		return fd_file(oldfd) ? newfd : -EBADF;
	return sys_dup3(oldfd, newfd, 0);
}

long sys_fcntl(int fd, int cmd, uint64_t arg)
{
	struct proc *p = myproc();
	struct file *f = fd_file(fd);
	if (!f)
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC: {
		if (arg >= NOFILE)
			return -EINVAL;
		int nfd = fd_install(file_dup(f), arg, cmd == F_DUPFD_CLOEXEC);
		if (nfd < 0)
			file_close(f);
		return nfd;
	}
	case F_GETFD:
		return (p->cloexec >> fd) & 1 ? FD_CLOEXEC : 0;
	case F_SETFD:
		if (arg & FD_CLOEXEC)
			p->cloexec |= 1UL << fd;
		else
			p->cloexec &= ~(1UL << fd);
		return 0;
	case F_GETFL:
		return f->flags & (O_ACCMODE | O_APPEND | O_NONBLOCK);
	case F_SETFL:
		f->flags = (f->flags & ~(O_APPEND | O_NONBLOCK)) | (arg & (O_APPEND | O_NONBLOCK));
		return 0;
	default:
		return -EINVAL;
	}
}

long sys_pipe2(uintptr_t ufds, int flags)
{
	if (flags & ~(O_CLOEXEC | O_NONBLOCK))
		return -EINVAL;
	if (!user_range_ok(ufds, 2 * sizeof(int)))
		return -EFAULT;
	struct file *r, *w;
	int err = pipe_create(&r, &w, flags);
	if (err)
		return err;
	int fds[2] = {fd_install(r, 0, flags & O_CLOEXEC), -1};
	if (fds[0] >= 0)
		fds[1] = fd_install(w, 0, flags & O_CLOEXEC);
	if (fds[1] < 0 || copy_to_user(ufds, fds, sizeof(fds))) {
		int why = fds[1] < 0 ? -EMFILE : -EFAULT;
		if (fds[0] >= 0)
			fd_release(fds[0]);
		else
			file_close(r);
		if (fds[1] >= 0)
			fd_release(fds[1]);
		else
			file_close(w);
		return why;
	}
	return 0;
}

long sys_pipe(uintptr_t ufds)
{
	return sys_pipe2(ufds, 0);
}

long sys_ioctl(int fd, unsigned long cmd, uintptr_t arg)
{
	struct file *f = fd_file(fd);
	if (!f)
		return -EBADF;
	if (cmd == FIOCLEX || cmd == FIONCLEX)
		return sys_fcntl(fd, F_SETFD, cmd == FIOCLEX ? FD_CLOEXEC : 0);
	if (f->ops && f->ops->ioctl)
		return f->ops->ioctl(f, cmd, arg);
	return -ENOTTY;
}

/* --------------------------------------------------------- process set-up */

/* A new process's fds 0, 1 and 2: one open file of /dev/console, as Linux's init gets. */
int console_open_std(struct proc *p)
{
	struct inode *ip;
	struct file *f;
	int err = path_lookup(0, "/dev/console", true, &ip);
	if (err)
		return err;
	err = file_open_inode(ip, O_RDWR, &f);
	iput(ip);
	if (err)
		return err;
	p->files[0] = f;
	p->files[1] = file_dup(f);
	p->files[2] = file_dup(f);
	return 0;
}
