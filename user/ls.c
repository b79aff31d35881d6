/*
 * ls: list directory contents, one name per line, sorted.
 *
 *   ls [-l] [-a] [PATH...]     (PATH defaults to ".")
 *
 *   -l   long format: mode, links, owner and group, size, name
 *          drwxr-xr-x   2 root     root         0 bin
 *        (owner and group by name from /etc/passwd and /etc/group, or as
 *        numbers where those do not name them)
 *   -a   also names starting with '.'
 *
 * A directory is read with opendir/readdir (the getdents64 system call),
 * each entry examined with lstat.  A PATH that is not a directory is
 * listed as itself.  A missing PATH is an error on stderr, and the exit
 * status is then 2, as with GNU ls.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "accounts.h"

struct options {
	int long_format;
	int all;
};

/* "drwxr-xr-x": the file type, then read/write/execute for owner, group, others. */
static void mode_string(mode_t mode, char out[11])
{
	const char *rwx = "rwxrwxrwx";
	out[0] = S_ISDIR(mode)    ? 'd'
	         : S_ISLNK(mode)  ? 'l'
	         : S_ISCHR(mode)  ? 'c'
	         : S_ISBLK(mode)  ? 'b'
	         : S_ISFIFO(mode) ? 'p'
	         : S_ISSOCK(mode) ? 's'
	                          : '-';
	for (int i = 0; i < 9; i++)
		out[1 + i] = mode & (0400 >> i) ? rwx[i] : '-';
	if (mode & S_ISUID)
		out[3] = out[3] == 'x' ? 's' : 'S';
	if (mode & S_ISGID)
		out[6] = out[6] == 'x' ? 's' : 'S';
	if (mode & S_ISVTX)
		out[9] = out[9] == 'x' ? 't' : 'T';
	out[10] = '\0';
}

/* One line of output for the file at path, shown as name. */
static int show(const char *path, const char *name, const struct options *opt)
{
	struct stat st;
	char mode[11];

	if (!opt->long_format) {
		printf("%s\n", name);
		return 0;
	}
	if (lstat(path, &st) < 0) {
		fprintf(stderr, "ls: cannot access '%s': %s\n", path, strerror(errno));
		return 1;
	}
	mode_string(st.st_mode, mode);
	char owner[32], group[32];
	printf("%s %3lu %-8s %-8s ", mode, (unsigned long)st.st_nlink,
	       user_name(st.st_uid, owner, sizeof(owner)),
	       group_name(st.st_gid, group, sizeof(group)));
	if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
		printf("%3u, %3u ", major(st.st_rdev),
		       minor(st.st_rdev)); /* a device: its numbers */
	else
		printf("%8lld ", (long long)st.st_size);
	printf("%s", name);
	if (S_ISLNK(st.st_mode)) {
		char target[4096];
		ssize_t n = readlink(path, target, sizeof(target) - 1);
		if (n >= 0)
			printf(" -> %.*s", (int)n, target);
	}
	printf("\n");
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Read the names in directory dir, sorted.  Returns how many, or -1. */
static int read_names(const char *dir, const struct options *opt, char ***names)
{
	DIR *d = opendir(dir);
	if (!d)
		return -1;
	int n = 0, cap = 0;
	struct dirent *e;
	*names = NULL;
	while ((e = readdir(d)) != NULL) {
		if (e->d_name[0] == '.' && !opt->all)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			*names = realloc(*names, cap * sizeof(char *));
			if (!*names) {
				perror("ls");
				exit(2);
			}
		}
		(*names)[n++] = strdup(e->d_name);
	}
	closedir(d);
	qsort(*names, n, sizeof(char *), by_name);
	return n;
}

static int list_directory(const char *dir, const struct options *opt)
{
	char **names;
	int n = read_names(dir, opt, &names);
	int status = 0;
	if (n < 0) {
		fprintf(stderr, "ls: cannot open directory '%s': %s\n", dir, strerror(errno));
		return 2;
	}
	for (int i = 0; i < n; i++) {
		char path[4096];
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		status |= show(path, names[i], opt);
		free(names[i]);
	}
	free(names);
	return status;
}

/*
 * List one command-line argument: a directory's contents, or the file
 * itself.  With several arguments, each directory gets a "path:" header.
 */
static int list(const char *path, const struct options *opt, int header, int first)
{
	struct stat st;
	if (stat(path, &st) < 0 && lstat(path, &st) < 0) {
		fprintf(stderr, "ls: cannot access '%s': %s\n", path, strerror(errno));
		return 2;
	}
	if (!S_ISDIR(st.st_mode))
		return show(path, path, opt);
	if (header)
		printf("%s%s:\n", first ? "" : "\n", path);
	return list_directory(path, opt);
}

int main(int argc, char **argv)
{
	struct options opt = {0};
	int opt_char;
	while ((opt_char = getopt(argc, argv, "la1")) != -1) {
		if (opt_char == 'l')
			opt.long_format = 1;
		else if (opt_char == 'a')
			opt.all = 1;
		else if (opt_char != '1') {
			fprintf(stderr, "usage: ls [-la] [PATH...]\n");
			return 2;
		}
	}
	if (optind == argc)
		return list(".", &opt, 0, 1);

	int status = 0, nargs = argc - optind;
	for (int i = optind; i < argc; i++) {
		int s = list(argv[i], &opt, nargs > 1, i == optind);
		status = s > status ? s : status;
	}
	return status;
}
