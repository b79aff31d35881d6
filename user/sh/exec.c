/*
 * exec.c: run a tree.
 *
 * && || ; just decide what runs next, by the status of what ran before.
 * A pipeline "a | b | c" becomes a job: one child process per command,
 * the output of each connected to the input of the next by a pipe:
 *
 *       shell
 *     fork  fork  fork
 *      a  --->  b  --->  c        (pipe(2), then dup2 onto fd 1 and fd 0)
 *
 * and the shell waits for them all (foreground) or goes on at once (&).
 * A builtin alone (cd, exit, export...) runs in the shell itself: cd in a
 * child would change the child's directory, not ours.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sh.h"

/* The shell's number for a wait status: the exit code, or 128 + the signal. */
int wait_status_code(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	if (WIFSTOPPED(status))
		return 128 + WSTOPSIG(status);
	return 1;
}

/* ------------------------------------------------------ one command --- */

/* execve argv[0], searched in $PATH if it has no '/'.  Only returns by exiting. */
static void __attribute__((noreturn)) exec_program(struct shell *sh, char **argv)
{
	char **envp = env_build(sh);
	const char *name = argv[0];
	int err = ENOENT;

	if (strchr(name, '/')) {
		execve(name, argv, envp);
		err = errno;
	} else {
		const char *path = var_get(sh, "PATH");
		if (!path)
			path = "/bin";
		for (;;) {
			size_t len = strcspn(path, ":");
			struct buf file = {0};
			if (len == 0)
				buf_putc(&file, '.'); /* an empty entry is the current directory */
			for (size_t i = 0; i < len; i++)
				buf_putc(&file, path[i]);
			buf_putc(&file, '/');
			buf_puts(&file, name);
			execve(file.s, argv, envp);
			if (errno != ENOENT && errno != ENOTDIR)
				err = errno; /* e.g. EACCES: found, but not runnable */
			free(file.s);
			if (path[len] == '\0')
				break;
			path += len + 1;
		}
	}
	if (err == ENOENT || err == ENOTDIR) {
		error("%s: not found", name);
		_exit(127);
	}
	error("%s: %s", name, strerror(err));
	_exit(126);
}

/* Set the command's NAME=value assignments, exported (in a child) or not. */
static void assign_all(struct shell *sh, struct command *c, int export)
{
	for (int i = 0; i < c->assigns.n; i++) {
		char *eq = strchr(c->assigns.v[i], '=');
		char *name = xstrndup(c->assigns.v[i], eq - c->assigns.v[i]);
		char *value = expand_string(sh, eq + 1);
		var_set(sh, name, value, export);
		free(name);
		free(value);
	}
}

/* In a child: run one command of a pipeline.  Never returns. */
void exec_command(struct shell *sh, struct command *c)
{
	struct strvec argv = {0};
	expand_words(sh, &c->words, &argv);
	assign_all(sh, c, 1); /* "X=1 prog": X is in prog's environment */
	if (redirect_all(sh, c->redirs, NULL) < 0)
		_exit(2);
	if (argv.n == 0)
		_exit(0);
	builtin_fn builtin = builtin_lookup(argv.v[0]);
	if (builtin)
		_exit(builtin(sh, argv.n, argv.v));
	exec_program(sh, argv.v);
}

/*
 * A command that the shell runs itself, without fork: a builtin, or only
 * assignments ("X=1").  Returns 1 and sets *status if it was one of those.
 */
static int run_here(struct shell *sh, struct command *c, int *status)
{
	struct strvec argv = {0};
	expand_words(sh, &c->words, &argv);
	builtin_fn builtin = argv.n ? builtin_lookup(argv.v[0]) : NULL;
	int here = argv.n == 0 || builtin;
	if (here) {
		struct saved_fds saved = {0};
		assign_all(sh, c, 0);
		if (redirect_all(sh, c->redirs, &saved) < 0)
			*status = 2;
		else
			*status = builtin ? builtin(sh, argv.n, argv.v) : 0;
		restore_fds(&saved);
	}
	strvec_free(&argv);
	return here;
}

/* ------------------------------------------------------------ jobs --- */

/*
 * In a new child, before anything else.  With job control the child joins
 * the job's process group (the first child starts it: pgid = its pid) and,
 * for a foreground job, takes the terminal.  The parent does the same
 * setpgid: whichever of the two runs first, the group exists before the
 * parent hands it the terminal or the child execs.  Only then do the
 * signals go back to their defaults (tcsetpgrp from a background group
 * would stop us with SIGTTOU, were it not still ignored).
 */
