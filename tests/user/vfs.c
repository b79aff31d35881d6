/*
 * vfs: the rules of the file layer that every Unix program relies on.
 *
 *   - A descriptor points at an OPEN FILE (offset + status flags such as
 *     O_APPEND); fork and dup share it, so writes through either go one
 *     after the other.  The close-on-exec flag belongs to the descriptor.
 *   - Paths: ".", "..", "//"; the working directory (chdir, fchdir,
 *     getcwd) and relative opens; getdents64 lists a directory.
 *   - Creating and removing: O_CREAT/O_EXCL/O_TRUNC, mkdir, rmdir, unlink,
 *     rename, link; an unlinked file lives on while it is open.
 *   - readv/writev, pread/pwrite, holes, ftruncate.
 *   - stat's fields, umask, permission checks for a non-root user (and
 *     /tmp's sticky bit), bad paths and bad pointers, /dev/null, zero, full.
 *   - sync, syncfs, fsync and fdatasync: nothing to wait for, but the same
 *     answers as Linux (EINVAL for pipes, devices and /proc's files).
 *
 * Everything is made in a fresh directory $TMPDIR/vfs.PID (TMPDIR defaults
 * to /tmp) and removed at the end: the kernel checks that memory comes back.
 */
#include "check.h"
#include <dirent.h>
#include <fcntl.h>
#include <grp.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/uio.h>

static char base[256];    /* $TMPDIR or /tmp */
static char work[300];    /* base/vfs.PID: everything goes in here */
static char sticky[300];  /* base/vfs-sticky.PID: a root file directly in /tmp */
static char workcwd[300]; /* getcwd() in work: its canonical name */

/* work + "/" + rel, in one of 8 rotating buffers. */
static const char *W(const char *rel)
{
	static char bufs[8][600];
	static unsigned next;
	char *b = bufs[next++ % 8];
	snprintf(b, sizeof(bufs[0]), "%s/%s", work, rel);
	return b;
}

/* Create (or truncate) a file with the given contents and mode. */
static int put(const char *path, const char *text, mode_t mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	if (fd < 0)
		return -1;
	ssize_t n = write(fd, text, strlen(text));
	close(fd);
	return n == (ssize_t)strlen(text) ? 0 : -1;
}

/* Read a whole (small) file into buf as a string; returns its length or -1. */
static ssize_t get(const char *path, char *buf, size_t size)
{
	int fd = open(path, O_RDONLY);
	if (fd < 0)
		return -1;
	ssize_t n = read(fd, buf, size - 1);
	close(fd);
	buf[n > 0 ? n : 0] = 0;
	return n;
}

/* An fd's current offset. */
static long offset(int fd)
{
	return (long)lseek(fd, 0, SEEK_CUR);
}

static ino_t ino_of(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? st.st_ino : 0;
}

/* The lowest descriptor >= from that is not open. */
static int free_fd_from(int from)
{
	while (fcntl(from, F_GETFD) != -1)
		from++;
	return from;
}

/*
 * Remove a tree (the final cleanup, after failures too).  Several passes, in
 * case a kernel skips entries when a directory changes while it is listed.
 */
static void remove_tree(const char *path)
{
	struct stat st;
	if (lstat(path, &st) != 0)
		return;
	if (!S_ISDIR(st.st_mode)) {
		unlink(path);
		return;
	}
	for (int pass = 0; pass < 10 && rmdir(path) != 0; pass++) {
		DIR *d = opendir(path);
		struct dirent *e;
		while (d && (e = readdir(d)) != NULL) {
			char sub[1024];
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
			remove_tree(sub);
		}
		if (d)
			closedir(d);
	}
}

/* ------------------------------------------------ sharing open files --- */

/* Parent writes "A", a child writes "B" through the same fd, then the parent "C". */
static void fork_shares_offset(void)
{
	char buf[16];
	int status = -1;
	int fd = open(W("shared"), O_RDWR | O_CREAT | O_TRUNC, 0644);
	write(fd, "A", 1);
	check_current = "fork_shared_fd_appends";
	pid_t pid = check_fork();
	if (pid < 0)
		return;
	if (pid == 0)
		_exit(write(fd, "B", 1) == 1 ? 0 : 1);
	wait_child(pid, &status);
	long off = offset(fd); /* the child's write moved OUR offset */
	write(fd, "C", 1);
	close(fd);
	ssize_t n = get(W("shared"), buf, sizeof(buf));
	check(WIFEXITED(status) && WEXITSTATUS(status) == 0 && off == 2 && n == 3 &&
	          strcmp(buf, "ABC") == 0,
	      "fork_shared_fd_appends",
	      "child %s; parent's offset after it %ld (expected 2); file \"%s\" (expected ABC)",
	      describe_status(status), off, n >= 0 ? buf : "?");
}

static void dup_shares(void)
{
	int fd = open(W("dup"), O_RDWR | O_CREAT | O_TRUNC, 0644);
	int fd2 = dup(fd);
	write(fd, "hello", 5);
	long o1 = offset(fd2);
	lseek(fd2, 1, SEEK_SET);
	long o2 = offset(fd);
	check(fd2 > fd && o1 == 5 && o2 == 1, "dup_shares_offset",
	      "dup = %d; after writing 5 bytes the dup's offset is %ld; after lseek(dup, 1) the "
	      "original's is %ld",
	      fd2, o1, o2);

	/* Status flags (O_APPEND) are the open file's: set on one, seen on the other. */
	fcntl(fd, F_SETFL, O_APPEND);
	int fl = fcntl(fd2, F_GETFL);
	lseek(fd2, 0, SEEK_SET);
	write(fd2, "!", 1);
	long o3 = offset(fd);
	check(fl != -1 && (fl & O_APPEND) && o3 == 6, "dup_shares_o_append",
	      "F_GETFL on the dup = %#x; a write at offset 0 through it left the offset at %ld "
	      "(expected 6: appended)",
	      fl, o3);

	/* FD_CLOEXEC is the descriptor's own: not shared, and dup clears it. */
	fcntl(fd, F_SETFD, FD_CLOEXEC);
	int d1 = fcntl(fd, F_GETFD), d2 = fcntl(fd2, F_GETFD);
	int fd3 = dup(fd);
	int d3 = fcntl(fd3, F_GETFD);
	check(d1 == FD_CLOEXEC && d2 == 0 && d3 == 0, "fd_cloexec_per_descriptor",
	      "F_GETFD: %d on the fd with FD_CLOEXEC, %d on an older dup, %d on a new dup", d1, d2,
	      d3);
	close(fd);
	close(fd2);
	close(fd3);
}

/*
 * O_CLOEXEC across exec: we exec ourselves (argv[0]) with "--exec-fds" and
 * six descriptor numbers; the new image reports what it finds as bits of
 * its exit status (see exec_side()).
 */
static const char *const exec_facts[] = {
    "exec_closes_o_cloexec",     "exec_keeps_plain_fd",         "exec_closes_f_setfd_cloexec",
    "exec_keeps_dup_of_cloexec", "exec_closes_f_dupfd_cloexec", "exec_closes_dup3_cloexec",
    "exec_keeps_status_flags",
};

