/*
 * shtest: the shell, run on small scripts whose output we know.
 *
 * Each case is a script fed to the shell on its stdin (through a pipe, so
 * no prompt), and what must come out: stdout exactly, the shell's exit
 * status, and whether stderr stays empty or carries an error message (only
 * its presence is checked: every shell words its messages its own way).
 *
 * The expected outputs are those of dash, Debian's /bin/sh: the cases only
 * use what POSIX says and both shells do alike.  tests/shell/regen.sh runs
 * the cases under dash and prints the table again, for review:
 *
 *   shtest              test $SHTEST_SHELL, else $SHMOS_ROOT/bin/sh
 *   shtest --regen      print the cases with the outputs the shell gave
 *
 * The shell runs with a small environment:
 *   PATH=$SHMOS_ROOT/bin   our programs (echo, cat, env... and sh)
 *   SH                     the shell under test, for "$SH -c '...'"
 *   R                      $SHMOS_ROOT ("" on shmos)
 *   T                      a scratch directory, $TMPDIR/shtest.PID
 *   HOME=/
 * Cases that write files in $T are SKIPped when it cannot be made (shmos
 * may have no writable /tmp); cases that use /dev/null when there is none.
 */
#include "check.h"
#include "run.h"
#include <dirent.h>
#include <sys/stat.h>

/* What a case needs from the system. */
#define NEED_DIR     1 /* the scratch directory $T */
#define NEED_DEVNULL 2 /* /dev/null */

/* What stderr must be. */
#define ERR_NONE 0 /* empty */
#define ERR_SOME 1 /* an error message: anything */

struct shcase {
	const char *name;
	int needs;
	const char *script;
	const char *out; /* stdout, exactly */
	int status;      /* the shell's exit status */
	int err;
};