static void child_setup(struct shell *sh, struct job *j, int foreground)
{
	if (sh->jobcontrol) {
		pid_t pgid = j->pgid ? j->pgid : getpid();
		setpgid(0, pgid);
		if (foreground)
			tcsetpgrp(0, pgid);
	}
	child_signals_default(sh);
}

/* The parent's half: remember the child, put it in its group. */
static void parent_add(struct shell *sh, struct job *j, int i, pid_t pid)
{
	j->procs[i].pid = pid;
	j->procs[i].state = JOB_RUNNING;
	if (sh->jobcontrol) {
		if (!j->pgid)
			j->pgid = pid;
		setpgid(pid, j->pgid);
	}
}

/* Start one process per command of the pipeline, connected by pipes. */
static void start_pipeline(struct shell *sh, struct job *j, struct command *c, int foreground)
{
	int in = 0; /* what the next command reads: the previous pipe, or our stdin */
	int i;
	for (i = 0; c; c = c->next, i++) {
		int p[2] = {-1, -1};
		if (c->next && pipe(p) < 0) {
			error("pipe: %s", strerror(errno));
			break;
		}
		pid_t pid = fork();
		if (pid == 0) {
			child_setup(sh, j, foreground);
			if (in != 0) {
				dup2(in, 0);
				close(in);
			}
			if (c->next) {
				dup2(p[1], 1);
				close(p[1]);
				close(p[0]); /* the next command's end */
			}
			exec_command(sh, c);
		}
		if (pid < 0) {
			error("fork: %s", strerror(errno));
			close(p[0]);
			close(p[1]);
			break;
		}
		parent_add(sh, j, i, pid);
		if (in != 0)
			close(in);
		if (c->next)
			close(p[1]);
		in = p[0];
	}
	if (in > 0)
		close(in);
	j->nprocs = i; /* fewer than planned if fork or pipe failed */
}

/* Start a subshell: one child that runs n (e.g. "a && b &") and exits. */
static void start_subshell(struct shell *sh, struct job *j, struct node *n, int foreground)
{
	pid_t pid = fork();
	if (pid == 0) {
		child_setup(sh, j, foreground);
		/* The subshell's commands stay in the job's group; it has no jobs of its own. */
		sh->interactive = sh->jobcontrol = sh->ignore_signals = 0;
		memset(sh->jobs, 0, sizeof(sh->jobs));
		_exit(run_node(sh, n));
	}
	if (pid < 0) {
		error("fork: %s", strerror(errno));
		j->nprocs = 0;
		return;
	}
	parent_add(sh, j, 0, pid);
}

static int count_commands(struct command *c)
{
	int n = 0;
	for (; c; c = c->next)
		n++;
	return n;
}

static int run_foreground(struct shell *sh, struct node *n)
{
	int status;
	if (!n->pipeline->next && run_here(sh, n->pipeline, &status))
		return status;
	struct job *j = job_new(sh, n->text, count_commands(n->pipeline));
	if (!j)
		return 1;
	start_pipeline(sh, j, n->pipeline, 1);
	return job_wait_foreground(sh, j);
}

/* bg is an N_BACKGROUND node: "pipeline &", or "a && b &" run by a subshell. */
static int run_background(struct shell *sh, struct node *bg)
{
	struct node *n = bg->left;
	int pipeline = n->kind == N_PIPELINE;
	struct job *j = job_new(sh, bg->text, pipeline ? count_commands(n->pipeline) : 1);
	if (!j)
		return 1;
	if (pipeline)
		start_pipeline(sh, j, n->pipeline, 0);
	else
		start_subshell(sh, j, n, 0);
	if (j->nprocs == 0) {
		job_free(j);
		return 1;
	}
	sh->last_bg = j->procs[j->nprocs - 1].pid;
	if (sh->interactive)
		outf(2, "[%d] %d\n", job_id(sh, j), (int)sh->last_bg);
	return 0;
}

/* Run the tree; the result is the status of the last command run. */
int run_node(struct shell *sh, struct node *n)
{
	int status;
	switch (n->kind) {
	case N_PIPELINE:
		return sh->status = run_foreground(sh, n);
	case N_AND:
		status = run_node(sh, n->left);
		return status == 0 ? run_node(sh, n->right) : status;
	case N_OR:
		status = run_node(sh, n->left);
		return status != 0 ? run_node(sh, n->right) : status;
	case N_SEQ:
		run_node(sh, n->left);
		return run_node(sh, n->right);
	case N_BACKGROUND:
		return sh->status = run_background(sh, n);
	}
	return 0;
}