static int exec_side(char **argv)
{
	int fd[6];
	char c = 0;
	int bits = 0;
	for (int i = 0; i < 6; i++)
		fd[i] = atoi(argv[2 + i]);
	/* 0: opened with O_CLOEXEC: gone */
	if (!(fcntl(fd[0], F_GETFD) == -1 && errno == EBADF))
		bits |= 1;
	/* 1: a plain fd survives, shares the offset (4), and has FD_CLOEXEC clear */
	if (fcntl(fd[1], F_GETFD) != 0 || read(fd[1], &c, 1) != 1 || c != '4')
		bits |= 2;
	/* 2: FD_CLOEXEC set with F_SETFD: gone */
	if (!(fcntl(fd[2], F_GETFD) == -1 && errno == EBADF))
		bits |= 4;
	/* 3: dup() of the O_CLOEXEC fd: dup does not copy the flag, so it survives */
	if (fcntl(fd[3], F_GETFD) != 0)
		bits |= 8;
	/* 4: F_DUPFD_CLOEXEC: gone */
	if (!(fcntl(fd[4], F_GETFD) == -1 && errno == EBADF))
		bits |= 16;
	/* 5: dup3(..., O_CLOEXEC): gone */
	if (!(fcntl(fd[5], F_GETFD) == -1 && errno == EBADF))
		bits |= 32;
	/* 6: the plain fd's open file keeps O_APPEND */
	int fl = fcntl(fd[1], F_GETFL);
	if (fl == -1 || !(fl & O_APPEND) || (fl & O_ACCMODE) != O_RDWR)
		bits |= 64;
	return bits;
}

static void cloexec_across_exec(const char *self)
{
	int status = -1;
	put(W("digits"), "0123456789", 0644);
	int a = open(W("digits"), O_RDONLY | O_CLOEXEC);
	int b = open(W("digits"), O_RDWR | O_APPEND);
	int c = open(W("digits"), O_RDONLY);
	fcntl(c, F_SETFD, FD_CLOEXEC);
	int d = dup(a);
	int e = fcntl(b, F_DUPFD_CLOEXEC, 0);
	int f = dup3(b, free_fd_from(24), O_CLOEXEC);
	lseek(b, 4, SEEK_SET);
	check(a >= 0 && b >= 0 && c >= 0 && d >= 0 && e >= 0 && f >= 24 &&
	          fcntl(a, F_GETFD) == FD_CLOEXEC && fcntl(e, F_GETFD) == FD_CLOEXEC &&
	          fcntl(f, F_GETFD) == FD_CLOEXEC,
	      "cloexec_flags_set",
	      "fds %d %d %d %d %d %d; F_GETFD of O_CLOEXEC %d, F_DUPFD_CLOEXEC %d, dup3 %d", a, b,
	      c, d, e, f, fcntl(a, F_GETFD), fcntl(e, F_GETFD), fcntl(f, F_GETFD));

	check_current = exec_facts[0];
	pid_t pid = check_fork();
	if (pid == 0) {
		char args[6][16];
		int fds[6] = {a, b, c, d, e, f};
		char *argv[9] = {(char *)self, "--exec-fds"};
		for (int i = 0; i < 6; i++) {
			snprintf(args[i], sizeof(args[i]), "%d", fds[i]);
			argv[2 + i] = args[i];
		}
		argv[8] = NULL;
		execv(self, argv);
		_exit(255);
	}
	if (pid > 0) {
		wait_child(pid, &status);
		report_bits(exec_facts, 7, status, "the exec'd program");
		/* The exec'd program read one byte through the shared open file. */
		check(offset(b) == 5, "exec_shares_offset", "offset after the child read: %ld",
		      offset(b));
	}
	int all[6] = {a, b, c, d, e, f};
	for (int i = 0; i < 6; i++)
		close(all[i]);
}

static void fcntl_flags(void)
{
	int fd = open(W("flags"), O_RDWR | O_CREAT | O_TRUNC, 0644);
	int fl = fcntl(fd, F_GETFL);
	check(fl != -1 && (fl & O_ACCMODE) == O_RDWR && !(fl & (O_APPEND | O_NONBLOCK)), "f_getfl",
	      "F_GETFL of an O_RDWR file = %#x", fl);

	int r = fcntl(fd, F_SETFL, O_APPEND | O_NONBLOCK | O_WRONLY);
	fl = fcntl(fd, F_GETFL);
	check(r == 0 && (fl & O_APPEND) && (fl & O_NONBLOCK) && (fl & O_ACCMODE) == O_RDWR,
	      "f_setfl_append_nonblock",
	      "F_SETFL(O_APPEND|O_NONBLOCK|O_WRONLY) = %d, then F_GETFL = %#x (the access mode "
	      "must not change)",
	      r, fl);

	r = fcntl(fd, F_SETFL, 0);
	fl = fcntl(fd, F_GETFL);
	check(r == 0 && !(fl & (O_APPEND | O_NONBLOCK)), "f_setfl_clear",
	      "F_SETFL(0) = %d, then F_GETFL = %#x", r, fl);

	/*
	 * F_DUPFD: the lowest free descriptor at or above the argument (20: shmos
	 * has 32 descriptors, see RLIMIT_NOFILE; Linux usually 1024).
	 */
	int want1 = free_fd_from(20);
	int d1 = fcntl(fd, F_DUPFD, 20);
	int want2 = free_fd_from(20);
	int d2 = fcntl(fd, F_DUPFD, 20);
	close(d1);
	int d3 = fcntl(fd, F_DUPFD, 20);
	check(d1 == want1 && d2 == want2 && d2 > d1 && d3 == d1, "f_dupfd_lowest_at_or_above",
	      "F_DUPFD(20) gave %d (expected %d), then %d (expected %d), after closing the first "
	      "%d",
	      d1, want1, d2, want2, d3);
	close(d2);
	close(d3);

	/* Not at or above the limit on descriptors. */
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < 1 << 30) {
		check_errno("f_dupfd_at_limit_einval", fcntl(fd, F_DUPFD, (int)rl.rlim_cur), EINVAL,
		            "fcntl(F_DUPFD, RLIMIT_NOFILE)");
		check_errno("dup2_at_limit_ebadf", dup2(fd, (int)rl.rlim_cur), EBADF,
		            "dup2(fd, RLIMIT_NOFILE)");
	} else {
		skip("f_dupfd_at_limit_einval", "RLIMIT_NOFILE is unlimited");
		skip("dup2_at_limit_ebadf", "RLIMIT_NOFILE is unlimited");
	}
	check_errno("fcntl_bad_fd_ebadf", fcntl(999, F_GETFD), EBADF, "fcntl(999, F_GETFD)");
	close(fd);
}

static void dup2_dup3(void)
{
	char c = 0;
	put(W("one"), "1111", 0644);
	put(W("two"), "2222", 0644);
	int a = open(W("one"), O_RDONLY);
	int b = open(W("two"), O_RDONLY);
	fcntl(b, F_SETFD, FD_CLOEXEC);
	int r = dup2(a, b); /* closes "two" first */
	ssize_t n = read(b, &c, 1);
	check(r == b && n == 1 && c == '1' && offset(a) == 1, "dup2_closes_target",
	      "dup2(%d, %d) = %d, then a read through %d gave '%c' (expected '1'), offset of %d "
	      "%ld",
	      a, b, r, b, n == 1 ? c : '?', a, offset(a));
	check(fcntl(b, F_GETFD) == 0, "dup2_clears_cloexec",
	      "F_GETFD after dup2 onto an FD_CLOEXEC descriptor = %d", fcntl(b, F_GETFD));

	/* The file dup2 closed really is closed: here, the only write end of a pipe. */
	int p[2];
	pipe(p);
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	dup2(a, p[1]);
	n = read(p[0], &c, 1);
	check(n == 0, "dup2_closes_old_file",
	      "read of a pipe whose write end was dup2'ed over = %zd (%s), expected 0 (EOF)", n,
	      errname(errno));
	close(p[0]);
	close(p[1]);

	check(dup2(a, a) == a && fcntl(a, F_GETFD) == 0, "dup2_same_fd",
	      "dup2(fd, fd) must return fd and leave it open");
	/* (the system call: musl's dup3 checks old == new itself and uses dup2 without flags) */
	check_errno("dup3_same_fd_einval", syscall(SYS_dup3, a, a, 0), EINVAL, "dup3(fd, fd, 0)");
	check_errno("dup3_bad_flags_einval", syscall(SYS_dup3, a, b, O_APPEND), EINVAL,
	            "dup3(a, b, O_APPEND)");
	check_errno("dup2_bad_fd_ebadf", dup2(999, b), EBADF, "dup2(999, fd)");
	check(fcntl(b, F_GETFD) == 0, "dup2_bad_fd_keeps_target",
	      "a failed dup2 closed its target");
	close(a);
	close(b);
}

