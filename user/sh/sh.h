/*
 * sh.h: the shell's data structures, shared by its files.
 *
 * A line of input goes through four stages, one file each:
 *
 *   lex.c      "echo 'a b' | cat >out"  ->  tokens: WORD WORD | WORD > WORD
 *   parse.c    tokens  ->  a tree of nodes (sequences, && and ||, &,
 *              pipelines) whose leaves are simple commands
 *   expand.c   a command's raw words  ->  argv: $VAR replaced, quotes removed
 *   exec.c     the tree  ->  fork, pipe, dup2, execve, wait
 *
 * jobs.c keeps the table of running pipelines (job control), builtins.c the
 * commands the shell runs itself (cd, exit, ...), vars.c the variables,
 * util.c small helpers, main.c the read-parse-run loop.  docs/shell.md tells
 * the whole story.
 */
#ifndef SH_H
#define SH_H

#include <stddef.h>
#include <sys/types.h>

/* ------------------------------------------------------------- util.c --- */

/* A growable, always NULL-terminated array of malloc'd strings (an argv). */
struct strvec {
	char **v;
	int n, cap;
};

/* A growable string. */
struct buf {
	char *s;
	size_t n, cap;
};

void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
void strvec_push(struct strvec *sv, char *s); /* takes s (malloc'd) */
void strvec_free(struct strvec *sv);
void buf_putc(struct buf *b, char c);
void buf_puts(struct buf *b, const char *s);
char *buf_take(struct buf *b); /* the string; the buf is empty again */
void outf(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* -------------------------------------------------------------- lex.c --- */

enum token_kind {
	T_WORD,
	T_PIPE,    /* |  */
	T_AND,     /* && */
	T_OR,      /* || */
	T_SEMI,    /* ;  */
	T_AMP,     /* &  */
	T_NEWLINE, /* end of a line */
	T_LESS,    /* <  */
	T_GREAT,   /* >  */
	T_DGREAT,  /* >> */
	T_LESSAND, /* <& */
	T_GREATAND /* >& */
};

struct token {
	enum token_kind kind;
	char *text;     /* T_WORD: the word as typed, quotes and all */
	int fd;         /* redirections: the number before the operator ("2>"), or -1 */
	int start, end; /* where the token is in the source text */
};

struct tokens {
	struct token *v;
	int n, cap;
};

enum lex_result { LEX_OK, LEX_INCOMPLETE };

enum lex_result lex(const char *src, struct tokens *out);
void tokens_free(struct tokens *t);
const char *token_name(enum token_kind kind);

/* ------------------------------------------------------------ parse.c --- */

enum redir_kind {
	R_IN,     /* [n]<file   open for reading          (n defaults to 0) */
	R_OUT,    /* [n]>file   create or truncate        (n defaults to 1) */
	R_APPEND, /* [n]>>file  create or append          (n defaults to 1) */
	R_DUP     /* [n]>&m     n becomes a copy of m; "-" closes n (also <&) */
};

struct redir {
	enum redir_kind kind;
	int fd;
	char *target; /* raw word: a file name, or for R_DUP an fd number or "-" */
	struct redir *next;
};

/* A simple command: [NAME=value...] word... with redirections anywhere. */
struct command {
	struct strvec assigns; /* raw "NAME=value" words before the command name */
	struct strvec words;   /* raw words: the command name and its arguments */
	struct redir *redirs;  /* in the order written: "2>&1 >f" differs from ">f 2>&1" */
	struct command *next;  /* the next command of the pipeline */
};

enum node_kind {
	N_PIPELINE,  /* cmd | cmd | ...  (a single command is a pipeline of one) */
	N_AND,       /* left && right */
	N_OR,        /* left || right */
	N_SEQ,       /* left ; right */
	N_BACKGROUND /* left &        */
};

struct node {
	enum node_kind kind;
	struct command *pipeline; /* N_PIPELINE: its first command */
	struct node *left, *right;
	char *text; /* N_PIPELINE, N_BACKGROUND: the source text, for `jobs` */
};

enum parse_result { PARSE_OK, PARSE_INCOMPLETE, PARSE_ERROR };

enum parse_result parse(const char *src, struct node **tree);
void node_free(struct node *n);

/* ------------------------------------------------------------- vars.c --- */

struct var {
	char *name, *value;
	int exported; /* passed to the programs we run, in their environment */
	struct var *next;
};

/* -------------------------------------------------------------- jobs.c --- */

#define MAXJOBS 16

enum job_state { JOB_RUNNING, JOB_STOPPED, JOB_DONE };

/* One process of a job. */
struct jobproc {
	pid_t pid;
	int status; /* the wait status, once it has ended or stopped */
	int state;  /* enum job_state */
};

/* A job: the processes of one pipeline (or of one `a && b &`). */
struct job {
	int used;
	pid_t pgid; /* its process group (with job control; else 0) */
	struct jobproc *procs;
	int nprocs;
	char *text;
	int told; /* the state last reported to the user (interactive shells) */
};

/* ------------------------------------------------------------ the shell --- */

struct shell {
	struct var *vars;
	int status;               /* $?: the status of the last command */
	pid_t pid;                /* $$: the shell's pid (a subshell keeps its parent's) */
	pid_t last_bg;            /* $!: the last background process */
	char **args;              /* $0 $1 ...: the script name and its arguments */
	int nargs;                /* including $0 */
	int interactive;          /* reading commands from a terminal: prompt, job control */
	int jobcontrol;           /* each job in its own process group, tcsetpgrp works */
	int ignore_signals;       /* we set SIGINT... to SIG_IGN: children must undo it */
	pid_t pgid;               /* the shell's own process group */
	struct job jobs[MAXJOBS]; /* job N is jobs[N - 1] */
};

/* vars.c */
void vars_init(struct shell *sh, char **environ);
const char *var_get(struct shell *sh, const char *name);
void var_set(struct shell *sh, const char *name, const char *value, int export);
void var_unset(struct shell *sh, const char *name);
int is_name(const char *s, size_t len);
int is_assignment(const char *word);
char **env_build(struct shell *sh);

/* expand.c */
void expand_words(struct shell *sh, struct strvec *raw, struct strvec *out);
char *expand_string(struct shell *sh, const char *raw);

/* redir.c */
#define MAXSAVED 10
/* The file descriptors a builtin's redirections changed, to put them back. */
struct saved_fds {
	int n;
	int fd[MAXSAVED];
	int copy[MAXSAVED]; /* a copy of the old fd (>= 10, close-on-exec), or -1: was closed */
};
int redirect_all(struct shell *sh, struct redir *r, struct saved_fds *saved);
void restore_fds(struct saved_fds *saved);

/* exec.c */
int run_node(struct shell *sh, struct node *n);
void exec_command(struct shell *sh, struct command *c) __attribute__((noreturn));
int wait_status_code(int status);

/* jobs.c */
void jobcontrol_init(struct shell *sh);
void child_signals_default(struct shell *sh);
struct job *job_new(struct shell *sh, const char *text, int nprocs);
void job_free(struct job *j);
int job_id(struct shell *sh, struct job *j);
struct job *job_find(struct shell *sh, const char *spec);
int job_state(struct job *j);
int job_status(struct job *j);
int job_wait_foreground(struct shell *sh, struct job *j);
int job_wait(struct shell *sh, struct job *j);
void job_continue(struct shell *sh, struct job *j, int foreground);
void jobs_reap(struct shell *sh, int block);
void jobs_notify(struct shell *sh);
void jobs_print(struct shell *sh);

/* builtins.c */
typedef int (*builtin_fn)(struct shell *sh, int argc, char **argv);
builtin_fn builtin_lookup(const char *name);

#endif