/* The table is kept as regen.sh prints it. */
/* clang-format off */
static const struct shcase cases[] = {
    /* CASES BEGIN (regen.sh prints this table) */
    {"echo_args", 0,
     "echo hello world\necho   spaced    out  \n",
     "hello world\nspaced out\n", 0, ERR_NONE},
    {"echo_n", 0,
     "echo -n abc; echo def\n",
     "abcdef\n", 0, ERR_NONE},
    {"quote_single", 0,
     "echo 'a  b' 'c\"d' '$HOME' 'x;y|z&&w'\n",
     "a  b c\"d $HOME x;y|z&&w\n", 0, ERR_NONE},
    {"quote_double", 0,
     "X=val\necho \"x is $X\" \"a  b\" \"q\\\"q\" \"dollar\\$X\" \"it's\"\n",
     "x is val a  b q\"q dollar$X it's\n", 0, ERR_NONE},
    {"quote_backslash", 0,
     "echo a\\ b \\'c\\' \\\"d\\\" \\$X \\;\n",
     "a b 'c' \"d\" $X ;\n", 0, ERR_NONE},
    {"quote_concat", 0,
     "echo 'a'\"b\"c'd e'\"\"f\n",
     "abcd ef\n", 0, ERR_NONE},
    {"quote_empty_args", 0,
     "$SH -c 'echo $#' x '' b \"\"\n",
     "3\n", 0, ERR_NONE},
    {"comments", 0,
     "echo a # not this\n# nor this\necho b#c\n",
     "a\nb#c\n", 0, ERR_NONE},
    {"continued_line", 0,
     "echo a \\\nb\n",
     "a b\n", 0, ERR_NONE},
    {"quote_newline", 0,
     "echo 'one\ntwo'\n",
     "one\ntwo\n", 0, ERR_NONE},
    {"dollar_literal", 0,
     "echo $ a$ \"$\"\n",
     "$ a$ $\n", 0, ERR_NONE},
    {"tilde", 0,
     "HOME=/tmpx\necho ~ ~/a 'x~' \"~\"\n",
     "/tmpx /tmpx/a x~ ~\n", 0, ERR_NONE},
    {"var_basic", 0,
     "A=1; B=two\necho $A $B ${A}x $Ax.\n",
     "1 two 1x .\n", 0, ERR_NONE},
    {"var_split", 0,
     "X='a   b'\necho $X\necho \"$X\"\n$SH -c 'echo $#' - $X\n$SH -c 'echo $#' - \"$X\"\n",
     "a b\na   b\n2\n1\n", 0, ERR_NONE},
    {"var_empty", 0,
     "E=\necho :$E: :\"$E\": $E x\n$SH -c 'echo $#' - $E\n$SH -c 'echo $#' - \"$E\"\n",
     ":: :: x\n0\n1\n", 0, ERR_NONE},
    {"var_status", 0,
     "true; echo $?\nfalse; echo $?\n$SH -c 'exit 7'; echo $?\necho $?\n",
     "0\n1\n7\n0\n", 0, ERR_NONE},
    {"var_args", 0,
     "$SH -c 'echo $0 $1 $2 $#' zero one two\n",
     "zero one two 2\n", 0, ERR_NONE},
    {"var_unset", 0,
     "U=1; unset U; echo \"[$U]\"\n",
     "[]\n", 0, ERR_NONE},
    {"export_child", 0,
     "export V=42\n$SH -c 'echo [$V]'\nW=1\n$SH -c 'echo [$W]'\nexport W\n$SH -c 'echo [$W]'\n",
     "[42]\n[]\n[1]\n", 0, ERR_NONE},
    {"assign_prefix", 0,
     "Z=9 $SH -c 'echo $Z'; echo \"[$Z]\"\n",
     "9\n[]\n", 0, ERR_NONE},
    {"env_prefix", 0,
     "env Y=3 $SH -c 'echo $Y'\n",
     "3\n", 0, ERR_NONE},
    {"pipeline_2", 0,
     "echo one two | cat\n",
     "one two\n", 0, ERR_NONE},
    {"pipeline_3", 0,
     "echo x y z | cat | cat\n",
     "x y z\n", 0, ERR_NONE},
    {"pipeline_7", 0,
     "echo deep | cat | cat | cat | cat | cat | cat\n",
     "deep\n", 0, ERR_NONE},
    {"pipeline_status", 0,
     "true | false; echo $?\nfalse | true; echo $?\n$SH -c 'exit 3' | $SH -c 'exit 4'; echo $?\n",
     "1\n0\n4\n", 0, ERR_NONE},
    {"pipeline_continued", 0,
     "echo a |\n\ncat\n",
     "a\n", 0, ERR_NONE},
    {"and_or", 0,
     "true && echo a\nfalse && echo b\nfalse || echo c\ntrue || echo d\nfalse || false || echo e\ntrue && false || echo f\nfalse && echo g || echo h\n",
     "a\nc\ne\nf\nh\n", 0, ERR_NONE},
    {"and_or_status", 0,
     "false && true; echo $?\ntrue || false; echo $?\nfalse || $SH -c 'exit 6'; echo $?\n",
     "1\n0\n6\n", 0, ERR_NONE},
    {"and_or_continued", 0,
     "true &&\necho yes\nfalse ||\n\necho no\n",
     "yes\nno\n", 0, ERR_NONE},
    {"semicolons", 0,
     "echo 1; echo 2 ;echo 3;\n",
     "1\n2\n3\n", 0, ERR_NONE},
    {"stderr_to_stdout", 0,
     "$SH -c 'echo err >&2' 2>&1 | cat\n",
     "err\n", 0, ERR_NONE},
    {"stderr_to_null", NEED_DEVNULL,
     "$SH -c 'echo out; echo err >&2' 2>/dev/null\n",
     "out\n", 0, ERR_NONE},
    {"redir_order", NEED_DEVNULL,
     "$SH -c 'echo e >&2' 2>&1 >/dev/null | cat\n",
     "e\n", 0, ERR_NONE},
    {"stdin_devnull", NEED_DEVNULL,
     "cat </dev/null; echo $?\n",
     "0\n", 0, ERR_NONE},
    {"stdout_devnull", NEED_DEVNULL,
     "echo gone >/dev/null\necho kept\n",
     "kept\n", 0, ERR_NONE},
    {"not_found", 0,
     "nosuch_cmd_xyz; echo status=$?\n",
     "status=127\n", 0, ERR_SOME},
    {"not_found_path", 0,
     "/no/such/prog; echo $?\n",
     "127\n", 0, ERR_SOME},
    {"not_found_pipeline", 0,
     "nosuch_cmd_xyz | cat; echo $?\necho x | nosuch_cmd_xyz; echo $?\n",
     "0\n127\n", 0, ERR_SOME},
    {"exit_3", 0,
     "exit 3\n",
     "", 3, ERR_NONE},
    {"exit_stops", 0,
     "echo a\nexit 5\necho b\n",
     "a\n", 5, ERR_NONE},
    {"exit_default", 0,
     "false\nexit\n",
     "", 1, ERR_NONE},
    {"exit_last_status", 0,
     "true\nfalse\n",
     "", 1, ERR_NONE},
    {"exit_in_and", 0,
     "true && exit 4; echo no\n",
     "", 4, ERR_NONE},
    {"syntax_pipe", 0,
     "echo before\n| echo x\necho after\n",
     "before\n", 2, ERR_SOME},
    {"syntax_semis", 0,
     "echo a ; ; echo b\n",
     "", 2, ERR_SOME},
    {"syntax_redir", 0,
     "echo a >\n",
     "", 2, ERR_SOME},
    {"syntax_eof", 0,
     "echo a &&\n",
     "", 2, ERR_SOME},
    {"syntax_quote", 0,
     "echo 'abc\n",
     "", 2, ERR_SOME},
    {"syntax_amp", 0,
     "& echo x\n",
     "", 2, ERR_SOME},
    {"syntax_line_atomic", 0,
     "echo ok; |\n",
     "", 2, ERR_SOME},
    {"cd_pwd", 0,
     "cd /\npwd\nHOME=/\ncd\npwd\n",
     "/\n/\n", 0, ERR_NONE},
    {"cd_relative", 0,
     "cd $R/bin && ls sh\n",
     "sh\n", 0, ERR_NONE},
    {"cd_fail", 0,
     "cd /no/such/dir; echo $?\n",
     "2\n", 0, ERR_SOME},
    {"cd_inherited", 0,
     "cd /\n$SH -c pwd\n",
     "/\n", 0, ERR_NONE},
    {"background_wait", 0,
     "$SH -c 'sleep 0.5; echo late' &\necho early\nwait\necho done\n",
     "early\nlate\ndone\n", 0, ERR_NONE},
    {"background_status", 0,
     "$SH -c 'exit 4' &\nwait $!\necho $?\n",
     "4\n", 0, ERR_NONE},
    {"background_and_or", 0,
     "true && echo bg1 &\nwait\nfalse || echo bg2 &\nwait\n",
     "bg1\nbg2\n", 0, ERR_NONE},
    {"background_pid", 0,
     "sleep 0.1 & P=$!\nwait $P; echo $?\n",
     "0\n", 0, ERR_NONE},
    {"killed_status", 0,
     "$SH -c 'kill -9 $$'; echo $?\n",
     "137\n", 0, ERR_SOME},
    {"redir_out", NEED_DIR,
     "echo hi > $T/a\ncat $T/a\n",
     "hi\n", 0, ERR_NONE},
    {"redir_truncate", NEED_DIR,
     "echo one > $T/b\necho two > $T/b\ncat $T/b\n",
     "two\n", 0, ERR_NONE},
    {"redir_append", NEED_DIR,
     "echo one > $T/c\necho two >> $T/c\ncat < $T/c\n",
     "one\ntwo\n", 0, ERR_NONE},
    {"redir_in_pipeline", NEED_DIR,
     "echo piped > $T/d\ncat < $T/d | cat | cat\n",
     "piped\n", 0, ERR_NONE},
    {"redir_stderr_file", NEED_DIR,
     "$SH -c 'echo oops >&2' 2> $T/e\ncat $T/e\n",
     "oops\n", 0, ERR_NONE},
    {"redir_both_file", NEED_DIR,
     "$SH -c 'echo o; echo e >&2' > $T/f 2>&1\ncat $T/f\n",
     "o\ne\n", 0, ERR_NONE},
    {"redir_order_file", NEED_DIR,
     "$SH -c 'echo e >&2' 2>&1 > $T/g\ncat $T/g\necho end\n",
     "e\nend\n", 0, ERR_NONE},
    {"redir_missing_input", NEED_DIR,
     "cat < $T/missing; echo $?\n",
     "2\n", 0, ERR_SOME},
    {"redir_bad_dir", NEED_DIR,
     "echo x > $T/no/such; echo $?\n",
     "2\n", 0, ERR_SOME},
    {"redir_builtin", NEED_DIR,
     "cd /\npwd > $T/h\necho after\ncat $T/h\n",
     "after\n/\n", 0, ERR_NONE},
    {"redir_alone", NEED_DIR,
     "> $T/i\ncat $T/i; echo $?\n",
     "0\n", 0, ERR_NONE},
    {"redir_quoted_name", NEED_DIR,
     "echo sp > \"$T/with space\"\ncat \"$T/with space\"\n",
     "sp\n", 0, ERR_NONE},
    {"cat_dash", NEED_DIR,
     "echo 1 > $T/x; echo 2 > $T/y\ncat $T/x - $T/y < $T/x\n",
     "1\n1\n2\n", 0, ERR_NONE},
    {"ls_created", NEED_DIR,
     "echo > $T/z1; echo > $T/a1; echo > $T/m1\nls $T\n",
     "a1\nm1\nz1\n", 0, ERR_NONE},
    {"script_file", NEED_DIR,
     "echo 'echo from file $1 $#; exit 6' > $T/s.sh\n$SH $T/s.sh a b; echo $?\n",
     "from file a 2\n6\n", 0, ERR_NONE},
    {"exercise_prodcons", NEED_DEVNULL,
     "prodcons produce 300 >/dev/null &\nprodcons consume 300 >/dev/null && echo consumed\nwait\n",
     "consumed\n", 0, ERR_NONE},
    {"exercise_counter", 0,
     "counter --with 3 2000\n",
     "with    a semaphore: 3 processes x 2000 increments = 6000 expected, counter is 6000: exact\n", 0, ERR_NONE},
    {"exercise_msgdemo", NEED_DEVNULL,
     "msgdemo server >/dev/null &\nmsgdemo client hello\nmsgdemo client bye\nmsgdemo stop\nwait\n",
     "msgdemo: sent 'hello', got 'HELLO'\nmsgdemo: sent 'bye', got 'BYE'\n", 0, ERR_NONE},
    /* CASES END */
};
/* clang-format on */