/* ------------------------------------------------------- directories --- */

struct dent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

#define MAXNAMES 128
struct listing {
	int n;
	char name[MAXNAMES][16];
	unsigned char type[MAXNAMES];
	uint64_t ino[MAXNAMES];
};

/*
 * List a directory with getdents64 through a buffer of bufsize bytes (small
 * sizes force many calls).  Returns 0, or -1 with errno.
 */
static int list_dir(const char *path, size_t bufsize, struct listing *l)
{
	static char buf[4096] __attribute__((aligned(8)));
	int fd = open(path, O_RDONLY | O_DIRECTORY);
	if (fd < 0)
		return -1;
	l->n = 0;
	for (;;) {
		long n = syscall(SYS_getdents64, fd, buf, bufsize);
		if (n < 0) {
			int e = errno;
			close(fd);
			errno = e;
			return -1;
		}
		if (n == 0)
			break;
		for (long off = 0; off < n;) {
			struct dent64 *d = (struct dent64 *)(buf + off);
			if (l->n < MAXNAMES) {
				snprintf(l->name[l->n], sizeof(l->name[0]), "%s", d->d_name);
				l->type[l->n] = d->d_type;
				l->ino[l->n] = d->d_ino;
				l->n++;
			}
			if (d->d_reclen == 0)
				break;
			off += d->d_reclen;
		}
	}
	close(fd);
	return 0;
}

/* Index of name in the listing, or -1; *count = how many times it appears. */
static int find_name(const struct listing *l, const char *name, int *count)
{
	int at = -1;
	*count = 0;
	for (int i = 0; i < l->n; i++)
		if (strcmp(l->name[i], name) == 0) {
			at = i;
			(*count)++;
		}
	return at;
}

