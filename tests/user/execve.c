/*
 * execve: running a program, and refusing to run what is not one.
 *
 * A good execve never returns: the process gets a new program but stays the
 * same process (pid, parent, ignored signals, signal mask, alarm).  A bad one
 * must return -1 with an errno and leave the caller exactly as it was.  So
 * the kernel has to check the whole ELF file BEFORE it throws the old
 * program away (the "point of no return").
 *
 * The corrupt files come from tests/user/mkbadelf.c: each is the tiny valid
 * program data/badelf/minimal (exit 42) with one thing broken.
 *
 * Linux and shmos differ here, on purpose: Linux checks less before its
 * point of no return.  For some files Linux's execve succeeds and the new
 * program then dies (SIGSEGV, SIGBUS) or even runs; shmos must refuse them
 * all with ENOEXEC.  The table below says what each system must do.
 */
#include "check.h"
#include "exec_target.h"

/* The outcome of an execve, seen by the parent of the process that called it. */
enum kind {
	ERR,    /* execve returned -1 with this errno */
	SIG,    /* the new program was killed by this signal */
	EXITED, /* the new program ran and exited with this code */
};
struct outcome {
	enum kind kind;
	int value;
};

static const struct {
	const char *file;
	struct outcome on_linux, on_shmos;
} bad_files[] = {
    /* Not an ELF executable for this machine at all. */
    {"empty", {ERR, ENOEXEC}, {ERR, ENOEXEC}},
    {"truncated", {ERR, ENOEXEC}, {ERR, ENOEXEC}},
    {"text", {ERR, ENOEXEC}, {ERR, ENOEXEC}},
    {"elf32", {ERR, ENOEXEC}, {ERR, ENOEXEC}},
    {"wrong_machine", {ERR, ENOEXEC}, {ERR, ENOEXEC}},
    {"et_rel", {ERR, ENOEXEC}, {ERR, ENOEXEC}},
    {"no_phdrs", {ERR, ENOEXEC}, {ERR, ENOEXEC}},
    {"bad_phentsize", {ERR, ENOEXEC}, {ERR, ENOEXEC}},
    {"phoff_past_eof", {ERR, ENOEXEC}, {ERR, ENOEXEC}},
    /*
     * Bad segments and entry points.  Linux only finds out after its point
     * of no return (or never) and kills the new program with SIGSEGV;
     * shmos checks first.
     */
    /* Linux maps file pages past the end; this code lies before it: runs. */
    {"load_past_eof", {EXITED, 42}, {ERR, ENOEXEC}},
    /* Linux maps it, the first instruction fetch past the end: SIGBUS. */
    {"offset_past_eof", {SIG, SIGBUS}, {ERR, ENOEXEC}},
    {"kernel_vaddr", {SIG, SIGSEGV}, {ERR, ENOEXEC}},
    {"noncanonical_vaddr", {SIG, SIGSEGV}, {ERR, ENOEXEC}},
    {"huge_memsz", {SIG, SIGSEGV}, {ERR, ENOEXEC}},
    {"filesz_gt_memsz", {SIG, SIGSEGV}, {ERR, ENOEXEC}},
    {"misaligned_offset", {SIG, SIGSEGV}, {ERR, ENOEXEC}},
    /* No PT_LOAD: Linux maps nothing and jumps to the entry: SIGSEGV. */
    {"no_load", {SIG, SIGSEGV}, {ERR, ENOEXEC}},
    /* Linux does not look where the entry point is: SIGSEGV when it jumps. */
    {"entry_outside", {SIG, SIGSEGV}, {ERR, ENOEXEC}},
    {"entry_kernel", {SIG, SIGSEGV}, {ERR, ENOEXEC}},
};

static const char *describe_outcome(struct outcome o)
{
	static char buf[64];
	if (o.kind == ERR)
		snprintf(buf, sizeof(buf), "execve fails with %s", errname(o.value));
	else if (o.kind == SIG)
		snprintf(buf, sizeof(buf), "the new program is killed by %s", signame(o.value));
	else
		snprintf(buf, sizeof(buf), "the new program exits with %d", o.value);
	return buf;
}

/* Memory the failed execve must leave alone. */
static volatile int sentinel = 12345;

/*
 * Fork; the child calls execve(path, argv, envp).  If that returns, the child
 * checks that its memory is intact and exits with errno (or 200 if its memory
 * was damaged).  Returns the child's wait status, -1 if something failed.
 */
static int try_exec(const char *path, char **argv, char **envp)
{
	int status;
	char *heap = malloc(64);
	strcpy(heap, "still here");
	pid_t pid = check_fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		execve(path, argv, envp);
		int e = errno;
		_exit(sentinel == 12345 && strcmp(heap, "still here") == 0 ? e : 200);
	}
	free(heap);
	if (wait_child(pid, &status) < 0)
		return -1;
	return status;
}

static int matches(int status, struct outcome o)
{
	if (o.kind == SIG)
		return WIFSIGNALED(status) && WTERMSIG(status) == o.value;
	return WIFEXITED(status) && WEXITSTATUS(status) == o.value; /* errno or exit code */
}

