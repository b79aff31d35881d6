/*
 * files: just enough file access for the process issue, on the initrd's
 * /data/hello.txt (14 bytes: "hello, initrd\n").
 *
 * A file descriptor is an index into the process's table of open files;
 * open returns the lowest free one.  Each open file has an offset, which
 * read advances and lseek moves.  fork copies the table, and the copies
 * refer to the SAME open files: parent and child share the offset.
 */
#include "check.h"
#include <fcntl.h>
#include <sys/ipc.h>
#include <sys/stat.h>

#define HELLO     "hello, initrd\n"
#define HELLO_LEN 14

static const char *hello;

static void open_and_read(void)
{
	char buf[64];
	int fd = open(hello, O_RDONLY);
	if (!check(fd >= 3, "open", "open(%s) = %d (%s)", hello, fd, errname(errno)))
		return;
	ssize_t n = read(fd, buf, sizeof(buf));
	check(n == HELLO_LEN && memcmp(buf, HELLO, HELLO_LEN) == 0, "read_contents",
	      "read returned %zd bytes", n);
	check(read(fd, buf, sizeof(buf)) == 0, "read_at_eof", "a read at the end returned data");
	check(read(fd, buf, 0) == 0, "read_zero_bytes", "read(fd, buf, 0) did not return 0");
	check_errno("write_readonly_fd_ebadf", write(fd, "x", 1), EBADF, "write to an O_RDONLY fd");
	close(fd);

	/* The lowest free descriptor is reused. */
	int a = open(hello, O_RDONLY), b = open(hello, O_RDONLY);
	close(a);
	int c = open(hello, O_RDONLY);
	check(a >= 3 && b == a + 1 && c == a, "open_lowest_fd",
	      "opened %d and %d, closed %d, got %d", a, b, a, c);
	close(b);
	close(c);

	fd = openat(AT_FDCWD, hello, O_RDONLY);
	n = fd >= 0 ? read(fd, buf, sizeof(buf)) : -1;
	check(n == HELLO_LEN && memcmp(buf, HELLO, HELLO_LEN) == 0, "openat",
	      "openat(AT_FDCWD, %s) = %d, read %zd bytes", hello, fd, n);
	close(fd);
}

static void seeking(void)
{
	char buf[16];
	int fd = open(hello, O_RDONLY);
	off_t r1 = lseek(fd, 7, SEEK_SET);
	ssize_t n = read(fd, buf, 6);
	check(r1 == 7 && n == 6 && memcmp(buf, "initrd", 6) == 0, "lseek_set",
	      "lseek(7, SEEK_SET) = %ld, then read %zd bytes", (long)r1, n);

	off_t r2 = lseek(fd, -6, SEEK_CUR);
	off_t r3 = lseek(fd, 0, SEEK_CUR);
	check(r2 == 7 && r3 == 7, "lseek_cur", "lseek(-6, SEEK_CUR) = %ld, (0, SEEK_CUR) = %ld",
	      (long)r2, (long)r3);

	off_t r4 = lseek(fd, 0, SEEK_END);
	off_t r5 = lseek(fd, -1, SEEK_END);
	n = read(fd, buf, sizeof(buf));
	check(r4 == HELLO_LEN && r5 == HELLO_LEN - 1 && n == 1 && buf[0] == '\n', "lseek_end",
	      "lseek(0, SEEK_END) = %ld, (-1, SEEK_END) = %ld, then read %zd bytes", (long)r4,
	      (long)r5, n);

	off_t r6 = lseek(fd, 100, SEEK_SET);
	n = read(fd, buf, sizeof(buf));
	check(r6 == 100 && n == 0, "lseek_past_end", "lseek(100) = %ld, then read returned %zd",
	      (long)r6, n);

	check_errno("lseek_negative_einval", lseek(fd, -1, SEEK_SET), EINVAL,
	            "lseek(-1, SEEK_SET)");
	check_errno("lseek_bad_whence_einval", lseek(fd, 0, 42), EINVAL, "lseek(0, 42)");
	close(fd);
}