static void directory_listing(void)
{
	static struct listing l;
	static const char *const names[] = {".", "..", "alpha", "beta", "gamma", "sub"};
	static const unsigned char types[] = {DT_DIR, DT_DIR, DT_REG, DT_REG, DT_REG, DT_DIR};
	mkdir(W("ls"), 0755);
	put(W("ls/alpha"), "a", 0644);
	put(W("ls/beta"), "b", 0644);
	put(W("ls/gamma"), "c", 0644);
	mkdir(W("ls/sub"), 0755);

	/* Exactly those six names, once each, with the right types and inode numbers. */
	int r = list_dir(W("ls"), 4096, &l);
	char why[200] = "";
	if (r != 0)
		snprintf(why, sizeof(why), "getdents64 failed: %s", errname(errno));
	else if (l.n != 6)
		snprintf(why, sizeof(why), "%d entries, expected 6", l.n);
	for (int i = 0; i < 6 && !why[0]; i++) {
		int count, at = find_name(&l, names[i], &count);
		if (count != 1)
			snprintf(why, sizeof(why), "\"%s\" listed %d times", names[i], count);
		else if (l.type[at] != types[i])
			snprintf(why, sizeof(why), "\"%s\" has d_type %d, expected %d", names[i],
			         l.type[at], types[i]);
	}
	check(!why[0], "getdents_lists_exactly", "%s", why);
	int count, at = find_name(&l, "alpha", &count), dot = find_name(&l, ".", &count);
	check(at >= 0 && dot >= 0 && l.ino[at] == ino_of(W("ls/alpha")) &&
	          l.ino[dot] == ino_of(W("ls")),
	      "getdents_d_ino", "d_ino of alpha or . differs from stat's st_ino");

	/* 100 files read through a 64-byte buffer (two entries per call). */
	for (int i = 0; i < 100; i++) {
		char name[32];
		snprintf(name, sizeof(name), "ls/sub/f%03d", i);
		put(W(name), "", 0644);
	}
	r = list_dir(W("ls/sub"), 64, &l);
	int ok = r == 0 && l.n == 102;
	for (int i = 0; i < 100 && ok; i++) {
		char name[32];
		snprintf(name, sizeof(name), "f%03d", i);
		ok = find_name(&l, name, &count) >= 0 && count == 1;
	}
	check(ok, "getdents_small_buffer",
	      "102 entries expected through a 64-byte buffer: got %d (r = %d %s)", l.n, r,
	      errname(errno));

	/*
	 * What rm -r does: unlink the entries while listing.  Entries not yet
	 * returned were not removed, so none may be skipped: at the end the
	 * directory is empty.
	 */
	static char buf[64] __attribute__((aligned(8)));
	int fd = open(W("ls/sub"), O_RDONLY | O_DIRECTORY);
	int dfd = fd, removed = 0;
	long n;
	while ((n = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0)
		for (long off = 0; off < n;) {
			struct dent64 *de = (struct dent64 *)(buf + off);
			if (de->d_name[0] != '.' && unlinkat(dfd, de->d_name, 0) == 0)
				removed++;
			off += de->d_reclen ? de->d_reclen : n;
		}
	close(fd);
	r = list_dir(W("ls/sub"), 4096, &l);
	check(removed == 100 && r == 0 && l.n == 2, "getdents_while_unlinking",
	      "removed %d of 100 files while listing; %d entries left (expected . and ..)", removed,
	      l.n);
	for (int i = 0; i < 100; i++) {
		char name[32];
		snprintf(name, sizeof(name), "ls/sub/f%03d", i);
		unlink(W(name));
	}

	/* Too small for one entry: EINVAL; on a file: ENOTDIR; rewinding starts over. */
	static char big[512] __attribute__((aligned(8)));
	fd = open(W("ls"), O_RDONLY | O_DIRECTORY);
	check_errno("getdents_tiny_buffer_einval", syscall(SYS_getdents64, fd, big, 8), EINVAL,
	            "getdents64(dir, buf, 8)");
	long n1 = syscall(SYS_getdents64, fd, big, sizeof(big));
	long n2 = syscall(SYS_getdents64, fd, big, sizeof(big));
	lseek(fd, 0, SEEK_SET);
	long n3 = syscall(SYS_getdents64, fd, big, sizeof(big));
	check(n1 > 0 && n2 == 0 && n3 == n1, "getdents_end_and_rewind",
	      "first call %ld, second %ld (expected 0), after lseek(0) %ld", n1, n2, n3);
	close(fd);
	fd = open(W("ls/alpha"), O_RDONLY);
	check_errno("getdents_file_enotdir", syscall(SYS_getdents64, fd, big, sizeof(big)), ENOTDIR,
	            "getdents64 on a regular file");
	close(fd);

	/* musl's readdir (getdents64 underneath) of /dev finds null as a character device. */
	DIR *d = opendir("/dev");
	struct dirent *e;
	int type = -1;
	while (d && (e = readdir(d)) != NULL)
		if (strcmp(e->d_name, "null") == 0)
			type = e->d_type;
	if (d)
		closedir(d);
	check(type == DT_CHR, "readdir_dev_null_dt_chr", "/dev/null: d_type %d, expected DT_CHR",
	      type);
}

/* ------------------------------------------------------------- paths --- */

static void paths(void)
{
	mkdir(W("d"), 0755);
	put(W("d/f"), "dotdot", 0644);
	ino_t f = ino_of(W("d/f"));
	char buf[32];

	ssize_t n = get(W("d/../d/./f"), buf, sizeof(buf));
	check(n == 6 && strcmp(buf, "dotdot") == 0 && ino_of(W("d/../d/./f")) == f,
	      "path_dot_dotdot", "open(work/d/../d/./f) read %zd bytes", n);
	char slashes[600];
	snprintf(slashes, sizeof(slashes), "%s//d///f", work);
	check(ino_of(slashes) == f, "path_double_slash", "stat(%s) is not d/f", slashes);
	check(ino_of(W("d/..")) == ino_of(work) && ino_of(W("d/.")) == ino_of(W("d")),
	      "path_dotdot_is_parent", "stat(d/..) is not the work directory, or d/. is not d");
	check(ino_of("/..") == ino_of("/") && ino_of("/../../.") == ino_of("/"), "path_root_dotdot",
	      "/.. is not /");
	check_errno("path_trailing_slash_file_enotdir", open(W("d/f/"), O_RDONLY), ENOTDIR,
	            "open(d/f/)");
	check_errno("path_empty_enoent", open("", O_RDONLY), ENOENT, "open(\"\")");
	check_errno("path_missing_dir_enoent", open(W("nope/f"), O_RDONLY), ENOENT, "open(nope/f)");
	check_errno("path_through_file_enotdir", open(W("d/f/x"), O_RDONLY), ENOTDIR,
	            "open(d/f/x)");

	/* A component may have 255 bytes, not 256; a path at most PATH_MAX - 1. */
	char name[300], longpath[5000];
	memset(name, 'n', 255);
	name[255] = 0;
	int fd = open(W(name), O_WRONLY | O_CREAT, 0644);
	check(fd >= 0, "path_255_byte_name", "open(O_CREAT) of a 255-byte name: %s",
	      errname(errno));
	close(fd);
	unlink(W(name));
	name[255] = 'n', name[256] = 0;
	check_errno("path_256_byte_name_open", open(W(name), O_RDONLY | O_CREAT, 0644),
	            ENAMETOOLONG, "open(O_CREAT) of a 256-byte name");
	struct stat st;
	check_errno("path_256_byte_name_stat", stat(W(name), &st), ENAMETOOLONG,
	            "stat of a 256-byte name");
	check_errno("path_256_byte_name_mkdir", mkdir(W(name), 0755), ENAMETOOLONG,
	            "mkdir of a 256-byte name");
	int len = snprintf(longpath, sizeof(longpath), "%s", work);
	while (len < 4200)
		len += snprintf(longpath + len, sizeof(longpath) - len, "/.");
	check_errno("path_too_long", stat(longpath, &st), ENAMETOOLONG, "stat of a 4200-byte path");

	/* openat: relative to a directory fd; a file fd is not a directory. */
	int dfd = open(W("d"), O_RDONLY | O_DIRECTORY);
	fd = openat(dfd, "f", O_RDONLY);
	check(fd >= 0 && ino_of(W("d/f")) == f, "openat_dirfd", "openat(d, \"f\") = %d (%s)", fd,
	      errname(errno));
	check_errno("openat_file_dirfd_enotdir", openat(fd, "x", O_RDONLY), ENOTDIR,
	            "openat(file fd, \"x\")");
	close(fd);
	close(dfd);
}

static void getcwd_is(const char *want, const char *name)
{
	char cwd[600];
	char *r = getcwd(cwd, sizeof(cwd));
	check(r && strcmp(cwd, want) == 0, name, "getcwd = \"%s\", expected \"%s\"", r ? cwd : "?",
	      want);
}

static void cwd(void)
{
	char want[700];
	mkdir(W("a"), 0755);
	mkdir(W("a/b"), 0755);
	mkdir(W("a/b/c"), 0755);
	put(W("a/b/c/file"), "relative", 0644);

	/* chdir, then relative names. */
	int r = chdir(W("a/b/c"));
	snprintf(want, sizeof(want), "%s/a/b/c", workcwd);
	check(r == 0, "chdir", "chdir(work/a/b/c): %s", errname(errno));
	getcwd_is(want, "getcwd_nested");
	char buf[32];
	ssize_t n = get("file", buf, sizeof(buf));
	check(n == 8 && strcmp(buf, "relative") == 0, "open_relative", "open(\"file\") read %zd",
	      n);
	n = get("../c/./file", buf, sizeof(buf));
	check(n == 8, "open_relative_dotdot", "open(\"../c/./file\") read %zd", n);
	chdir("..");
	snprintf(want, sizeof(want), "%s/a/b", workcwd);
	getcwd_is(want, "chdir_dotdot");

	/* fchdir to an open directory. */
	int dfd = open(W("a"), O_RDONLY | O_DIRECTORY);
	r = fchdir(dfd);
	snprintf(want, sizeof(want), "%s/a", workcwd);
	check(r == 0, "fchdir", "fchdir: %s", errname(errno));
	getcwd_is(want, "getcwd_after_fchdir");
	close(dfd);
	int fd = open(W("a/b/c/file"), O_RDONLY);
	check_errno("fchdir_file_enotdir", fchdir(fd), ENOTDIR, "fchdir(file)");
	close(fd);
	check_errno("chdir_file_enotdir", chdir(W("a/b/c/file")), ENOTDIR, "chdir(file)");
	check_errno("chdir_missing_enoent", chdir(W("a/nope")), ENOENT, "chdir(missing)");

	/* getcwd needs room for the name and its NUL. */
	char small[600];
	size_t len = strlen(want);
	check_errno("getcwd_small_erange", syscall(SYS_getcwd, small, len), ERANGE,
	            "getcwd with a buffer one byte short");
	long got = syscall(SYS_getcwd, small, len + 1);
	check(got > 0 && strcmp(small, want) == 0, "getcwd_exact_size",
	      "getcwd with strlen+1 bytes = %ld", got);

	/* A child's chdir is its own. */
	check_current = "chdir_per_process";
	pid_t pid = check_fork();
	if (pid == 0)
		_exit(chdir("/") == 0 ? 0 : 1);
	int status;
	wait_child(pid, &status);
	getcwd_is(want, "chdir_per_process");

	/* Across a mount point: /dev is a file system of its own, and .. leaves it. */
	check(ino_of("/dev/..") == ino_of("/") && ino_of("/dev/../tmp") == ino_of("/tmp"),
	      "path_dotdot_leaves_mount", "/dev/.. is not /");
	chdir("/dev");
	getcwd_is("/dev", "getcwd_in_mount");
	chdir("/dev/..");
	getcwd_is("/", "chdir_dotdot_leaves_mount");

	/* ".." at the root stays at the root. */
	chdir("/");
	chdir("..");
	getcwd_is("/", "chdir_root_dotdot");
	chdir("/");
}

/* --------------------------------------------- creating and removing --- */

static void open_flags(void)
{
	char buf[32];
	int fd = open(W("new"), O_WRONLY | O_CREAT | O_EXCL, 0644);
	check(fd >= 0, "o_creat_excl_new", "O_CREAT|O_EXCL of a new file: %s", errname(errno));
	write(fd, "0123456789", 10);
	close(fd);
	check_errno("o_excl_eexist", open(W("new"), O_WRONLY | O_CREAT | O_EXCL, 0644), EEXIST,
	            "O_CREAT|O_EXCL of an existing file");
	check_errno("o_excl_dir_eexist", open(W("d"), O_RDONLY | O_CREAT | O_EXCL, 0644), EEXIST,
	            "O_CREAT|O_EXCL of an existing directory");
	fd = open(W("new"), O_WRONLY | O_CREAT, 0600); /* exists: opened, not truncated */
	close(fd);
	check(get(W("new"), buf, sizeof(buf)) == 10, "o_creat_existing_keeps",
	      "O_CREAT without O_EXCL changed the file");

	fd = open(W("new"), O_RDWR | O_TRUNC);
	struct stat st;
	fstat(fd, &st);
	check(fd >= 0 && st.st_size == 0, "o_trunc", "after O_TRUNC: st_size %ld",
	      (long)st.st_size);
	write(fd, "xyz", 3);
	close(fd);

	/* O_APPEND: every write goes to the end, wherever the offset was. */
	fd = open(W("new"), O_WRONLY | O_APPEND);
	lseek(fd, 0, SEEK_SET);
	write(fd, "END", 3);
	long off = offset(fd);
	close(fd);
	ssize_t n = get(W("new"), buf, sizeof(buf));
	check(n == 6 && strcmp(buf, "xyzEND") == 0 && off == 6, "o_append",
	      "file \"%s\", offset %ld after the write (expected xyzEND, 6)", n >= 0 ? buf : "?",
	      off);

	check_errno("o_directory_file_enotdir", open(W("new"), O_RDONLY | O_DIRECTORY), ENOTDIR,
	            "open(file, O_DIRECTORY)");
	check_errno("open_dir_wronly_eisdir", open(W("d"), O_WRONLY), EISDIR,
	            "open(directory, O_WRONLY)");
	check_errno("open_dir_rdwr_eisdir", open(W("d"), O_RDWR), EISDIR,
	            "open(directory, O_RDWR)");
	fd = open(W("d"), O_RDONLY);
	check(fd >= 0, "open_dir_rdonly", "open(directory, O_RDONLY): %s", errname(errno));
	check_errno("read_dir_eisdir", read(fd, buf, sizeof(buf)), EISDIR, "read(directory fd)");
	close(fd);
	check_errno("o_creat_in_missing_dir_enoent", open(W("nope/x"), O_WRONLY | O_CREAT, 0644),
	            ENOENT, "O_CREAT in a missing directory");
	fd = open(W("new"), O_RDONLY);
	check_errno("write_rdonly_ebadf", write(fd, "x", 1), EBADF, "write to an O_RDONLY fd");
	close(fd);
	unlink(W("new"));
}

/* pread/pwrite, readv/writev, holes, ftruncate. */
static void reading_writing(void)
{
	char buf[64];
	int fd = open(W("rw"), O_RDWR | O_CREAT | O_TRUNC, 0644);
	struct iovec out[2] = {{"hello, ", 7}, {"world", 5}};
	ssize_t w = writev(fd, out, 2);
	char a[5] = {0}, b[8] = {0};
	struct iovec in[2] = {{a, 5}, {b, 7}};
	lseek(fd, 0, SEEK_SET);
	ssize_t r = readv(fd, in, 2);
	check(w == 12 && r == 12 && memcmp(a, "hello", 5) == 0 && memcmp(b, ", world", 7) == 0,
	      "writev_readv", "writev = %zd, readv = %zd", w, r);

	/* pread and pwrite use their own offset and leave the file's alone. */
	lseek(fd, 2, SEEK_SET);
	ssize_t pw = pwrite(fd, "W", 1, 7);
	ssize_t pr = pread(fd, buf, 5, 7);
	check(pw == 1 && pr == 5 && memcmp(buf, "World", 5) == 0 && offset(fd) == 2,
	      "pread_pwrite_keep_offset", "pwrite %zd, pread %zd, offset after them %ld", pw, pr,
	      offset(fd));

	/* Writing past the end leaves a hole that reads as zeros. */
	lseek(fd, 5000, SEEK_SET);
	write(fd, "!", 1);
	struct stat st;
	fstat(fd, &st);
	memset(buf, 'x', sizeof(buf));
	pr = pread(fd, buf, 64, 4000);
	int zeros = 0;
	for (int i = 0; i < 64; i++)
		zeros += buf[i] == 0;
	check(st.st_size == 5001 && pr == 64 && zeros == 64, "hole_reads_zeros",
	      "size %ld after writing at 5000; read %zd bytes of the hole, %d zero",
	      (long)st.st_size, pr, zeros);

	/* ftruncate: shrink, then grow: the cut-off bytes come back as zeros. */
	int t1 = ftruncate(fd, 3);
	int t2 = ftruncate(fd, 10);
	fstat(fd, &st);
	memset(buf, 'x', sizeof(buf));
	pr = pread(fd, buf, sizeof(buf), 0);
	check(t1 == 0 && t2 == 0 && st.st_size == 10 && pr == 10 && memcmp(buf, "hel", 3) == 0 &&
	          memcmp(buf + 3, "\0\0\0\0\0\0\0", 7) == 0,
	      "ftruncate", "ftruncate(3) = %d, ftruncate(10) = %d, size %ld, read %zd", t1, t2,
	      (long)st.st_size, pr);
	close(fd);
	unlink(W("rw"));
}

static void mkdir_rmdir_unlink(void)
{
	check(mkdir(W("m"), 0755) == 0, "mkdir", "mkdir: %s", errname(errno));
	check_errno("mkdir_eexist", mkdir(W("m"), 0755), EEXIST, "mkdir of an existing dir");
	put(W("m/file"), "x", 0644);
	check_errno("mkdir_over_file_eexist", mkdir(W("m/file"), 0755), EEXIST,
	            "mkdir over a file");
	check_errno("rmdir_enotempty", rmdir(W("m")), ENOTEMPTY, "rmdir of a non-empty dir");
	check_errno("rmdir_file_enotdir", rmdir(W("m/file")), ENOTDIR, "rmdir of a file");
	check_errno("rmdir_dot_einval", rmdir(W("m/.")), EINVAL, "rmdir(m/.)");
	check_errno("unlink_dir_eisdir", unlink(W("m")), EISDIR, "unlink of a directory");
	check_errno("unlink_missing_enoent", unlink(W("m/nope")), ENOENT, "unlink(missing)");
	check(unlink(W("m/file")) == 0 && rmdir(W("m")) == 0 && ino_of(W("m")) == 0,
	      "unlink_then_rmdir", "could not empty and remove a directory: %s", errname(errno));
	check_errno("rmdir_missing_enoent", rmdir(W("m")), ENOENT, "rmdir(missing)");
	check_errno("access_missing_enoent", access(W("m"), F_OK), ENOENT, "access(missing)");
	check(mkdir(W("slash/"), 0755) == 0 && rmdir(W("slash/")) == 0, "mkdir_trailing_slash",
	      "mkdir or rmdir of \"slash/\": %s", errname(errno));

	/* The working directory may be removed; nothing can be created in it after. */
	mkdir(W("gone"), 0755);
	chdir(W("gone"));
	int r = rmdir(W("gone"));
	check(r == 0, "rmdir_cwd", "rmdir of the working directory: %s", errname(errno));
	check_errno("create_in_removed_dir_enoent", open("f", O_WRONLY | O_CREAT, 0644), ENOENT,
	            "open(O_CREAT) in a removed working directory");
	check_errno("mkdir_in_removed_dir_enoent", mkdir("sub", 0755), ENOENT,
	            "mkdir in a removed working directory");
	chdir("/");

	/* mkdirat and unlinkat(AT_REMOVEDIR) relative to a directory fd. */
	int dfd = open(work, O_RDONLY | O_DIRECTORY);
	int r1 = mkdirat(dfd, "m2", 0755);
	int r2 = unlinkat(dfd, "m2", AT_REMOVEDIR);
	check(r1 == 0 && r2 == 0 && ino_of(W("m2")) == 0, "mkdirat_unlinkat",
	      "mkdirat = %d, unlinkat(AT_REMOVEDIR) = %d (%s)", r1, r2, errname(errno));
	close(dfd);
}

static void renames(void)
{
	char buf[32];
	put(W("r1"), "first", 0644);
	put(W("r2"), "second", 0644);
	ino_t i1 = ino_of(W("r1"));
	int r = rename(W("r1"), W("r2"));
	ssize_t n = get(W("r2"), buf, sizeof(buf));
	check(r == 0 && n == 5 && strcmp(buf, "first") == 0 && ino_of(W("r2")) == i1 &&
	          ino_of(W("r1")) == 0,
	      "rename_over_file", "rename = %d; r2 now holds \"%s\"", r, n >= 0 ? buf : "?");
	check(rename(W("r2"), W("r2")) == 0 && ino_of(W("r2")) == i1, "rename_to_itself",
	      "rename(x, x) must succeed and change nothing");
	check_errno("rename_missing_enoent", rename(W("r1"), W("r3")), ENOENT,
	            "rename of a missing file");

	mkdir(W("rd"), 0755);
	mkdir(W("rd/sub"), 0755);
	check_errno("rename_dir_into_itself_einval", rename(W("rd"), W("rd/sub/x")), EINVAL,
	            "rename(rd, rd/sub/x)");
	check_errno("rename_file_over_dir_eisdir", rename(W("r2"), W("rd")), EISDIR,
	            "rename(file, dir)");
	check_errno("rename_dir_over_file_enotdir", rename(W("rd"), W("r2")), ENOTDIR,
	            "rename(dir, file)");
	mkdir(W("full"), 0755);
	put(W("full/x"), "", 0644);
	check_errno("rename_over_nonempty_dir_enotempty", rename(W("rd"), W("full")), ENOTEMPTY,
	            "rename(dir, non-empty dir)");
	unlink(W("full/x"));
	ino_t rd = ino_of(W("rd"));
	r = rename(W("rd"), W("full")); /* now empty: replaced */
	check(r == 0 && ino_of(W("full")) == rd && ino_of(W("full/sub")) != 0 &&
	          ino_of(W("rd")) == 0,
	      "rename_over_empty_dir", "rename(dir, empty dir) = %d (%s)", r, errname(errno));
	rename(W("full"), W("rd"));

	/* Move a directory we are in: ".." and getcwd follow it. */
	mkdir(W("rd2"), 0755);
	chdir(W("rd/sub"));
	r = rename(W("rd/sub"), W("rd2/moved"));
	char want[700];
	snprintf(want, sizeof(want), "%s/rd2/moved", workcwd);
	check(r == 0 && ino_of("..") == ino_of(W("rd2")), "rename_dir_dotdot",
	      "rename of a directory = %d; its .. is not the new parent", r);
	getcwd_is(want, "getcwd_after_rename");
	chdir("/");
	rmdir(W("rd2/moved"));
	rmdir(W("rd2"));
	rmdir(W("rd"));
	unlink(W("r2"));
}

static void links(void)
{
	char buf[32];
	struct stat s1, s2;
	put(W("l1"), "linked", 0644);
	int r = link(W("l1"), W("l2"));
	stat(W("l1"), &s1);
	stat(W("l2"), &s2);
	check(r == 0 && s1.st_nlink == 2 && s2.st_nlink == 2 && s1.st_ino == s2.st_ino, "link",
	      "link = %d; st_nlink %lu and %lu, inodes %lu and %lu", r, (unsigned long)s1.st_nlink,
	      (unsigned long)s2.st_nlink, (unsigned long)s1.st_ino, (unsigned long)s2.st_ino);
	put(W("l2"), "changed", 0644); /* one file, two names */
	ssize_t n = get(W("l1"), buf, sizeof(buf));
	check(n == 7 && strcmp(buf, "changed") == 0, "link_same_file",
	      "a write through l2 is not seen through l1");
	unlink(W("l1"));
	stat(W("l2"), &s2);
	check(s2.st_nlink == 1, "unlink_one_link", "st_nlink after unlinking one name: %lu",
	      (unsigned long)s2.st_nlink);
	put(W("l3"), "", 0644);
	check_errno("link_existing_eexist", link(W("l2"), W("l3")), EEXIST,
	            "link to an existing name");
	check_errno("link_dir_eperm", link(W("d"), W("dlink")), EPERM, "link of a directory");
	unlink(W("l2"));
	unlink(W("l3"));

	/* An unlinked file lives on while it is open. */
	put(W("ghost"), "boo", 0644);
	int fd = open(W("ghost"), O_RDWR);
	r = unlink(W("ghost"));
	struct stat st;
	int sr = stat(W("ghost"), &st);
	n = read(fd, buf, sizeof(buf));
	int w = write(fd, "!", 1);
	fstat(fd, &st);
	check(r == 0 && sr == -1 && n == 3 && memcmp(buf, "boo", 3) == 0 && w == 1 &&
	          st.st_nlink == 0 && st.st_size == 4,
	      "unlinked_file_still_open",
	      "unlink %d, stat %d, read %zd, write %d; fstat: nlink %lu size %ld", r, sr, n, w,
	      (unsigned long)st.st_nlink, (long)st.st_size);
	close(fd);
}

static void stats(void)
{
	struct stat st, st2, fst, dst;
	mode_t old = umask(0);
	put(W("s"), "0123456789", 0640);
	int r = stat(W("s"), &st);
	check(r == 0 && S_ISREG(st.st_mode) && (st.st_mode & 07777) == 0640 && st.st_size == 10 &&
	          st.st_nlink == 1 && st.st_uid == geteuid() && st.st_gid == getegid(),
	      "stat_file_fields", "stat = %d: mode %o size %ld nlink %lu uid %u gid %u", r,
	      st.st_mode, (long)st.st_size, (unsigned long)st.st_nlink, st.st_uid, st.st_gid);
	int fd = open(W("s"), O_RDONLY);
	fstat(fd, &fst);
	close(fd);
	stat(W("s"), &st2);
	stat(W("d"), &dst);
	check(st.st_ino != 0 && st.st_ino == st2.st_ino && st.st_ino == fst.st_ino &&
	          st.st_dev == fst.st_dev,
	      "st_ino_stable", "stat, stat again, fstat: inodes %lu %lu %lu",
	      (unsigned long)st.st_ino, (unsigned long)st2.st_ino, (unsigned long)fst.st_ino);
	check(S_ISDIR(dst.st_mode) && dst.st_ino != st.st_ino && ino_of(work) != st.st_ino &&
	          ino_of(work) != dst.st_ino,
	      "st_ino_distinct", "a file and two directories share inode numbers");
	r = chmod(W("s"), 0604);
	stat(W("s"), &st);
	check(r == 0 && (st.st_mode & 07777) == 0604 && S_ISREG(st.st_mode), "chmod",
	      "chmod 0604 = %d, mode now %o", r, st.st_mode);
	unlink(W("s"));
	check_errno("stat_missing_enoent", stat(W("s"), &st), ENOENT, "stat(missing)");
	check_errno("fstat_bad_fd_ebadf", fstat(999, &st), EBADF, "fstat(999)");
	umask(old);
}

static void umasks(void)
{
	struct stat st, st2, st3;
	mode_t old = umask(022);
	mode_t back = umask(022);
	check(back == 022, "umask_returns_old", "umask returned %o, expected 22", back);
	int fd = open(W("um"), O_WRONLY | O_CREAT, 0777);
	close(fd);
	mkdir(W("umd"), 0777);
	umask(077);
	fd = open(W("um2"), O_WRONLY | O_CREAT, 0666);
	close(fd);
	stat(W("um"), &st);
	stat(W("umd"), &st2);
	stat(W("um2"), &st3);
	check((st.st_mode & 0777) == 0755 && (st3.st_mode & 0777) == 0600, "umask_open",
	      "umask 022, open(0777) -> %o; umask 077, open(0666) -> %o", st.st_mode & 0777,
	      st3.st_mode & 0777);
	check((st2.st_mode & 0777) == 0755 && S_ISDIR(st2.st_mode), "umask_mkdir",
	      "umask 022, mkdir(0777) -> %o", st2.st_mode & 07777);
	unlink(W("um"));
	unlink(W("um2"));
	rmdir(W("umd"));
	umask(old);
}

/* ------------------------------------------------------- permissions --- */

/* In a child: become nobody (65534), with no supplementary groups. */
static void become_nobody(void)
{
	if (setgroups(0, NULL) != 0 || setgid(65534) != 0 || setuid(65534) != 0)
		child_fail("could not become uid 65534: %s", errname(errno));
	if (geteuid() != 65534)
		child_fail("euid is %d after setuid(65534)", geteuid());
}

static void nobody_reads_0600(void)
{
	become_nobody();
	int fd = open(W("perm/secret"), O_RDONLY);
	if (fd != -1 || errno != EACCES)
		child_fail("open of a 0600 root file = %d (%s), expected -1/EACCES", fd,
		           errname(errno));
	if (access(W("perm/secret"), R_OK) != -1 || errno != EACCES)
		child_fail("access(R_OK) of a 0600 root file did not say EACCES");
	fd = open(W("perm/public"), O_RDONLY); /* 0644: readable... */
	if (fd < 0)
		child_fail("open(O_RDONLY) of a 0644 root file: %s", errname(errno));
	close(fd);
	fd = open(W("perm/public"), O_WRONLY); /* ...but not writable */
	if (fd != -1 || errno != EACCES)
		child_fail("open(O_WRONLY) of a 0644 root file = %d (%s), expected EACCES", fd,
		           errname(errno));
}

static void nobody_creates_in_0755(void)
{
	become_nobody();
	int fd = open(W("perm/new"), O_WRONLY | O_CREAT, 0644);
	if (fd != -1 || errno != EACCES)
		child_fail("creating in a 0755 root directory = %d (%s), expected -1/EACCES", fd,
		           errname(errno));
	if (mkdir(W("perm/newdir"), 0755) != -1 || errno != EACCES)
		child_fail("mkdir in a 0755 root directory: %s, expected EACCES", errname(errno));
	if (unlink(W("perm/public")) != -1 || errno != EACCES)
		child_fail("unlink in a 0755 root directory: %s, expected EACCES", errname(errno));
	if (chmod(W("perm/public"), 0666) != -1 || errno != EPERM)
		child_fail("chmod of root's file: %s, expected EPERM", errname(errno));
}

static void nobody_searches_0700(void)
{
	struct stat st;
	become_nobody();
	if (stat(W("perm/private/f"), &st) != -1 || errno != EACCES)
		child_fail("stat through a 0700 root directory: %s, expected EACCES",
		           errname(errno));
	if (chdir(W("perm/private")) != -1 || errno != EACCES)
		child_fail("chdir into a 0700 root directory: %s, expected EACCES", errname(errno));
}

static void nobody_in_0777(void)
{
	become_nobody();
	int fd = open(W("perm/open/mine"), O_WRONLY | O_CREAT, 0644);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) != 0 || st.st_uid != 65534)
		child_fail("creating in a 0777 directory: fd %d (%s), owner %u", fd, errname(errno),
		           st.st_uid);
	close(fd);
	if (unlink(W("perm/open/mine")) != 0)
		child_fail("removing our own file: %s", errname(errno));
}

