/*
 * jobs.c: the job table, waiting, and job control.
 *
 * A job is the processes of one pipeline.  With job control (an
 * interactive shell on a terminal that supports it), each job is a process
 * group of its own, and the terminal knows one "foreground" group: the one
 * that may read from it and that gets the signals of Ctrl-C (SIGINT) and
 * Ctrl-Z (SIGTSTP).  The shell
 *   - puts each job in its own group            setpgid(pid, pgid)
 *   - hands the terminal to a foreground job    tcsetpgrp(0, pgid)
 *   - and takes it back when the job ends or stops;
 *   - ignores SIGINT, SIGQUIT, SIGTSTP, SIGTTIN and SIGTTOU itself, so that
 *     Ctrl-C stops the job, never the shell;
 *   - learns that a job stopped from waitpid(..., WUNTRACED)
 *   - and continues it with SIGCONT to the whole group (fg, bg).
 * Without job control (scripts, no terminal, or a kernel without
 * tcsetpgrp) the same code runs with those steps left out.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "sh.h"

static const int job_signals[] = {SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU};
#define NJOB_SIGNALS (int)(sizeof(job_signals) / sizeof(job_signals[0]))

static void set_job_signals(void (*action)(int))
{
	for (int i = 0; i < NJOB_SIGNALS; i++)
		signal(job_signals[i], action);
}

/*
 * Started in the background (`sh &` from another shell)?  Then wait until
 * we are put in the foreground: SIGTTIN stops us until then.  Returns 0 if
 * that never happens (a kernel without stop signals would let us spin).
 */
static int wait_for_foreground(void)
{
	for (int tries = 0; tries < 10; tries++) {
		pid_t fg = tcgetpgrp(0);
		if (fg <= 0 || fg == getpgrp())
			return 1;
		kill(0, SIGTTIN);
	}
	return 0;
}

/* For an interactive shell: ignore the terminal's signals, try to get job control. */
void jobcontrol_init(struct shell *sh)
{
	int foreground = wait_for_foreground();
	set_job_signals(SIG_IGN);
	sh->ignore_signals = 1;
	sh->pgid = getpgrp();

	/*
	 * First check that the terminal takes tcsetpgrp at all, while we
	 * still are in the group that owns it; only then move to a group of
	 * our own.  A shell in a new group that the terminal does not know
	 * could no longer read from it.
	 */
	if (!foreground || tcsetpgrp(0, sh->pgid) < 0)
		return; /* no job control: go on without it */
	if (getpgrp() != getpid() && setpgid(0, 0) == 0)
		sh->pgid = getpid();
	if (tcsetpgrp(0, sh->pgid) == 0)
		sh->jobcontrol = 1;
}

/* In a child: the signals the shell ignores go back to their default actions. */
void child_signals_default(struct shell *sh)
{
	if (sh->ignore_signals)
		set_job_signals(SIG_DFL);
}

/* A free slot for a job of nprocs processes; finished jobs make room if needed. */
struct job *job_new(struct shell *sh, const char *text, int nprocs)
{
	for (int pass = 0; pass < 2; pass++) {
		for (int i = 0; i < MAXJOBS; i++) {
			struct job *j = &sh->jobs[i];
			if (pass == 1 && j->used && job_state(j) == JOB_DONE)
				job_free(j);
			if (!j->used) {
				*j = (struct job){
				    .used = 1, .nprocs = nprocs, .text = xstrdup(text)};
				j->procs = xmalloc(nprocs * sizeof(struct jobproc));
				memset(j->procs, 0, nprocs * sizeof(struct jobproc));
				return j;
			}
		}
	}
	error("too many jobs");
	return NULL;
}

void job_free(struct job *j)
{
	free(j->procs);
	free(j->text);
	*j = (struct job){0};
}

int job_id(struct shell *sh, struct job *j)
{
	return j - sh->jobs + 1;
}

/* "%N" is job N, a number is the job with that pid, NULL the newest job. */
struct job *job_find(struct shell *sh, const char *spec)
{
	for (int i = MAXJOBS - 1; i >= 0; i--) {
		struct job *j = &sh->jobs[i];
		if (!j->used)
			continue;
		if (!spec)
			return j;
		if (spec[0] == '%' && atoi(spec + 1) == i + 1)
			return j;
		for (int k = 0; spec[0] != '%' && k < j->nprocs; k++)
			if (j->procs[k].pid == atoi(spec))
				return j;
	}
	return NULL;
}

/* Running if any process runs; else stopped if any is stopped; else done. */
int job_state(struct job *j)
{
	int state = JOB_DONE;
	for (int i = 0; i < j->nprocs; i++) {
		if (j->procs[i].state == JOB_RUNNING)
			return JOB_RUNNING;
		if (j->procs[i].state == JOB_STOPPED)
			state = JOB_STOPPED;
	}
	return state;
}

