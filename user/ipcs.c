/*
 * ipcs: show System V IPC objects, in the layout of util-linux's ipcs.
 *
 *   ipcs [-m|-q|-s|-a] [-t|-p|-c|-l|-u] [-b]   list (default: all three kinds)
 *   ipcs -m|-q|-s -i ID                         one object in detail
 *
 *   -m shared memory, -q message queues, -s semaphore arrays, -a all;
 *   -t times, -p pids, -c creators and owners, -l limits, -u usage;
 *   -b limits in bytes rather than kilobytes.
 *
 * Where the facts come from, as in util-linux:
 *   objects  /proc/sysvipc/shm, msg and sem (one line per object); without
 *            them, shmctl(SHM_INFO) gives the highest slot in use and
 *            shmctl(SHM_STAT) each slot (msgctl/semctl likewise)
 *   limits   /proc/sys/kernel/shmmni, shmmax, shmall (msgmni..., sem), or
 *            shmctl(IPC_INFO)
 *   usage    shmctl(SHM_INFO) (msgctl(MSG_INFO), semctl(SEM_INFO))
 * A kind the kernel does not have shows its headers and no entries.
 * Owner names come from /etc/passwd and /etc/group; without them, numbers.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ipc.h>
#include <sys/msg.h>
#include <sys/sem.h>
#include <sys/shm.h>
#include <time.h>
#include <unistd.h>

#include "accounts.h"

enum kind { MSG, SHM, SEM };
enum format { PLAIN, LIMITS, STATUS, CREATOR, TIME, PID };

/* One object of any kind; the fields mean slightly different things per kind. */
struct obj {
	int key, id;
	unsigned mode;
	unsigned long size;  /* shm: bytes; msg: bytes queued; sem: number of semaphores */
	unsigned long count; /* shm: attaches; msg: messages queued */
	int cpid, lpid;      /* shm: creator, last user; msg: last sender, last receiver */
	unsigned uid, gid, cuid, cgid;
	long atime, dtime, ctime; /* shm: attach, detach, change; msg: send, receive, change;
	                             sem: last operation, -, change */
};

/* The kernel's semctl argument, which every program must declare itself. */
union semun {
	int val;
	struct semid_ds *buf;
	unsigned short *array;
	struct seminfo *__buf;
};

static const char *const proc_file[3] = {"/proc/sysvipc/msg", "/proc/sysvipc/shm",
                                         "/proc/sysvipc/sem"};

/* -------------------------------------------------- reading the objects --- */

/* Parse one line of /proc/sysvipc/<kind>; 1 if it is an object line. */
static int parse_line(enum kind k, const char *line, struct obj *o)
{
	memset(o, 0, sizeof(*o));
	switch (k) {
	case SHM: /* key shmid perms size cpid lpid nattch uid gid cuid cgid atime dtime ctime ...
	           */
		return sscanf(line, "%d %d %o %lu %d %d %lu %u %u %u %u %ld %ld %ld", &o->key,
		              &o->id, &o->mode, &o->size, &o->cpid, &o->lpid, &o->count, &o->uid,
		              &o->gid, &o->cuid, &o->cgid, &o->atime, &o->dtime, &o->ctime) == 14;
	case MSG: /* key msqid perms cbytes qnum lspid lrpid uid gid cuid cgid stime rtime ctime */
		return sscanf(line, "%d %d %o %lu %lu %d %d %u %u %u %u %ld %ld %ld", &o->key,
		              &o->id, &o->mode, &o->size, &o->count, &o->cpid, &o->lpid, &o->uid,
		              &o->gid, &o->cuid, &o->cgid, &o->atime, &o->dtime, &o->ctime) == 14;
	case SEM: /* key semid perms nsems uid gid cuid cgid otime ctime */
		return sscanf(line, "%d %d %o %lu %u %u %u %u %ld %ld", &o->key, &o->id, &o->mode,
		              &o->size, &o->uid, &o->gid, &o->cuid, &o->cgid, &o->atime,
		              &o->ctime) == 10;
	}
	return 0;
}