static void nobody_sticky(void)
{
	struct stat st;
	if (stat(base, &st) != 0 || !(st.st_mode & S_ISVTX) || (st.st_mode & 0777) != 0777)
		child_skip("%s is not a 1777 directory (mode %o)", base, st.st_mode);
	become_nobody();
	if (unlink(sticky) != -1 || errno != EPERM)
		child_fail("unlink of root's file in sticky %s: %s, expected EPERM", base,
		           errname(errno));
	char to[400];
	snprintf(to, sizeof(to), "%s.moved", sticky);
	if (rename(sticky, to) != -1 || errno != EPERM)
		child_fail("rename of root's file in sticky %s: %s, expected EPERM", base,
		           errname(errno));
}

static void permissions(void)
{
	if (geteuid() != 0) {
		skip("permissions_as_nobody", "not running as root");
		return;
	}
	umask(0);
	mkdir(W("perm"), 0755);
	put(W("perm/secret"), "s", 0600);
	put(W("perm/public"), "p", 0644);
	mkdir(W("perm/private"), 0700);
	put(W("perm/private/f"), "", 0644);
	mkdir(W("perm/open"), 0777);
	put(sticky, "root's", 0666);
	umask(022);
	run_child("nobody_open_0600_eacces", nobody_reads_0600);
	run_child("nobody_create_in_0755_eacces", nobody_creates_in_0755);
	run_child("nobody_search_0700_eacces", nobody_searches_0700);
	run_child("nobody_create_in_0777", nobody_in_0777);
	run_child("nobody_sticky_tmp_eperm", nobody_sticky);
	unlink(sticky);

	/* Root may read anything, but X_OK needs at least one x bit even for root. */
	check(access(W("perm/secret"), R_OK | W_OK) == 0, "root_access_rw",
	      "access(0600 file, R_OK|W_OK) as root: %s", errname(errno));
	check_errno("root_access_x_needs_x_bit", access(W("perm/secret"), X_OK), EACCES,
	            "access(0600 file, X_OK) as root");
}