#define NCASES (int)(sizeof(cases) / sizeof(cases[0]))

struct setup {
	const char *shell;
	char scratch[512]; /* $T */
	int have_scratch;
	int have_devnull;
	char *envp[8];
};

/* Empty the scratch directory: every case starts with nothing in it. */
static void clear_scratch(struct setup *s)
{
	DIR *d = opendir(s->scratch);
	struct dirent *e;
	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		char path[1024];
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", s->scratch, e->d_name);
		unlink(path);
	}
	closedir(d);
}

static void make_setup(struct setup *s)
{
	static char path[600], sh[600], root[600], t[600];
	const char *tmp = getenv("TMPDIR");
	const char *r = getenv("SHMOS_ROOT");

	s->shell = getenv("SHTEST_SHELL") ? getenv("SHTEST_SHELL") : root_path("/bin/sh");
	snprintf(s->scratch, sizeof(s->scratch), "%s/shtest.%d", tmp && *tmp ? tmp : "/tmp",
	         (int)getpid());
	s->have_scratch = mkdir(s->scratch, 0700) == 0;
	int fd = open("/dev/null", O_RDWR);
	s->have_devnull = fd >= 0;
	if (fd >= 0)
		close(fd);

	snprintf(path, sizeof(path), "PATH=%s", root_path("/bin"));
	snprintf(sh, sizeof(sh), "SH=%s", s->shell);
	snprintf(root, sizeof(root), "R=%s", r ? r : "");
	snprintf(t, sizeof(t), "T=%s", s->scratch);
	char *envp[] = {path, sh, root, t, "HOME=/", NULL};
	memcpy(s->envp, envp, sizeof(envp));
}