static void from_perm(struct obj *o, int id, const struct ipc_perm *p)
{
	o->key = p->__key;
	o->id = id;
	o->mode = p->mode;
	o->uid = p->uid;
	o->gid = p->gid;
	o->cuid = p->cuid;
	o->cgid = p->cgid;
}

/* Slot `slot` through the *_STAT command; 1 if it holds an object. */
static int stat_slot(enum kind k, int slot, struct obj *o)
{
	memset(o, 0, sizeof(*o));
	if (k == SHM) {
		struct shmid_ds ds;
		int id = shmctl(slot, SHM_STAT, &ds);
		if (id < 0)
			return 0;
		from_perm(o, id, &ds.shm_perm);
		o->size = ds.shm_segsz, o->count = ds.shm_nattch;
		o->cpid = ds.shm_cpid, o->lpid = ds.shm_lpid;
		o->atime = ds.shm_atime, o->dtime = ds.shm_dtime, o->ctime = ds.shm_ctime;
	} else if (k == MSG) {
		struct msqid_ds ds;
		int id = msgctl(slot, MSG_STAT, &ds);
		if (id < 0)
			return 0;
		from_perm(o, id, &ds.msg_perm);
		o->size = ds.msg_cbytes, o->count = ds.msg_qnum;
		o->cpid = ds.msg_lspid, o->lpid = ds.msg_lrpid;
		o->atime = ds.msg_stime, o->dtime = ds.msg_rtime, o->ctime = ds.msg_ctime;
	} else {
		struct semid_ds ds;
		union semun arg = {.buf = &ds};
		int id = semctl(slot, 0, SEM_STAT, arg);
		if (id < 0)
			return 0;
		from_perm(o, id, &ds.sem_perm);
		o->size = ds.sem_nsems;
		o->atime = ds.sem_otime, o->ctime = ds.sem_ctime;
	}
	return 1;
}

/* The highest slot in use (SHM_INFO and friends), or -1 if the kernel lacks the kind. */
static int highest_slot(enum kind k)
{
	struct shm_info si;
	struct msginfo mi;
	struct seminfo s;
	union semun arg = {.__buf = &s};
	if (k == SHM)
		return shmctl(0, SHM_INFO, (struct shmid_ds *)(void *)&si);
	if (k == MSG)
		return msgctl(0, MSG_INFO, (struct msqid_ds *)(void *)&mi);
	return semctl(0, 0, SEM_INFO, arg);
}

/* Every object of a kind, in the kernel's order, into *list (malloc'd).  The count. */
static int read_objects(enum kind k, struct obj **list)
{
	int n = 0, cap = 16;
	struct obj o;
	*list = malloc(cap * sizeof(**list));
	FILE *f = fopen(proc_file[k], "r");
	if (f) {
		char line[512];
		if (!fgets(line, sizeof(line), f)) /* the header */
			line[0] = '\0';
		while (fgets(line, sizeof(line), f)) {
			if (!parse_line(k, line, &o))
				continue;
			if (n == cap)
				*list = realloc(*list, (cap *= 2) * sizeof(**list));
			(*list)[n++] = o;
		}
		fclose(f);
		return n;
	}
	int max = highest_slot(k);
	for (int slot = 0; slot <= max; slot++) {
		if (!stat_slot(k, slot, &o))
			continue;
		if (n == cap)
			*list = realloc(*list, (cap *= 2) * sizeof(**list));
		(*list)[n++] = o;
	}
	return n;
}

/* ----------------------------------------------------------- printing --- */

/* ctime() without its newline, from "Mon" on (skip 4 for "Nov 22 21:39:44"), or "Not set". */
static const char *when(long t, int skip)
{
	time_t tt = t;
	return t ? ctime(&tt) + skip : "Not set";
}

static const char *const id_word[3] = {"msqid", "shmid", "semid"};

