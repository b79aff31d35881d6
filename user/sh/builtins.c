/*
 * builtins.c: commands the shell runs itself.
 *
 * Some could not work as programs: cd must change the shell's own
 * directory, exit end the shell, export change its variables, and wait,
 * jobs, fg and bg work on its children.  pwd is here for convenience.
 * Each gets argc/argv like main() and returns the command's status.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sh.h"

/*
 * Status 2 for a builtin used wrongly or failing (cd to a missing
 * directory, bad variable name), as dash does.
 */
#define BUILTIN_ERROR 2

static int do_cd(struct shell *sh, int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : var_get(sh, "HOME");
	int print = 0;
	if (dir && strcmp(dir, "-") == 0) {
		dir = var_get(sh, "OLDPWD");
		print = 1;
	}
	if (!dir) {
		error("cd: %s not set", print ? "OLDPWD" : "HOME");
		return BUILTIN_ERROR;
	}
	char old[PATH_MAX], now[PATH_MAX];
	int have_old = getcwd(old, sizeof(old)) != NULL;
	if (chdir(dir) < 0) {
		error("cd: can't cd to %s: %s", dir, strerror(errno));
		return BUILTIN_ERROR;
	}
	if (have_old)
		var_set(sh, "OLDPWD", old, 0);
	if (getcwd(now, sizeof(now))) {
		var_set(sh, "PWD", now, 0);
		if (print)
			outf(1, "%s\n", now);
	}
	return 0;
}

static int do_pwd(struct shell *sh, int argc, char **argv)
{
	char dir[PATH_MAX];
	(void)sh, (void)argc, (void)argv;
	if (!getcwd(dir, sizeof(dir))) {
		error("pwd: %s", strerror(errno));
		return BUILTIN_ERROR;
	}
	outf(1, "%s\n", dir);
	return 0;
}

static int do_exit(struct shell *sh, int argc, char **argv)
{
	int status = sh->status;
	if (argc > 1) {
		char *end;
		long n = strtol(argv[1], &end, 10);
		if (argv[1][0] == '\0' || *end != '\0' || n < 0) {
			error("exit: illegal number: %s", argv[1]);
			n = BUILTIN_ERROR;
		}
		status = n & 0xff;
	}
	exit(status);
}

/* Print a value in single quotes, so that it can be read back by a shell. */
static void print_quoted(struct buf *b, const char *value)
{
	buf_putc(b, '\'');
	for (; *value; value++) {
		if (*value == '\'')
			buf_puts(b, "'\\''");
		else
			buf_putc(b, *value);
	}
	buf_putc(b, '\'');
}

/* export NAME=value, export NAME; with no arguments, list the exported variables. */
static int do_export(struct shell *sh, int argc, char **argv)
{
	int status = 0;
	if (argc == 1) {
		for (struct var *v = sh->vars; v; v = v->next) {
			if (!v->exported)
				continue;
			struct buf b = {0};
			buf_puts(&b, "export ");
			buf_puts(&b, v->name);
			buf_putc(&b, '=');
			print_quoted(&b, v->value);
			outf(1, "%s\n", b.s);
			free(b.s);
		}
	}
	for (int i = 1; i < argc; i++) {
		char *eq = strchr(argv[i], '=');
		size_t len = eq ? (size_t)(eq - argv[i]) : strlen(argv[i]);
		if (!is_name(argv[i], len)) {
			error("export: %s: bad variable name", argv[i]);
			status = BUILTIN_ERROR;
			continue;
		}
		char *name = xstrndup(argv[i], len);
		var_set(sh, name, eq ? eq + 1 : NULL, 1);
		free(name);
	}
	return status;
}

static int do_unset(struct shell *sh, int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		var_unset(sh, argv[i]);
	return 0;
}

/* wait: for every background job; wait %N or wait PID: for that one, giving its status. */
static int do_wait(struct shell *sh, int argc, char **argv)
{
	int status = 0;
	if (argc == 1) {
		for (int i = 0; i < MAXJOBS; i++) {
			struct job *j = &sh->jobs[i];
			if (j->used && job_state(j) != JOB_STOPPED) {
				job_wait(sh, j);
				job_free(j);
			}
		}
		return 0;
	}
	for (int i = 1; i < argc; i++) {
		struct job *j = job_find(sh, argv[i]);
		if (!j) {
			error("wait: no such job: %s", argv[i]);
			status = 127;
			continue;
		}
		status = job_wait(sh, j);
		if (job_state(j) == JOB_DONE)
			job_free(j);
	}
	return status;
}

static int do_jobs(struct shell *sh, int argc, char **argv)
{
	(void)argc, (void)argv;
	jobs_print(sh);
	return 0;
}

/* fg [%N]: continue a job in the foreground and wait for it. */
static int do_fg(struct shell *sh, int argc, char **argv)
{
	struct job *j = job_find(sh, argc > 1 ? argv[1] : NULL);
	if (!j) {
		error("fg: no such job");
		return BUILTIN_ERROR;
	}
	outf(1, "%s\n", j->text);
	job_continue(sh, j, 1);
	return job_wait_foreground(sh, j);
}

/* bg [%N]: continue a stopped job in the background. */
static int do_bg(struct shell *sh, int argc, char **argv)
{
	struct job *j = job_find(sh, argc > 1 ? argv[1] : NULL);
	if (!j) {
		error("bg: no such job");
		return BUILTIN_ERROR;
	}
	job_continue(sh, j, 0);
	outf(1, "[%d] %s &\n", job_id(sh, j), j->text);
	return 0;
}

static int do_help(struct shell *sh, int argc, char **argv);

static const struct builtin {
	const char *name;
	builtin_fn fn;
	const char *help;
} builtins[] = {
    {"cd", do_cd, "cd [DIR]        change directory (to $HOME without DIR; - is $OLDPWD)"},
    {"pwd", do_pwd, "pwd             print the current directory"},
    {"exit", do_exit, "exit [N]        leave the shell with status N (default: $?)"},
    {"export", do_export, "export NAME[=V] put NAME in the environment of the commands run"},
    {"unset", do_unset, "unset NAME      forget a variable"},
    {"wait", do_wait, "wait [%N|PID]   wait for background jobs"},
    {"jobs", do_jobs, "jobs            list the background and stopped jobs"},
    {"fg", do_fg, "fg [%N]         continue a job in the foreground"},
    {"bg", do_bg, "bg [%N]         continue a stopped job in the background"},
    {"help", do_help, "help            this text"},
};

#define NBUILTINS (int)(sizeof(builtins) / sizeof(builtins[0]))

static int do_help(struct shell *sh, int argc, char **argv)
{
	(void)sh, (void)argc, (void)argv;
	outf(1, "shmos sh: cmd args, 'quotes', \"$VAR\", a | b, < > >> 2>&1, &, ;, &&, ||\n"
	        "builtins:\n");
	for (int i = 0; i < NBUILTINS; i++)
		outf(1, "  %s\n", builtins[i].help);
	outf(1, "other commands are programs, found in $PATH (ls /bin)\n");
	return 0;
}

builtin_fn builtin_lookup(const char *name)
{
	for (int i = 0; i < NBUILTINS; i++)
		if (strcmp(builtins[i].name, name) == 0)
			return builtins[i].fn;
	return NULL;
}
