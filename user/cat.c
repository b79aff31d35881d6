/*
 * cat: copy files (or stdin) to stdout.
 *
 *   cat [FILE...]      "-", or no FILE at all, means stdin
 *
 * Plain read(2) and write(2) in a loop: no stdio.  A file that cannot be
 * opened is reported on stderr and skipped; the exit status is then 1.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Write all of buf: write(2) may take only part of it (a pipe, a signal). */
static int write_all(int fd, const char *buf, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, buf, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -1;
		buf += w;
		n -= w;
	}
	return 0;
}

/* Copy fd to stdout.  Returns 0, or 1 after an error message. */
static int copy(int fd, const char *name)
{
	char buf[4096];
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			fprintf(stderr, "cat: %s: %s\n", name, strerror(errno));
			return 1;
		}
		if (n == 0)
			return 0;
		if (write_all(1, buf, n) < 0) {
			fprintf(stderr, "cat: write error: %s\n", strerror(errno));
			return 1;
		}
	}
}

int main(int argc, char **argv)
{
	int status = 0;
	if (argc == 1)
		return copy(0, "-");
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-") == 0) {
			status |= copy(0, "-");
			continue;
		}
		int fd = open(argv[i], O_RDONLY);
		if (fd < 0) {
			fprintf(stderr, "cat: %s: %s\n", argv[i], strerror(errno));
			status = 1;
			continue;
		}
		status |= copy(fd, argv[i]);
		close(fd);
	}
	return status;
}