static void print_header(enum kind k, enum format f)
{
	static const char *const title[3][6] = {
	    {"Message Queues", "Messages Limits", "Messages Status",
	     "Message Queues Creators/Owners", "Message Queues Send/Recv/Change Times",
	     "Message Queues PIDs"},
	    {"Shared Memory Segments", "Shared Memory Limits", "Shared Memory Status",
	     "Shared Memory Segment Creators/Owners", "Shared Memory Attach/Detach/Change Times",
	     "Shared Memory Creator/Last-op PIDs"},
	    {"Semaphore Arrays", "Semaphore Limits", "Semaphore Status",
	     "Semaphore Arrays Creators/Owners", "Semaphore Operation/Change Times", ""},
	};
	printf("------ %s --------\n", title[k][f]);
	if (f == LIMITS || f == STATUS)
		return;
	if (f == CREATOR)
		printf("%-10s %-10s %-10s %-10s %-10s %-10s\n", id_word[k], "perms", "cuid", "cgid",
		       "uid", "gid");
	else if (f == PID)
		printf("%-10s %-10s %-10s %-10s\n", id_word[k], "owner",
		       k == SHM ? "cpid" : "lspid", k == SHM ? "lpid" : "lrpid");
	else if (f == TIME && k == SHM)
		printf("%-10s %-10s %-20s %-20s %-20s\n", "shmid", "owner", "attached", "detached",
		       "changed");
	else if (f == TIME && k == MSG)
		printf("%-8s %-10s %-20s %-20s %-20s\n", "msqid", "owner", "send", "recv",
		       "change");
	else if (f == TIME)
		printf("%-8s %-10s %-26.24s %-26.24s\n", "semid", "owner", "last-op",
		       "last-changed");
	else if (k == SHM)
		printf("%-10s %-10s %-10s %-10s %-10s %-10s %-12s\n", "key", "shmid", "owner",
		       "perms", "bytes", "nattch", "status");
	else if (k == MSG)
		printf("%-10s %-10s %-10s %-10s %-12s %-12s\n", "key", "msqid", "owner", "perms",
		       "used-bytes", "messages");
	else
		printf("%-10s %-10s %-10s %-10s %-10s\n", "key", "semid", "owner", "perms",
		       "nsems");
}

static void print_row(enum kind k, enum format f, const struct obj *o)
{
	char b1[64], b2[64], b3[64], b4[64];
	const char *owner = user_name(o->uid, b1, sizeof(b1));
	int w = k == SHM ? 10 : 8; /* the id column of -t and -p */
	switch (f) {
	case CREATOR:
		printf("%-10d %-10o %-10s %-10s %-10s %-10s\n", o->id, o->mode & 0777,
		       user_name(o->cuid, b2, sizeof(b2)), group_name(o->cgid, b3, sizeof(b3)),
		       owner, group_name(o->gid, b4, sizeof(b4)));
		return;
	case TIME:
		printf("%-*d %-10.10s", w, o->id, owner);
		if (k == SEM) {
			printf("  %-26.24s", when(o->atime, 0));
			printf(" %-26.24s\n", when(o->ctime, 0));
			return;
		}
		printf(" %-20.16s", when(o->atime, 4)); /* ctime() uses one buffer: one at a time */
		printf(" %-20.16s", when(o->dtime, 4));
		printf(" %-20.16s\n", when(o->ctime, 4));
		return;
	case PID:
		if (k == SHM)
			printf("%-10d %-10.10s %-10d %-10d\n", o->id, owner, o->cpid, o->lpid);
		else if (k == MSG)
			printf("%-8d %-10.10s  %5d     %5d\n", o->id, owner, o->cpid, o->lpid);
		return;
	default:
		printf("0x%08x %-10d %-10.10s %-10o ", (unsigned)o->key, o->id, owner,
		       o->mode & 0777);
		if (k == SHM)
			printf("%-10lu %-10lu %-6s %-6s\n", o->size, o->count,
			       o->mode & SHM_DEST ? "dest" : " ",
			       o->mode & SHM_LOCKED ? "locked" : " ");
		else if (k == MSG)
			printf("%-12lu %-12lu\n", o->size, o->count);
		else
			printf("%-10lu\n", o->size);
	}
}

/* ------------------------------------------------------- limits, usage --- */