static void check_outcome(const char *name, const char *path, char **argv, struct outcome want)
{
	int status = try_exec(path, argv, argv + 1);
	if (status == -1)
		return;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 200)
		fail(name, "execve(%s) returned, but the caller's memory was damaged", path);
	else
		check(matches(status, want), name, "execve(%s): child %s, expected: %s", path,
		      describe_status(status), describe_outcome(want));
}

static void bad_executables(void)
{
	char name[64], path[600];
	char *argv[] = {"bad", NULL};
	int shmos = is_shmos();

	for (size_t i = 0; i < sizeof(bad_files) / sizeof(bad_files[0]); i++) {
		snprintf(name, sizeof(name), "badelf_%s", bad_files[i].file);
		snprintf(path, sizeof(path), "%s", root_path("/data/badelf/"));
		strncat(path, bad_files[i].file, sizeof(path) - strlen(path) - 1);
		check_outcome(name, path, argv,
		              shmos ? bad_files[i].on_shmos : bad_files[i].on_linux);
	}
}

static void bad_paths(void)
{
	char *argv[] = {"bad", NULL};
	check_outcome("missing_file_enoent", root_path("/data/no-such-file"), argv,
	              (struct outcome){ERR, ENOENT});
	check_outcome("directory_eacces", root_path("/data"), argv, (struct outcome){ERR, EACCES});
	check_outcome("not_a_directory_enotdir", root_path("/data/hello.txt/x"), argv,
	              (struct outcome){ERR, ENOTDIR});
	/* hello.txt has mode 0644: not executable, even for root. */
	check_outcome("no_exec_permission_eacces", root_path("/data/hello.txt"), argv,
	              (struct outcome){ERR, EACCES});

	/* A bad argv pointer: the kernel copies argv before it commits. */
	int status = try_exec(root_path("/data/badelf/minimal"), (char **)1, NULL);
	check(WIFEXITED(status) && WEXITSTATUS(status) == EFAULT, "bad_argv_efault",
	      "execve(minimal, (char **)1): child %s, expected -1/EFAULT (%d)",
	      describe_status(status), EFAULT);
}

static void on_usr2(int sig)
{
	(void)sig;
}

/* Run exec_target with the argv/envp it expects and our signal setup. */
static void good_exec(void)
{
	static const char *const facts[] = {EXEC_TARGET_FACTS};
	const char *target = root_path("/bin/exec_target");
	int status;

	check_outcome("minimal_runs", root_path("/data/badelf/minimal"),
	              (char *[]){"minimal", NULL}, (struct outcome){EXITED, 42});

	pid_t pid = check_fork();
	if (pid < 0)
		return;
	if (pid == 0) {
		char spid[16], sppid[16];
		sigset_t hup;
		snprintf(spid, sizeof(spid), "%d", getpid());
		snprintf(sppid, sizeof(sppid), "%d", getppid());
		char *argv[] = {"exec_target", spid, sppid, EXEC_TARGET_ARGS, NULL};
		char *envp[] = {EXEC_TARGET_ENV, NULL};

		signal(SIGUSR1, SIG_IGN);
		signal(SIGUSR2, on_usr2);
		sigemptyset(&hup);
		sigaddset(&hup, SIGHUP);
		sigprocmask(SIG_BLOCK, &hup, NULL);
		alarm(EXEC_TARGET_ALARM);
		execve(target, argv, envp);
		say("INFO execve: execve(%s) failed: %s", target, errname(errno));
		_exit(255);
	}
	wait_child(pid, &status);
	report_bits(facts, EXEC_TARGET_NFACTS, status, "exec_target");
}

/* A long argument list and a 40 KB environment variable. */
static void big_exec(void)
{
	static char *argv[EXEC_TARGET_MANY + 4];
	static char strings[EXEC_TARGET_MANY][8];
	static char big[EXEC_TARGET_BIG + 1];
	char count[16];
	int status;

	snprintf(count, sizeof(count), "%d", EXEC_TARGET_MANY);
	argv[0] = "exec_target";
	argv[1] = "many";
	argv[2] = count;
	for (int i = 0; i < EXEC_TARGET_MANY; i++) {
		snprintf(strings[i], sizeof(strings[i]), "a%d", i);
		argv[3 + i] = strings[i];
	}
	argv[3 + EXEC_TARGET_MANY] = NULL;
	memcpy(big, "BIG=", 4);
	memset(big + 4, 'x', EXEC_TARGET_BIG - 4);
	char *envp[] = {big, NULL};

	pid_t pid = check_fork();
	if (pid < 0)
		return;
	if (pid == 0) {
		execve(root_path("/bin/exec_target"), argv, envp);
		_exit(255);
	}
	wait_child(pid, &status);
	static const char *const names[] = {"exec_many_args", "exec_big_env"};
	report_bits(names, 2, status, "exec_target many");
}

/* Failed execs right here, in this very process: we must carry on unharmed. */
static void caller_survives(void)
{
	char *argv[] = {"bad", NULL};
	int ok = 1;
	const char *files[] = {"/data/badelf/text", "/data/badelf/truncated", "/data/no-such-file"};
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++)
		ok &= execve(root_path(files[i]), argv, argv + 1) == -1;
	check(ok && sentinel == 12345, "caller_survives",
	      "execve did not return -1, or memory changed");
}

int main(void)
{
	check_init("execve");
	good_exec();
	big_exec();
	bad_executables();
	bad_paths();
	caller_survives();
	return summary();
}