static void run_case(struct setup *s, const struct shcase *c, struct output *o)
{
	char *argv[] = {"sh", NULL};
	if (c->needs & NEED_DIR)
		clear_scratch(s);
	if (run_program(s->shell, argv, s->envp, c->script, o) < 0)
		o->status = -1;
}

/* Why the case's output is wrong, or NULL if it is right. */
static const char *judge(const struct shcase *c, struct output *o)
{
	static char why[900];
	int status = WIFEXITED(o->status) ? WEXITSTATUS(o->status) : -1;
	if (!WIFEXITED(o->status))
		snprintf(why, sizeof(why), "the shell %s", describe_status(o->status));
	else if (strcmp(o->out, c->out) != 0)
		snprintf(why, sizeof(why), "stdout \"%s\", expected \"%s\"", escaped(o->out),
		         escaped(c->out));
	else if (status != c->status)
		snprintf(why, sizeof(why), "exit status %d, expected %d", status, c->status);
	else if (c->err == ERR_NONE && o->errlen > 0)
		snprintf(why, sizeof(why), "unexpected stderr \"%s\"", escaped(o->err));
	else if (c->err == ERR_SOME && o->errlen == 0)
		snprintf(why, sizeof(why), "no error message on stderr");
	else
		return NULL;
	return why;
}