static int read_ulong(const char *path, unsigned long *v)
{
	FILE *f = fopen(path, "r");
	int ok = f && fscanf(f, "%lu", v) == 1;
	if (f)
		fclose(f);
	return ok;
}

static void limits(enum kind k, int bytes)
{
	if (k == SHM) {
		unsigned long mni, max, all, min = 1;
		struct shminfo si;
		print_header(k, LIMITS);
		if (!read_ulong("/proc/sys/kernel/shmmni", &mni) ||
		    !read_ulong("/proc/sys/kernel/shmmax", &max) ||
		    !read_ulong("/proc/sys/kernel/shmall", &all)) {
			if (shmctl(0, IPC_INFO, (struct shmid_ds *)(void *)&si) < 0)
				return;
			mni = si.shmmni, max = si.shmmax, all = si.shmall, min = si.shmmin;
		}
		/* shmall counts pages; the product may not fit: then the largest multiple. */
		unsigned long page = getpagesize(), unit = bytes ? page : page / 1024;
		unsigned long total = all * unit;
		if (all != 0 && total / all != unit)
			total = UINT64_MAX - UINT64_MAX % unit;
		printf("max number of segments = %lu\n", mni);
		printf("max seg size (%s) = %lu\n", bytes ? "bytes" : "kbytes",
		       bytes ? max : max / 1024);
		printf("max total shared memory (%s) = %lu\n", bytes ? "bytes" : "kbytes", total);
		printf("min seg size (bytes) = %lu\n", min);
	} else if (k == MSG) {
		unsigned long mni, max, mnb;
		struct msginfo mi;
		if (!read_ulong("/proc/sys/kernel/msgmni", &mni) ||
		    !read_ulong("/proc/sys/kernel/msgmax", &max) ||
		    !read_ulong("/proc/sys/kernel/msgmnb", &mnb)) {
			if (msgctl(0, IPC_INFO, (struct msqid_ds *)(void *)&mi) < 0)
				return; /* util-linux prints no header either */
			mni = mi.msgmni, max = mi.msgmax, mnb = mi.msgmnb;
		}
		print_header(k, LIMITS);
		printf("max queues system wide = %lu\n", mni);
		printf("max size of message (bytes) = %lu\n", max);
		printf("default max size of queue (bytes) = %lu\n", mnb);
	} else {
		unsigned long msl, mns, opm, mni;
		struct seminfo si;
		union semun arg = {.__buf = &si};
		print_header(k, LIMITS);
		FILE *f = fopen("/proc/sys/kernel/sem", "r");
		int ok = f && fscanf(f, "%lu %lu %lu %lu", &msl, &mns, &opm, &mni) == 4;
		if (f)
			fclose(f);
		if (!ok) {
			if (semctl(0, 0, IPC_INFO, arg) < 0)
				return;
			msl = si.semmsl, mns = si.semmns, opm = si.semopm, mni = si.semmni;
		}
		printf("max number of arrays = %lu\n", mni);
		printf("max semaphores per array = %lu\n", msl);
		printf("max semaphores system wide = %lu\n", mns);
		printf("max ops per semop call = %lu\n", opm);
		printf("semaphore max value = %d\n", 32767);
	}
}

static void status(enum kind k)
{
	static const char *const what[3] = {"message queues", "shared memory", "semaphores"};
	struct shm_info si;
	struct msginfo mi;
	struct seminfo s;
	union semun arg = {.__buf = &s};
	int r = k == SHM   ? shmctl(0, SHM_INFO, (struct shmid_ds *)(void *)&si)
	        : k == MSG ? msgctl(0, MSG_INFO, (struct msqid_ds *)(void *)&mi)
	                   : semctl(0, 0, SEM_INFO, arg);
	if (r < 0) {
		printf("kernel not configured for %s\n", what[k]);
		return;
	}
	print_header(k, STATUS);
	if (k == SHM)
		printf("segments allocated %d\npages allocated %lu\npages resident  %lu\n"
		       "pages swapped   %lu\nSwap performance: %lu attempts\t %lu successes\n",
		       si.used_ids, si.shm_tot, si.shm_rss, si.shm_swp, si.swap_attempts,
		       si.swap_successes);
	else if (k == MSG)
		printf("allocated queues = %d\nused headers = %d\nused space = %d bytes\n",
		       mi.msgpool, mi.msgmap, mi.msgtql);
	else
		printf("used arrays = %d\nallocated semaphores = %d\n", s.semusz, s.semaem);
}