static void stats(void)
{
	struct stat st, st2, st3, dir;
	int fd = open(hello, O_RDONLY);
	int r = fstat(fd, &st);
	check(r == 0 && st.st_size == HELLO_LEN && st.st_ino != 0 && S_ISREG(st.st_mode), "fstat",
	      "fstat = %d: st_size %ld st_ino %lu mode %o", r, (long)st.st_size,
	      (unsigned long)st.st_ino, st.st_mode);
	close(fd);

	r = stat(hello, &st2);
	check(r == 0 && st2.st_size == HELLO_LEN && st2.st_ino == st.st_ino, "stat",
	      "stat = %d: st_size %ld st_ino %lu (fstat said %lu)", r, (long)st2.st_size,
	      (unsigned long)st2.st_ino, (unsigned long)st.st_ino);

	/* musl's stat() uses the stat system call; newfstatat directly: */
	r = syscall(SYS_newfstatat, AT_FDCWD, hello, &st3, 0);
	check(r == 0 && st3.st_size == HELLO_LEN && st3.st_ino == st.st_ino, "newfstatat",
	      "newfstatat = %d: st_size %ld st_ino %lu", r, (long)st3.st_size,
	      (unsigned long)st3.st_ino);

	r = stat(root_path("/data"), &dir);
	check(r == 0 && S_ISDIR(dir.st_mode) && dir.st_ino != st.st_ino, "stat_directory",
	      "stat(/data) = %d, mode %o", r, dir.st_mode);
}

static void ftoks(void)
{
	/* ftok makes a System V IPC key from a file's inode number and device. */
	key_t k1 = ftok(hello, 'a');
	key_t k2 = ftok(hello, 'a');
	key_t k3 = ftok(root_path("/data/badelf/minimal"), 'a');
	key_t k4 = ftok(hello, 'b');
	check(k1 != -1 && k1 == k2, "ftok", "ftok(hello.txt, 'a') = %#x, then %#x", k1, k2);
	check(k3 != -1 && k3 != k1 && k4 != k1, "ftok_differs",
	      "ftok: hello.txt 'a' %#x, badelf/minimal 'a' %#x, hello.txt 'b' %#x", k1, k3, k4);
	check_errno("ftok_missing_enoent", ftok(root_path("/data/no-such-file"), 'a'), ENOENT,
	            "ftok(missing file)");
}

static void errors(void)
{
	char buf[4];
	check_errno("open_missing_enoent", open(root_path("/data/no-such-file"), O_RDONLY), ENOENT,
	            "open(missing file)");
	check_errno("open_not_a_dir_enotdir", open(root_path("/data/hello.txt/x"), O_RDONLY),
	            ENOTDIR, "open(hello.txt/x)");
	check_errno("close_bad_fd_ebadf", close(999), EBADF, "close(999)");
	check_errno("close_negative_fd_ebadf", close(-1), EBADF, "close(-1)");
	check_errno("read_bad_fd_ebadf", read(999, buf, 1), EBADF, "read(999)");
	check_errno("write_bad_fd_ebadf", write(999, buf, 1), EBADF, "write(999)");
	struct stat st;
	check_errno("fstat_bad_fd_ebadf", fstat(999, &st), EBADF, "fstat(999)");
	check_errno("lseek_bad_fd_ebadf", lseek(999, 0, SEEK_SET), EBADF, "lseek(999)");

	int fd = open(hello, O_RDONLY);
	close(fd);
	check_errno("read_closed_fd_ebadf", read(fd, buf, 1), EBADF, "read after close");
}

static void write_stdout(void)
{
	static const char line[] = "INFO files: this line was written with write(1, ...)\n";
	ssize_t n = write(1, line, sizeof(line) - 1);
	check(n == (ssize_t)sizeof(line) - 1, "write_fd1", "write(1) returned %zd", n);
}

/* The child reads 7 bytes from the inherited fd; the parent goes on from there. */
static void shared_offset(void)
{
	char buf[16] = {0};
	int status;
	int fd = open(hello, O_RDONLY);
	check_current = "fork_shares_file_offset";
	pid_t pid = check_fork();
	if (pid < 0)
		return;
	if (pid == 0)
		_exit(read(fd, buf, 7) == 7 && memcmp(buf, "hello, ", 7) == 0 ? 0 : 1);
	wait_child(pid, &status);
	ssize_t n = read(fd, buf, sizeof(buf));
	check(WIFEXITED(status) && WEXITSTATUS(status) == 0 && n == 7 &&
	          memcmp(buf, "initrd\n", 7) == 0,
	      "fork_shares_file_offset", "child %s; then the parent read %zd bytes",
	      describe_status(status), n);
	close(fd);
}

int main(void)
{
	check_init("files");
	hello = root_path("/data/hello.txt");
	open_and_read();
	seeking();
	stats();
	ftoks();
	errors();
	write_stdout();
	shared_offset();
	return summary();
}
