/*
 * ipcrm: remove System V IPC objects, with util-linux's options and messages.
 *
 *   ipcrm -m ID | -M KEY      a shared memory segment, by id or by key
 *   ipcrm -q ID | -Q KEY      a message queue
 *   ipcrm -s ID | -S KEY      a semaphore array
 *   ipcrm -a[=shm|msg|sem]    every object (of one kind) we may remove
 *   ipcrm -v ...              say what is being removed (for the options after it)
 *   ipcrm shm|msg|sem ID...   the old form: prints "resource(s) deleted"
 *
 * Removing is shmctl(id, IPC_RMID) (msgctl, semctl).  A key is turned into
 * an id with shmget(key, 0, 0).  -a walks the slots with SHM_INFO and
 * SHM_STAT, as util-linux does.  A segment that is still attached only gets
 * marked for removal: it goes when the last process detaches.
 *
 * Errors, one line each on stderr: "permission denied for id (N)",
 * "invalid id (N)", "invalid key (0x7777)", "illegal key (0)"...; the exit
 * status is 1 if anything failed.  Unlike util-linux, -a with no kind
 * skips the kinds the kernel does not have yet (ENOSYS).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>

enum kind { SHM, MSG, SEM, ALL };

static int verbose;

static void try_help(void)
{
	fprintf(stderr, "Try 'ipcrm --help' for more information.\n");
	exit(1);
}

/* IPC_RMID on one id; 0, or 1 after printing why not. */
static int remove_id(enum kind k, int iskey, int id)
{
	static const char *const what[3] = {"shared memory segment", "message queue", "semaphore"};
	int r;
	if (verbose)
		printf("removing %s id `%d'\n", what[k], id);
	if (k == SHM)
		r = shmctl(id, IPC_RMID, NULL);
	else if (k == MSG)
		r = msgctl(id, IPC_RMID, NULL);
	else
		r = semctl(id, 0, IPC_RMID, 0);
	if (r == 0)
		return 0;
	const char *why;
	if (errno == EACCES || errno == EPERM)
		why = iskey ? "permission denied for key" : "permission denied for id";
	else if (errno == EINVAL)
		why = iskey ? "invalid key" : "invalid id";
	else if (errno == EIDRM)
		why = iskey ? "already removed key" : "already removed id";
	else {
		fprintf(stderr, "ipcrm: %s: %s\n", iskey ? "key failed" : "id failed",
		        strerror(errno));
		exit(1);
	}
	fprintf(stderr, "ipcrm: %s (%d)\n", why, id);
	return 1;
}

/* A number from the command line (a key: hex with 0x, or decimal) within [min, max]. */
static long parse(const char *s, int base, long min, long max)
{
	char *end;
	errno = 0;
	long v = strtol(s, &end, base);
	if (end == s || *end) {
		fprintf(stderr, "ipcrm: failed to parse argument: '%s'\n", s);
		exit(1);
	}
	if (errno == ERANGE || v < min || v > max) {
		fprintf(stderr,
		        "ipcrm: failed to parse argument: '%s': Numerical result out of range\n",
		        s);
		exit(1);
	}
	return v;
}

/* The id of the object with this key, or -1 after printing why not. */
static int key_to_id(enum kind k, const char *s)
{
	key_t key = (key_t)parse(s, 0, LONG_MIN, LONG_MAX); /* truncated, as util-linux does */
	if (key == IPC_PRIVATE) {
		fprintf(stderr, "ipcrm: illegal key (%s)\n", s);
		return -1;
	}
	int id = k == SHM ? shmget(key, 0, 0) : k == MSG ? msgget(key, 0) : semget(key, 0, 0);
	if (id >= 0)
		return id;
	const char *why;
	if (errno == EACCES)
		why = "permission denied for key";
	else if (errno == EIDRM)
		why = "already removed key";
	else if (errno == ENOENT)
		why = "invalid key";
	else {
		fprintf(stderr, "ipcrm: key failed: %s\n", strerror(errno));
		exit(1);
	}
	fprintf(stderr, "ipcrm: %s (%s)\n", why, s);
	return -1;
}

/* Every object of kind k that SHM_STAT (MSG_STAT, SEM_STAT) shows us; 1 if any failed. */
static int remove_kind(enum kind k, int quiet_if_missing)
{
	static const char *const what[3] = {"shared memory", "message queues", "semaphores"};
	union {
		struct shmid_ds shm;
		struct msqid_ds msg;
		struct semid_ds sem;
		struct shm_info shm_info;
		struct msginfo msginfo;
		struct seminfo seminfo;
	} buf;
	int max = k == SHM   ? shmctl(0, SHM_INFO, &buf.shm)
	          : k == MSG ? msgctl(0, MSG_INFO, &buf.msg)
	                     : semctl(0, 0, SEM_INFO, &buf.seminfo);
	if (max < 0) {
		if (quiet_if_missing && errno == ENOSYS)
			return 0;
		fprintf(stderr, "ipcrm: kernel not configured for %s\n", what[k]);
		exit(1);
	}
	int failed = 0;
	for (int slot = 0; slot <= max; slot++) {
		int id = k == SHM   ? shmctl(slot, SHM_STAT, &buf.shm)
		         : k == MSG ? msgctl(slot, MSG_STAT, &buf.msg)
		                    : semctl(slot, 0, SEM_STAT, &buf.sem);
		if (id >= 0)
			failed |= remove_id(k, 0, id);
	}
	return failed;
}