/* One section of the listing. */
static void section(enum kind k, enum format f, int bytes)
{
	if (f == LIMITS) {
		limits(k, bytes);
		return;
	}
	if (f == STATUS) {
		status(k);
		return;
	}
	if (f == PID && k == SEM) /* util-linux has no pid listing for semaphores */
		return;
	struct obj *list;
	int n = read_objects(k, &list);
	print_header(k, f);
	for (int i = 0; i < n; i++)
		print_row(k, f, &list[i]);
	free(list);
}

/* ------------------------------------------------------------- -i ID --- */

/* The object with this id, from the list; 1 if found. */
static int find(enum kind k, int id, struct obj *o)
{
	struct obj *list;
	int n = read_objects(k, &list), found = 0;
	for (int i = 0; i < n && !found; i++)
		if (list[i].id == id) {
			*o = list[i];
			found = 1;
		}
	free(list);
	return found;
}

static int detail(enum kind k, int id)
{
	struct obj o;
	if (!find(k, id, &o)) {
		fprintf(stderr, "ipcs: id %d not found\n", id);
		return 0; /* as util-linux: not an error */
	}
	if (k == SHM) {
		printf("\nShared memory Segment shmid=%d\n", id);
		printf("uid=%u\tgid=%u\tcuid=%u\tcgid=%u\n", o.uid, o.gid, o.cuid, o.cgid);
		printf("mode=%#o\taccess_perms=%#o\n", o.mode, o.mode & 0777);
		printf("bytes=%lu\tlpid=%d\tcpid=%d\tnattch=%lu\n", o.size, o.lpid, o.cpid,
		       o.count);
		printf("att_time=%-26.24s\n", when(o.atime, 0));
		printf("det_time=%-26.24s\n", when(o.dtime, 0));
		printf("change_time=%-26.24s\n", when(o.ctime, 0));
	} else if (k == MSG) {
		struct msqid_ds ds;
		unsigned long qbytes = msgctl(id, IPC_STAT, &ds) == 0 ? ds.msg_qbytes : 0;
		printf("\nMessage Queue msqid=%d\n", id);
		printf("uid=%u\tgid=%u\tcuid=%u\tcgid=%u\tmode=%#o\n", o.uid, o.gid, o.cuid, o.cgid,
		       o.mode);
		printf("cbytes=%lu\tqbytes=%lu\tqnum=%lu\tlspid=%d\tlrpid=%d\n", o.size, qbytes,
		       o.count, o.cpid, o.lpid);
		printf("send_time=%-26.24s\n", when(o.atime, 0));
		printf("rcv_time=%-26.24s\n", when(o.dtime, 0));
		printf("change_time=%-26.24s\n", when(o.ctime, 0));
	} else {
		union semun none = {.val = 0};
		printf("\nSemaphore Array semid=%d\n", id);
		printf("uid=%u\t gid=%u\t cuid=%u\t cgid=%u\n", o.uid, o.gid, o.cuid, o.cgid);
		printf("mode=%#o, access_perms=%#o\n", o.mode, o.mode & 0777);
		printf("nsems = %lu\n", o.size);
		printf("otime = %-26.24s\n", when(o.atime, 0));
		printf("ctime = %-26.24s\n", when(o.ctime, 0));
		printf("%-10s %-10s %-10s %-10s %-10s\n", "semnum", "value", "ncount", "zcount",
		       "pid");
		for (unsigned long i = 0; i < o.size; i++)
			printf("%-10lu %-10d %-10d %-10d %-10d\n", i, semctl(id, i, GETVAL, none),
			       semctl(id, i, GETNCNT, none), semctl(id, i, GETZCNT, none),
			       semctl(id, i, GETPID, none));
	}
	printf("\n");
	return 0;
}