/* A pipeline's status is its last command's. */
int job_status(struct job *j)
{
	return j->nprocs ? wait_status_code(j->procs[j->nprocs - 1].status) : 1;
}

/* Note what waitpid said about pid in the job it belongs to. */
static void record(struct shell *sh, pid_t pid, int status)
{
	for (int i = 0; i < MAXJOBS; i++) {
		struct job *j = &sh->jobs[i];
		for (int k = 0; j->used && k < j->nprocs; k++) {
			if (j->procs[k].pid == pid) {
				j->procs[k].status = status;
				j->procs[k].state = WIFSTOPPED(status) ? JOB_STOPPED : JOB_DONE;
				return;
			}
		}
	}
}

/* Wait for any child to end (or stop); returns waitpid's result. */
static pid_t wait_any(struct shell *sh, int flags)
{
	int status;
	pid_t pid = waitpid(-1, &status, flags | (sh->jobcontrol ? WUNTRACED : 0));
	if (pid > 0)
		record(sh, pid, status);
	return pid;
}

/* Collect children that have ended, without blocking unless block is set. */
void jobs_reap(struct shell *sh, int block)
{
	while (wait_any(sh, block ? 0 : WNOHANG) > 0)
		;
}

/* Wait until no process of j runs any more; returns the job's status. */
int job_wait(struct shell *sh, struct job *j)
{
	while (job_state(j) == JOB_RUNNING) {
		if (wait_any(sh, 0) < 0 && errno != EINTR) {
			/* no children left: someone else reaped ours; do not wait forever */
			for (int i = 0; i < j->nprocs; i++)
				j->procs[i].state = JOB_DONE;
		}
	}
	return job_status(j);
}

/* Say why the job's last process died (j->nprocs > 0), if a signal killed it, as other shells do.
 */
static void report_signal(struct shell *sh, struct job *j)
{
	int status = j->procs[j->nprocs - 1].status;
	if (!WIFSIGNALED(status))
		return;
	if (WTERMSIG(status) == SIGINT) {
		if (sh->interactive)
			outf(2, "\n"); /* after the ^C the terminal echoed */
	} else if (WTERMSIG(status) != SIGPIPE) {
		outf(2, "%s%s\n", strsignal(WTERMSIG(status)),
		     WCOREDUMP(status) ? " (core dumped)" : "");
	}
}

/* Give j the terminal, wait for it, take the terminal back.  Returns its status. */
int job_wait_foreground(struct shell *sh, struct job *j)
{
	if (sh->jobcontrol)
		tcsetpgrp(0, j->pgid);
	int status = job_wait(sh, j);
	if (sh->jobcontrol)
		tcsetpgrp(0, sh->pgid);
	if (job_state(j) == JOB_STOPPED) {
		outf(2, "\n[%d]+ Stopped\t%s\n", job_id(sh, j), j->text);
		j->told = JOB_STOPPED;
		return status;
	}
	if (j->nprocs)
		report_signal(sh, j);
	job_free(j);
	return status;
}

/* Continue a stopped job: SIGCONT (to its whole group with job control). */
void job_continue(struct shell *sh, struct job *j, int foreground)
{
	if (sh->jobcontrol && foreground)
		tcsetpgrp(0, j->pgid); /* before SIGCONT: it may read the terminal at once */
	for (int i = 0; i < j->nprocs; i++) {
		if (j->procs[i].state == JOB_STOPPED)
			j->procs[i].state = JOB_RUNNING;
		if (!sh->jobcontrol && j->procs[i].state == JOB_RUNNING)
			kill(j->procs[i].pid, SIGCONT);
	}
	if (sh->jobcontrol)
		kill(-j->pgid, SIGCONT);
	j->told = JOB_RUNNING;
}

static const char *state_name(int state)
{
	return state == JOB_RUNNING ? "Running" : state == JOB_STOPPED ? "Stopped" : "Done";
}

/* Before a prompt: tell about jobs that finished or stopped since the last one. */
void jobs_notify(struct shell *sh)
{
	jobs_reap(sh, 0);
	for (int i = 0; i < MAXJOBS; i++) {
		struct job *j = &sh->jobs[i];
		int state = j->used ? job_state(j) : JOB_RUNNING;
		if (state == JOB_RUNNING || state == j->told)
			continue;
		outf(2, "[%d]  %s\t%s\n", i + 1, state_name(state), j->text);
		j->told = state;
		if (state == JOB_DONE)
			job_free(j);
	}
}

/* The jobs builtin; finished jobs are shown once, then forgotten. */
void jobs_print(struct shell *sh)
{
	jobs_reap(sh, 0);
	for (int i = 0; i < MAXJOBS; i++) {
		struct job *j = &sh->jobs[i];
		if (!j->used)
			continue;
		int state = job_state(j);
		outf(1, "[%d]  %s\t%s\n", i + 1, state_name(state), j->text);
		j->told = state;
		if (state == JOB_DONE)
			job_free(j);
	}
}