/* --regen: the table again, with the outputs this shell gave. */
static void print_case(const struct shcase *c, struct output *o)
{
	const char *needs[] = {"0", "NEED_DIR", "NEED_DEVNULL", "NEED_DIR | NEED_DEVNULL"};
	printf("    {\"%s\", %s,\n", c->name, needs[c->needs & 3]);
	printf("     \"%s\",\n", escaped(c->script));
	printf("     \"%s\", %d, %s},\n", escaped(o->out),
	       WIFEXITED(o->status) ? WEXITSTATUS(o->status) : -1,
	       o->errlen ? "ERR_SOME" : "ERR_NONE");
}

int main(int argc, char **argv)
{
	static struct output o;
	struct setup s;
	int regen = argc > 1 && strcmp(argv[1], "--regen") == 0;

	check_init("shtest");
	make_setup(&s);
	if (!regen)
		info("shell %s, scratch directory %s%s", s.shell, s.scratch,
		     s.have_scratch ? "" : " (cannot be made)");
	for (int i = 0; i < NCASES; i++) {
		const struct shcase *c = &cases[i];
		watchdog(); /* each case gets the whole watchdog time */
		if ((c->needs & NEED_DIR) && !s.have_scratch) {
			skip(c->name, "no writable scratch directory %s", s.scratch);
			continue;
		}
		if ((c->needs & NEED_DEVNULL) && !s.have_devnull) {
			skip(c->name, "no /dev/null");
			continue;
		}
		run_case(&s, c, &o);
		if (regen) {
			print_case(c, &o);
			continue;
		}
		const char *why = judge(c, &o);
		if (why)
			fail(c->name, "%s (script \"%s\")", why, escaped(c->script));
		else
			pass(c->name);
	}
	if (s.have_scratch) {
		clear_scratch(&s);
		rmdir(s.scratch);
	}
	return regen ? 0 : summary();
}