/* ---------------------------------------------------------------- main --- */

static int usage_error(const char *fmt, const char *arg)
{
	fprintf(stderr, "ipcs: ");
	fprintf(stderr, fmt, arg);
	fprintf(stderr, "\nTry 'ipcs --help' for more information.\n");
	return 1;
}

static void help(void)
{
	printf("\nUsage:\n ipcs [resource-option...] [output-option]\n ipcs -m|-q|-s -i <id>\n\n"
	       "Show information on IPC facilities.\n\nOptions:\n"
	       " -i, --id <id>  print details on resource identified by <id>\n"
	       " -h, --help     display this help\n\nResource options:\n"
	       " -m, --shmems      shared memory segments\n"
	       " -q, --queues      message queues\n"
	       " -s, --semaphores  semaphores\n"
	       " -a, --all         all (default)\n\nOutput options:\n"
	       " -t, --time        show attach, detach and change times\n"
	       " -p, --pid         show PIDs of creator and last operator\n"
	       " -c, --creator     show creator and owner\n"
	       " -l, --limits      show resource limits\n"
	       " -u, --summary     show status summary\n"
	       " -b, --bytes       show sizes in bytes\n");
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
	    {"id", required_argument, NULL, 'i'},
	    {"shmems", no_argument, NULL, 'm'},
	    {"queues", no_argument, NULL, 'q'},
	    {"semaphores", no_argument, NULL, 's'},
	    {"all", no_argument, NULL, 'a'},
	    {"time", no_argument, NULL, 't'},
	    {"pid", no_argument, NULL, 'p'},
	    {"creator", no_argument, NULL, 'c'},
	    {"limits", no_argument, NULL, 'l'},
	    {"summary", no_argument, NULL, 'u'},
	    {"bytes", no_argument, NULL, 'b'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	int want[3] = {0, 0, 0}, by_id = 0, id = 0, bytes = 0, c;
	enum format f = PLAIN;
	opterr = 0; /* our own messages, worded as util-linux's */
	while ((c = getopt_long(argc, argv, ":i:mqsatpclubh", longopts, NULL)) != -1) {
		char *end;
		switch (c) {
		case 'i':
			errno = 0;
			id = strtol(optarg, &end, 10);
			if (errno || end == optarg || *end) {
				fprintf(stderr, "ipcs: failed to parse id argument: '%s'\n",
				        optarg);
				return 1;
			}
			by_id = 1;
			break;
		case 'm':
			want[SHM] = 1;
			break;
		case 'q':
			want[MSG] = 1;
			break;
		case 's':
			want[SEM] = 1;
			break;
		case 'a':
			want[MSG] = want[SHM] = want[SEM] = 1;
			break;
		case 't':
			f = TIME;
			break;
		case 'p':
			f = PID;
			break;
		case 'c':
			f = CREATOR;
			break;
		case 'l':
			f = LIMITS;
			break;
		case 'u':
			f = STATUS;
			break;
		case 'b':
			bytes = 1;
			break;
		case 'h':
			help();
			return 0;
		case ':':
			return usage_error("option requires an argument -- '%s'",
			                   (char[]){optopt, 0});
		default:
			if (optopt)
				return usage_error("invalid option -- '%s'", (char[]){optopt, 0});
			return usage_error("unrecognized option '%s'", argv[optind - 1]);
		}
	}
	/* Other arguments are ignored, as util-linux does. */
	int kinds = want[MSG] + want[SHM] + want[SEM];
	if (by_id) {
		if (kinds != 1) {
			fprintf(stderr,
			        "ipcs: when using an ID, a single resource must be specified\n");
			return 1;
		}
		return detail(want[SHM] ? SHM : want[MSG] ? MSG : SEM, id);
	}
	if (kinds == 0)
		want[MSG] = want[SHM] = want[SEM] = 1;
	printf("\n");
	for (enum kind k = MSG; k <= SEM; k++)
		if (want[k]) {
			section(k, f, bytes);
			printf("\n");
		}
	return 0;
}
