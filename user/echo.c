/*
 * echo: print the arguments, separated by spaces, and a newline.
 *
 *   echo [-n] [ARG...]     -n: no newline at the end
 *
 * The whole line goes out in one write(2), so that lines from processes
 * writing to the same pipe never mix.  Backslashes are printed as they
 * are (no -e).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int newline = 1, first = 1;
	size_t len = 1;
	while (first < argc && strcmp(argv[first], "-n") == 0) {
		newline = 0;
		first++;
	}
	for (int i = first; i < argc; i++)
		len += strlen(argv[i]) + 1;

	char *line = malloc(len), *p = line;
	if (!line)
		return 1;
	for (int i = first; i < argc; i++) {
		if (i > first)
			*p++ = ' ';
		size_t n = strlen(argv[i]);
		memcpy(p, argv[i], n);
		p += n;
	}
	if (newline)
		*p++ = '\n';
	for (char *q = line; q < p;) {
		ssize_t w = write(1, q, p - q);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return 1;
		q += w;
	}
	return 0;
}
