/*
 * sh: a small shell.
 *
 *   sh                    read commands from stdin (a prompt if it is a terminal)
 *   sh -c 'COMMANDS' [NAME [ARG...]]   run COMMANDS ($0 = NAME, $1... = ARGs)
 *   sh FILE [ARG...]      run the script FILE ($0 = FILE)
 *
 * The main loop: read a line, parse it (reading more lines while it is
 * incomplete, as after "a |"), run the tree, repeat.  The shell's exit
 * status is the status of the last command.  See docs/shell.md.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"

/* Where commands come from: a string (-c), or a file descriptor. */
struct input {
	const char *str; /* -c: the string, read from pos */
	size_t pos;
	int fd;
	int buffered; /* may read ahead (a script file is ours alone) */
	char buf[4096];
	int len, next; /* buf[next..len) is read but not used yet */
};

/* The next character, or -1 at the end. */
static int input_getc(struct input *in)
{
	if (in->str)
		return in->str[in->pos] ? (unsigned char)in->str[in->pos++] : -1;
	if (in->next == in->len) {
		/*
		 * From stdin, one byte at a time: the commands we start read
		 * the same stdin, and what we read ahead would be lost to them
		 * ("sh <script" where a line runs cat).
		 */
		ssize_t n;
		do
			n = read(in->fd, in->buf, in->buffered ? sizeof(in->buf) : 1);
		while (n < 0 && errno == EINTR);
		if (n <= 0)
			return -1;
		in->len = n;
		in->next = 0;
	}
	return (unsigned char)in->buf[in->next++];
}

/* One line, with its newline (none at the very end); NULL at the end of input. */
static char *read_line(struct input *in)
{
	struct buf line = {0};
	int c;
	while ((c = input_getc(in)) >= 0) {
		buf_putc(&line, c);
		if (c == '\n')
			break;
	}
	if (c < 0 && line.n == 0)
		return NULL;
	return buf_take(&line);
}

/* Read one complete command (more lines while incomplete) and parse it. */
static enum parse_result read_command(struct shell *sh, struct input *in, struct node **tree,
                                      int *eof)
{
	char *line = read_line(in);
	if (!line) {
		*eof = 1;
		return PARSE_OK;
	}
	struct buf text = {0};
	buf_puts(&text, line);
	free(line);
	enum parse_result r;
	while ((r = parse(text.s, tree)) == PARSE_INCOMPLETE) {
		if (sh->interactive)
			outf(2, "> ");
		line = read_line(in);
		if (!line) {
			error("syntax error: unexpected end of file");
			r = PARSE_ERROR;
			break;
		}
		buf_puts(&text, line);
		free(line);
	}
	free(text.s);
	return r;
}

static int run_input(struct shell *sh, struct input *in)
{
	for (;;) {
		if (sh->interactive) {
			const char *ps1 = var_get(sh, "PS1");
			jobs_notify(sh);
			outf(2, "%s", ps1 ? ps1 : "$ ");
		}
		struct node *tree = NULL;
		int eof = 0;
		enum parse_result r = read_command(sh, in, &tree, &eof);
		if (eof)
			break;
		if (r == PARSE_ERROR) {
			/* a script with a syntax error stops; a user just tries again */
			sh->status = 2;
			if (!sh->interactive)
				break;
		} else if (tree) {
			sh->status = run_node(sh, tree);
		}
		node_free(tree);
	}
	if (sh->interactive)
		outf(2, "\n");
	return sh->status;
}

int main(int argc, char **argv)
{
	extern char **environ;
	struct shell sh = {0};
	struct input in = {0};

	vars_init(&sh, environ);
	sh.pid = getpid();
	sh.args = argv;
	sh.nargs = 1;

	if (argc >= 2 && strcmp(argv[1], "-c") == 0) {
		if (argc < 3) {
			error("-c needs an argument");
			return 2;
		}
		in.str = argv[2];
		if (argc > 3) {
			sh.args = argv + 3;
			sh.nargs = argc - 3;
		}
	} else if (argc >= 2 && argv[1][0] == '-') {
		error("usage: sh [-c COMMANDS [NAME [ARG...]] | FILE [ARG...]]");
		return 2;
	} else if (argc >= 2) {
		int fd = open(argv[1], O_RDONLY);
		if (fd < 0) {
			error("cannot open %s: %s", argv[1], strerror(errno));
			return 2;
		}
		/* out of the way of the fds commands use, and not inherited by them */
		in.fd = fcntl(fd, F_DUPFD_CLOEXEC, 10);
		close(fd);
		in.buffered = 1;
		sh.args = argv + 1;
		sh.nargs = argc - 1;
	} else {
		in.fd = 0;
		sh.interactive = isatty(0);
	}
	if (sh.interactive)
		jobcontrol_init(&sh);
	return run_input(&sh, &in);
}
