/*
 * initstack: what the kernel puts on a new program's stack.
 *
 * At the entry point, %rsp points at (x86-64 System V ABI, Linux layout):
 *
 *	argc
 *	argv[0] ... argv[argc-1]  NULL
 *	envp[0] ... envp[n-1]     NULL
 *	auxv: (type, value) pairs ... (AT_NULL, 0)
 *	... the strings, the 16 AT_RANDOM bytes, up at the top of the stack
 *
 * and %rsp is 16-byte aligned.  musl's _start hands that pointer to
 * __libc_start_main, so main's argv is exactly rsp + 8.  The auxiliary
 * vector ("auxv") tells the program about itself and the system: where its
 * program headers are (AT_PHDR, AT_PHENT, AT_PHNUM; musl's startup code
 * walks them to set up thread-local storage), its entry point, the page
 * size, its credentials, and 16 random bytes (AT_RANDOM: musl's stack
 * protector canary).
 *
 * The program also runs itself again (execve of argv[0]) with a known argv
 * and environment, to check that they arrive exactly; the copy reports
 * through its exit status, one bit per fact.
 */
#include "check.h"
#include <elf.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/auxv.h>

#define MARKER "--initstack-child"

/* The second run's arguments and environment. */
static char *const child_args[] = {MARKER, "one", "two words", "", "x=y", NULL};
static char *const child_env[] = {"A=1", "B=two words", "EMPTY=", "SHMOS_TEST=initstack", NULL};
#define NCHILD_ARGS 5

extern char **environ;
extern void _start(void); /* musl's entry point, crt1.o */

/* The copy: check argv and envp, exit with a bit per wrong fact. */
static int child(int argc, char **argv, char **envp)
{
	int bits = 0, n = 0;

	/* bit 0: argc, bit 1: argv strings, bit 2: envp strings, bit 3: layout */
	if (argc != 1 + NCHILD_ARGS)
		bits |= 1;
	for (int i = 0; !(bits & 1) && child_args[i]; i++)
		if (strcmp(argv[1 + i], child_args[i]) != 0)
			bits |= 2;
	for (n = 0; envp[n] && child_env[n]; n++)
		if (strcmp(envp[n], child_env[n]) != 0)
			bits |= 4;
	if (envp[n] || child_env[n])
		bits |= 4;
	if (argv[argc] != NULL || envp != argv + argc + 1 || environ != envp)
		bits |= 8;
	/* bit 4: getenv finds the variables, including the empty one */
	if (!getenv("B") || strcmp(getenv("B"), "two words") != 0 || !getenv("EMPTY") ||
	    getenv("EMPTY")[0] != '\0' || getenv("MISSING"))
		bits |= 16;
	return bits;
}

static void reexec(const char *self)
{
	static const char *const facts[] = {"reexec_argc", "reexec_argv", "reexec_envp",
	                                    "reexec_layout", "reexec_getenv"};
	char *argv[8];
	int status;

	argv[0] = (char *)self;
	for (int i = 0; i <= NCHILD_ARGS; i++)
		argv[1 + i] = child_args[i]; /* up to and including the NULL */

	check_current = "reexec";
	pid_t pid = check_fork();
	if (pid < 0)
		return;
	if (pid == 0) {
		execve(self, argv, child_env);
		say("INFO initstack: execve(%s) failed: %s", self, errname(errno));
		_exit(255);
	}
	wait_child(pid, &status);
	report_bits(facts, 5, status, "the re-executed copy");
}

/* Our own ELF header and program headers, read from the file we were run from. */
static int read_own_headers(const char *self, Elf64_Ehdr *eh, Elf64_Phdr *ph, int max)
{
	int fd = open(self, O_RDONLY);
	if (fd < 0)
		return -1;
	int ok = read(fd, eh, sizeof(*eh)) == sizeof(*eh) && eh->e_phnum <= max &&
	         eh->e_phentsize == sizeof(Elf64_Phdr) &&
	         lseek(fd, eh->e_phoff, SEEK_SET) == (off_t)eh->e_phoff &&
	         read(fd, ph, eh->e_phnum * sizeof(*ph)) == (ssize_t)(eh->e_phnum * sizeof(*ph));
	close(fd);
	return ok ? 0 : -1;
}