/* The old form: ipcrm shm|msg|sem ID... */
static int old_form(int argc, char **argv)
{
	enum kind k = !strcmp(argv[1], "shm") ? SHM : !strcmp(argv[1], "msg") ? MSG : SEM;
	int failed = 0;
	if (argc < 3) {
		fprintf(stderr, "ipcrm: not enough arguments\n");
		try_help();
	}
	for (int i = 2; i < argc; i++) {
		char *end;
		errno = 0;
		long id = strtoul(argv[i], &end, 10);
		if (errno || end == argv[i] || *end) {
			fprintf(stderr, "ipcrm: invalid id: %s\n", argv[i]);
			failed++;
		} else {
			failed += remove_id(k, 0, (int)id);
		}
	}
	if (failed)
		return 1;
	printf("resource(s) deleted\n");
	return 0;
}

static void help(void)
{
	printf("\nUsage:\n ipcrm [options]\n ipcrm shm|msg|sem <id>...\n\n"
	       "Remove certain IPC resources.\n\nOptions:\n"
	       " -m, --shmem-id <id>        remove shared memory segment by id\n"
	       " -M, --shmem-key <key>      remove shared memory segment by key\n"
	       " -q, --queue-id <id>        remove message queue by id\n"
	       " -Q, --queue-key <key>      remove message queue by key\n"
	       " -s, --semaphore-id <id>    remove semaphore by id\n"
	       " -S, --semaphore-key <key>  remove semaphore by key\n"
	       " -a, --all[=shm|msg|sem]    remove all (in the specified category)\n"
	       " -v, --verbose              explain what is being done\n\n"
	       " -h, --help                 display this help\n");
	exit(0);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"shmem-id", required_argument, NULL, 'm'},
	    {"shmem-key", required_argument, NULL, 'M'},
	    {"queue-id", required_argument, NULL, 'q'},
	    {"queue-key", required_argument, NULL, 'Q'},
	    {"semaphore-id", required_argument, NULL, 's'},
	    {"semaphore-key", required_argument, NULL, 'S'},
	    {"all", optional_argument, NULL, 'a'},
	    {"verbose", no_argument, NULL, 'v'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	int failed = 0, all = 0, c;
	enum kind which = ALL;
	if (argc == 1)
		return 0; /* nothing to do (util-linux 2.38 says nothing either) */
	if (!strcmp(argv[1], "shm") || !strcmp(argv[1], "msg") || !strcmp(argv[1], "sem"))
		return old_form(argc, argv);
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":q:m:s:Q:M:S:a::vh", longopts, NULL)) != -1) {
		enum kind k = c == 'm' || c == 'M' ? SHM : c == 'q' || c == 'Q' ? MSG : SEM;
		int id;
		switch (c) {
		case 'M':
		case 'Q':
		case 'S':
			id = key_to_id(k, optarg);
			failed += id < 0 || remove_id(k, 1, id);
			break;
		case 'm':
		case 'q':
		case 's':
			id = (int)parse(optarg, 10, -2147483648L, 2147483647L);
			failed += remove_id(k, 0, id);
			break;
		case 'a':
			all = 1;
			if (!optarg)
				which = ALL;
			else if (!strcmp(optarg, "shm"))
				which = SHM;
			else if (!strcmp(optarg, "msg"))
				which = MSG;
			else if (!strcmp(optarg, "sem"))
				which = SEM;
			else {
				fprintf(stderr, "ipcrm: unknown argument: %s\n", optarg);
				return 1;
			}
			break;
		case 'v':
			verbose = 1;
			break;
		case 'h':
			help();
			break;
		case ':':
			fprintf(stderr, "ipcrm: option requires an argument -- '%c'\n", optopt);
			try_help();
			break;
		default:
			if (optopt)
				fprintf(stderr, "ipcrm: invalid option -- '%c'\n", optopt);
			else
				fprintf(stderr, "ipcrm: unrecognized option '%s'\n",
				        argv[optind - 1]);
			try_help();
		}
	}
	if (all) {
		static const enum kind order[3] = {SHM, SEM, MSG}; /* util-linux's order */
		for (int i = 0; i < 3; i++)
			if (which == ALL || which == order[i])
				failed += remove_kind(order[i], which == ALL);
	}
	if (optind < argc) {
		fprintf(stderr, "ipcrm: unknown argument: %s\n", argv[optind]);
		try_help();
	}
	return failed ? 1 : 0;
}