/* ------------------------------------------------------ bad pointers --- */

#define NBAD 3
static void *const bad[NBAD] = {NULL, (void *)1, (void *)0xffffffff80000000UL};
static const char *const bad_name[NBAD] = {"NULL", "1", "kernel 0xffffffff80000000"};
static int data_fd; /* work/digits, for reads */
static int sink_fd; /* work/sink, for writes */

static long bad_open(void *p)
{
	return syscall(SYS_open, p, O_RDONLY);
}
static long bad_open_creat(void *p)
{
	return syscall(SYS_open, p, O_WRONLY | O_CREAT, 0644);
}
static long bad_stat_path(void *p)
{
	struct stat st;
	return syscall(SYS_stat, p, &st);
}
static long bad_stat_buf(void *p)
{
	return syscall(SYS_stat, work, p);
}
static long bad_mkdir(void *p)
{
	return syscall(SYS_mkdir, p, 0755);
}
static long bad_rmdir(void *p)
{
	return syscall(SYS_rmdir, p);
}
static long bad_unlink(void *p)
{
	return syscall(SYS_unlink, p);
}
static long bad_rename_old(void *p)
{
	return syscall(SYS_rename, p, W("renamed"));
}
static long bad_rename_new(void *p)
{
	return syscall(SYS_rename, W("digits"), p);
}
static long bad_link_new(void *p)
{
	return syscall(SYS_link, W("digits"), p);
}
static long bad_chdir(void *p)
{
	return syscall(SYS_chdir, p);
}
static long bad_getcwd(void *p)
{
	return syscall(SYS_getcwd, p, 4096);
}
static long bad_read(void *p)
{
	lseek(data_fd, 0, SEEK_SET);
	return syscall(SYS_read, data_fd, p, 8);
}
static long bad_write(void *p)
{
	return syscall(SYS_write, sink_fd, p, 8);
}
static long bad_getdents(void *p)
{
	int fd = open(work, O_RDONLY | O_DIRECTORY);
	long r = syscall(SYS_getdents64, fd, p, 4096);
	int e = errno;
	close(fd);
	errno = e;
	return r;
}