static void auxv_checks(const char *self, char **envp)
{
	/* The auxv starts right after the environment's NULL. */
	char **p = envp;
	while (*p)
		p++;
	Elf64_auxv_t *auxv = (Elf64_auxv_t *)(p + 1);
	int n = 0, pagesz_seen = 0;
	for (; auxv[n].a_type != AT_NULL && n < 100; n++)
		if (auxv[n].a_type == AT_PAGESZ && auxv[n].a_un.a_val == getauxval(AT_PAGESZ))
			pagesz_seen = 1;
	check(n < 100 && pagesz_seen, "auxv_after_envp",
	      "no AT_NULL-terminated auxv with AT_PAGESZ after envp (%d entries)", n);

	check(getauxval(AT_PAGESZ) == 4096, "at_pagesz", "AT_PAGESZ is %lu", getauxval(AT_PAGESZ));

	/* AT_RANDOM: 16 readable bytes (not all zero: they seed musl's stack canary). */
	const unsigned char *rnd = (const unsigned char *)getauxval(AT_RANDOM);
	int nonzero = 0;
	if (rnd)
		for (int i = 0; i < 16; i++)
			nonzero |= rnd[i];
	check(rnd != NULL && nonzero, "at_random", "AT_RANDOM is %p%s", (void *)rnd,
	      rnd ? ", and its 16 bytes are all zero" : "");

	check(getauxval(AT_UID) == getuid() && getauxval(AT_EUID) == geteuid() &&
	          getauxval(AT_GID) == getgid() && getauxval(AT_EGID) == getegid(),
	      "at_ids", "AT_UID/EUID/GID/EGID %lu %lu %lu %lu, getuid() etc. %d %d %d %d",
	      getauxval(AT_UID), getauxval(AT_EUID), getauxval(AT_GID), getauxval(AT_EGID),
	      getuid(), geteuid(), getgid(), getegid());

	errno = 0;
	unsigned long secure = getauxval(AT_SECURE);
	check(secure == 0 && errno == 0, "at_secure", "AT_SECURE is %lu (%s)", secure,
	      errno ? "missing" : "present");

	/* Compare with the ELF file itself. */
	Elf64_Ehdr eh;
	Elf64_Phdr ph[32];
	if (read_own_headers(self, &eh, ph, 32) != 0) {
		fail("at_phdr", "cannot read the ELF headers of %s: %s", self, errname(errno));
		fail("at_entry", "cannot read the ELF headers of %s", self);
		return;
	}
	const Elf64_Phdr *mem = (const Elf64_Phdr *)getauxval(AT_PHDR);
	check(
	    mem != NULL && getauxval(AT_PHNUM) == eh.e_phnum &&
	        getauxval(AT_PHENT) == sizeof(Elf64_Phdr) &&
	        memcmp(mem, ph, eh.e_phnum * sizeof(Elf64_Phdr)) == 0,
	    "at_phdr", "AT_PHDR %p AT_PHNUM %lu AT_PHENT %lu; the file has %d headers of %zu bytes",
	    (void *)mem, getauxval(AT_PHNUM), getauxval(AT_PHENT), eh.e_phnum, sizeof(Elf64_Phdr));

	check(getauxval(AT_ENTRY) == eh.e_entry && eh.e_entry == (uintptr_t)_start, "at_entry",
	      "AT_ENTRY %#lx, e_entry %#lx, _start %p", getauxval(AT_ENTRY),
	      (unsigned long)eh.e_entry, (void *)_start);
}

int main(int argc, char **argv, char **envp)
{
	if (argc > 1 && strcmp(argv[1], MARKER) == 0)
		return child(argc, argv, envp);

	check_init("initstack");

	check(argc >= 1 && argv[argc] == NULL && envp == argv + argc + 1 && environ == envp,
	      "argv_envp_layout", "argv %p argc %d envp %p environ %p", (void *)argv, argc,
	      (void *)envp, (void *)environ);
	/* rsp was 16-byte aligned at the entry point, and argv = rsp + 8. */
	check((uintptr_t)argv % 16 == 8, "entry_stack_aligned",
	      "argv is %p: the stack pointer at entry was not 16-byte aligned", (void *)argv);

	/*
	 * Our own file: argv[0] as we were started.  The runner gives a path on
	 * Linux; a bare name means /bin/NAME (there is no /proc/self/exe on shmos).
	 */
	char self[512];
	if (strchr(argv[0], '/'))
		snprintf(self, sizeof(self), "%s", argv[0]);
	else
		snprintf(self, sizeof(self), "%s%s", root_path("/bin/"), argv[0]);
	info("running as %s", self);

	auxv_checks(self, envp);
	reexec(self);
	return summary();
}
