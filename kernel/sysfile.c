/*
 * sysfile.c: system calls on file descriptors and paths.
 *
 * A process's descriptors index p->files; several descriptors (after dup,
 * or in parent and child after fork) may share one struct file and its
 * offset.  Paths are resolved against the root: there is no chdir yet, so
 * the working directory is always "/".
 */
#include <asm/termios.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/stat.h>
#include <linux/uio.h>

#include "include/uapi/errno.h"
#include "kernel/file.h"
#include "kernel/proc.h"
#include "kernel/syscalls.h"
#include "kernel/usercopy.h"
#include "lib/string.h"

#define PATH_MAX 4096
/* access(2) modes: part of the ABI, though Linux's uapi headers leave them to libc. */
#define F_OK    0
#define X_OK    1
#define W_OK    2
#define R_OK    4
#define MAX_IOV 1024

static struct file *fd_file(int fd)
{
	if (fd < 0 || fd >= NOFILE)
		return 0;
	return myproc()->files[fd];
}

/* The lowest free descriptor at or above min, holding f; -EMFILE if none. */
static int fd_install(struct file *f, int min, bool cloexec)
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
	file_close(p->files[fd]);
	p->files[fd] = 0;
	p->cloexec &= ~(1UL << fd);
}

/* Copy a user path and make it absolute.  dirfd matters only for relative paths. */
static int get_path(int dirfd, uintptr_t upath, char *out, bool allow_empty)
{
	char *dst = out + 1; /* room for a leading '/' */
	long n = strncpy_from_user(dst, upath, PATH_MAX - 1);
	if (n < 0)
		return (int)n;
	if (n == 0 && !allow_empty)
		return -ENOENT;
	if (dst[0] == '/' || n == 0) {
		memmove(out, dst, n + 1);
		return 0;
	}
	if (dirfd != AT_FDCWD) {
		struct file *d = fd_file(dirfd);
		if (!d)
			return -EBADF;
		if (d->type != FILE_INITRD || !S_ISDIR(d->node.mode))
			return -ENOTDIR;
		if (d->node.ino != 1)
			return -EOPNOTSUPP; /* directories other than / are not tracked yet */
	}
	out[0] = '/';
	return 0;
}

long sys_read(int fd, uintptr_t buf, size_t n)
{
	struct file *f = fd_file(fd);
	if (!f)
		return -EBADF;
	return file_read(f, buf, n);
}

long sys_write(int fd, uintptr_t buf, size_t n)
{
	struct file *f = fd_file(fd);
	if (!f)
		return -EBADF;
	return file_write(f, buf, n);
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
		long r = writing ? file_write(f, (uintptr_t)v.iov_base, v.iov_len)
		                 : file_read(f, (uintptr_t)v.iov_base, v.iov_len);
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

long sys_openat(int dirfd, uintptr_t upath, int flags, int mode)
{
	(void)mode;
	char path[PATH_MAX];
	int err = get_path(dirfd, upath, path, false);
	if (err)
		return err;
	struct initrd_node node;
	err = initrd_lookup(path, &node);
	if (err == -ENOENT && (flags & O_CREAT))
		return -EROFS; /* the initrd is read-only */
	if (err)
		return err;
	if ((flags & O_CREAT) && (flags & O_EXCL))
		return -EEXIST;
	if ((flags & O_DIRECTORY) && !S_ISDIR(node.mode))
		return -ENOTDIR;
	if ((flags & O_ACCMODE) != O_RDONLY || (flags & O_TRUNC))
		return S_ISDIR(node.mode) ? -EISDIR : -EROFS;
	struct file *f = file_open_initrd(&node, flags);
	if (!f)
		return -ENOMEM;
	int fd = fd_install(f, 0, flags & O_CLOEXEC);
	if (fd < 0)
		file_close(f);
	return fd;
}

long sys_open(uintptr_t path, int flags, int mode)
{
	return sys_openat(AT_FDCWD, path, flags, mode);
}

long sys_close(int fd)
{
	if (!fd_file(fd))
		return -EBADF;
	fd_release(fd);
	return 0;
}

long sys_lseek(int fd, int64_t offset, int whence)
{
	struct file *f = fd_file(fd);
	return f ? file_lseek(f, offset, whence) : -EBADF;
}

long sys_fstat(int fd, uintptr_t ust)
{
	struct file *f = fd_file(fd);
	if (!f)
		return -EBADF;
	struct stat st;
	file_stat(f, &st);
	return copy_to_user(ust, &st, sizeof(st));
}

long sys_newfstatat(int dirfd, uintptr_t upath, uintptr_t ust, int flags)
{
	char path[PATH_MAX];
	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT))
		return -EINVAL;
	int err = get_path(dirfd, upath, path, flags & AT_EMPTY_PATH);
	if (err)
		return err;
	if (path[0] == '\0' && dirfd != AT_FDCWD) /* AT_EMPTY_PATH: the descriptor itself */
		return sys_fstat(dirfd, ust);
	struct initrd_node node;
	err = initrd_lookup(path[0] ? path : "/", &node); /* "" with AT_FDCWD: the cwd, "/" */
	if (err)
		return err;
	struct stat st;
	node_stat(&node, &st);
	return copy_to_user(ust, &st, sizeof(st));
}

long sys_stat(uintptr_t path, uintptr_t st)
{
	return sys_newfstatat(AT_FDCWD, path, st, 0);
}

long sys_lstat(uintptr_t path, uintptr_t st)
{
	return sys_newfstatat(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW);
}

long sys_ioctl(int fd, unsigned long cmd, uintptr_t arg)
{
	struct file *f = fd_file(fd);
	if (!f)
		return -EBADF;
	if (f->type != FILE_CONSOLE)
		return -ENOTTY;
	if (cmd == TIOCGWINSZ) {
		struct winsize ws = {.ws_row = 24, .ws_col = 80};
		return copy_to_user(arg, &ws, sizeof(ws));
	}
	return -ENOTTY; /* termios arrives with the console issue */
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

long sys_dup(int fd)
{
	struct file *f = fd_file(fd);
	if (!f)
		return -EBADF;
	int nfd = fd_install(file_dup(f), 0, false);
	if (nfd < 0)
		file_close(f);
	return nfd;
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

long sys_faccessat(int dirfd, uintptr_t upath, int mode)
{
	char path[PATH_MAX];
	if (mode & ~(R_OK | W_OK | X_OK))
		return -EINVAL;
	int err = get_path(dirfd, upath, path, false);
	if (err)
		return err;
	struct initrd_node node;
	err = initrd_lookup(path, &node);
	if (err)
		return err;
	if (mode & W_OK)
		return -EROFS;
	if ((mode & X_OK) && !(node.mode & 0111))
		return -EACCES;
	return 0;
}

long sys_access(uintptr_t path, int mode)
{
	return sys_faccessat(AT_FDCWD, path, mode);
}