static void all_efault(const char *name, long (*fn)(void *))
{
	for (int i = 0; i < NBAD; i++) {
		errno = 0;
		long r = fn(bad[i]);
		if (r != -1 || errno != EFAULT) {
			fail(name, "with pointer %s: returned %ld, errno %s, expected -1/EFAULT",
			     bad_name[i], r, errname(errno));
			return;
		}
	}
	pass(name);
}

static void bad_paths_and_pointers(void)
{
	put(W("digits"), "0123456789", 0644);
	data_fd = open(W("digits"), O_RDONLY);
	sink_fd = open(W("sink"), O_WRONLY | O_CREAT | O_TRUNC, 0644);
	all_efault("efault_open", bad_open);
	all_efault("efault_open_creat", bad_open_creat);
	all_efault("efault_stat_path", bad_stat_path);
	all_efault("efault_stat_buf", bad_stat_buf);
	all_efault("efault_mkdir", bad_mkdir);
	all_efault("efault_rmdir", bad_rmdir);
	all_efault("efault_unlink", bad_unlink);
	all_efault("efault_rename_old", bad_rename_old);
	all_efault("efault_rename_new", bad_rename_new);
	all_efault("efault_link_new", bad_link_new);
	all_efault("efault_chdir", bad_chdir);
	all_efault("efault_getcwd", bad_getcwd);
	all_efault("efault_read_buf", bad_read);
	all_efault("efault_write_buf", bad_write);
	all_efault("efault_getdents64_buf", bad_getdents);

	/* Nothing was moved, created or written by the failed calls. */
	struct stat st;
	fstat(sink_fd, &st);
	check(ino_of(W("digits")) != 0 && ino_of(W("renamed")) == 0 && st.st_size == 0,
	      "efault_changes_nothing",
	      "after the EFAULT calls: digits %s, renamed %s, sink %ld bytes",
	      ino_of(W("digits")) ? "exists" : "gone", ino_of(W("renamed")) ? "exists" : "absent",
	      (long)st.st_size);

	/* A buffer whose second page is unmapped: the first page is written, and only it. */
	char *two = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(two, 'w', 4096);
	munmap(two + 4096, 4096);
	long w = syscall(SYS_write, sink_fd, two, 8192);
	fstat(sink_fd, &st);
	check(
	    w == 4096 && st.st_size == 4096, "write_partial_fault",
	    "write of 8192 bytes, the second page unmapped, returned %ld (expected 4096); size %ld",
	    w, (long)st.st_size);
	munmap(two, 4096);
	close(data_fd);
	close(sink_fd);
	unlink(W("sink"));
	unlink(W("digits"));
}

/* ----------------------------------------------------------- devices --- */

static void devices(void)
{
	char buf[4096];
	struct stat st;
	int r = stat("/dev/null", &st);
	check(r == 0 && S_ISCHR(st.st_mode) && st.st_rdev == makedev(1, 3), "dev_null_stat",
	      "stat(/dev/null) = %d: mode %o rdev %d:%d", r, st.st_mode, major(st.st_rdev),
	      minor(st.st_rdev));
	int fd = open("/dev/null", O_RDWR);
	ssize_t w = write(fd, "gone", 4);
	ssize_t n = read(fd, buf, sizeof(buf));
	check(fd >= 0 && w == 4 && n == 0, "dev_null",
	      "/dev/null: write %zd (expected 4), read %zd", w, n);
	close(fd);

	fd = open("/dev/zero", O_RDWR);
	memset(buf, 0xaa, sizeof(buf));
	n = read(fd, buf, sizeof(buf));
	int zeros = 0;
	for (size_t i = 0; i < sizeof(buf); i++)
		zeros += buf[i] == 0;
	w = write(fd, buf, 10);
	check(fd >= 0 && n == (ssize_t)sizeof(buf) && zeros == (int)sizeof(buf) && w == 10,
	      "dev_zero", "/dev/zero: read %zd bytes, %d of them zero; write %zd", n, zeros, w);
	close(fd);

	fd = open("/dev/full", O_RDWR);
	memset(buf, 0xaa, 16);
	check_errno("dev_full_enospc", write(fd, "x", 1), ENOSPC, "write(/dev/full)");
	n = read(fd, buf, 16);
	check(n == 16 && buf[0] == 0 && buf[15] == 0, "dev_full_reads_zeros",
	      "read(/dev/full) = %zd", n);
	close(fd);
}

/* fsync and fdatasync: 0 for regular files and directories, EINVAL where nothing can be written. */
static void syncing(void)
{
	check(syscall(SYS_sync) == 0, "sync", "sync() returned -1 (%s)", errname(errno));
	int file = open(W("synced"), O_RDWR | O_CREAT | O_TRUNC, 0644);
	int dir = open(work, O_RDONLY | O_DIRECTORY), pipefd[2] = {-1, -1};
	int null = open("/dev/null", O_RDWR), proc = open("/proc/meminfo", O_RDONLY);
	if (!check(file >= 0 && dir >= 0 && null >= 0 && pipe(pipefd) == 0, "sync_setup",
	           "open or pipe failed: %s", errname(errno)))
		return;
	int ok = fsync(file) == 0 && fdatasync(file) == 0 && fsync(dir) == 0 && fdatasync(dir) == 0;
	check(ok, "fsync_file_and_dir", "fsync/fdatasync of a file or directory failed: %s",
	      errname(errno));
	check_errno("fsync_pipe_einval", fsync(pipefd[0]), EINVAL, "fsync(pipe)");
	check_errno("fdatasync_pipe_einval", fdatasync(pipefd[1]), EINVAL, "fdatasync(pipe)");
	check_errno("fsync_dev_null_einval", fsync(null), EINVAL, "fsync(/dev/null)");
	if (proc >= 0)
		check_errno("fsync_proc_einval", fsync(proc), EINVAL, "fsync(/proc/meminfo)");
	check(syncfs(file) == 0 && syncfs(pipefd[0]) == 0, "syncfs",
	      "syncfs of a file or a pipe failed: %s", errname(errno));
	check_errno("fsync_ebadf", fsync(-1), EBADF, "fsync(-1)");
	check_errno("fdatasync_ebadf", fdatasync(999), EBADF, "fdatasync(999)");
	check_errno("syncfs_ebadf", syncfs(-1), EBADF, "syncfs(-1)");
	close(file), close(dir), close(null), close(pipefd[0]), close(pipefd[1]);
	if (proc >= 0)
		close(proc);
	unlink(W("synced"));
}

int main(int argc, char **argv)
{
	if (argc == 8 && strcmp(argv[1], "--exec-fds") == 0)
		return exec_side(argv);
	check_init("vfs");

	const char *t = getenv("TMPDIR");
	snprintf(base, sizeof(base), "%s", t && *t ? t : "/tmp");
	snprintf(work, sizeof(work), "%s/vfs.%d", base, getpid());
	snprintf(sticky, sizeof(sticky), "%s/vfs-sticky.%d", base, getpid());
	/* We exec ourselves after chdir: make argv[0] absolute. */
	char self[700];
	if (argv[0][0] == '/' || !getcwd(self, 300))
		snprintf(self, sizeof(self), "%s", argv[0]);
	else
		snprintf(self + strlen(self), sizeof(self) - strlen(self), "/%s", argv[0]);

	mode_t old = umask(022);
	if (mkdir(work, 0755) != 0 || chdir(work) != 0 || !getcwd(workcwd, sizeof(workcwd))) {
		fail("setup", "cannot make and enter %s: %s", work, errname(errno));
		return summary();
	}
	chdir("/");

	fork_shares_offset();
	dup_shares();
	cloexec_across_exec(self);
	fcntl_flags();
	dup2_dup3();
	directory_listing();
	paths();
	cwd();
	open_flags();
	reading_writing();
	mkdir_rmdir_unlink();
	renames();
	links();
	stats();
	umasks();
	permissions();
	bad_paths_and_pointers();
	syncing();
	devices();

	chdir("/");
	remove_tree(work);
	unlink(sticky);
	check(ino_of(work) == 0, "cleanup", "%s is still there", work);
	umask(old);
	return summary();
}
