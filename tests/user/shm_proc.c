/*
 * shm_proc: the shared-memory files in /proc, in Linux's formats.
 *
 *   /proc/sysvipc/shm   a header line, then one line per segment:
 *                       key (signed decimal), shmid, perms (octal, with
 *                       SHM_DEST 01000 and SHM_LOCKED 02000), size, cpid,
 *                       lpid, nattch, uid, gid, cuid, cgid, atime, dtime,
 *                       ctime, rss and swap (bytes), in fixed-width columns.
 *                       util-linux's ipcs and LTP read it.
 *   /proc/sys/kernel/shmmax, shmall, shmmni
 *                       the limits, one decimal number each; IPC_INFO
 *                       reports the same values; root may change them
 *                       (changed here only for a moment, then restored),
 *                       others may not even open them for writing.
 */
#include "check.h"
#include "shm_common.h"

#define KEY ((key_t)0x80005348) /* negative as an int: printed "-2147462328" */

static const char HEADER[] = "       key      shmid perms                  size  cpid  lpid nattch"
                             "   uid   gid  cuid  cgid      atime      dtime      ctime"
                             "                   rss                  swap\n";

static char text[65536];

/* The line Linux would print for a segment, from IPC_STAT and its resident bytes. */
static void expected_line(char *buf, size_t size, int id, const struct shmid_ds *ds,
                          unsigned long rss)
{
	snprintf(buf, size,
	         "%10d %10d  %4o %21lu %5u %5u  %5lu %5u %5u %5u %5u %10llu %10llu %10llu %21lu "
	         "%21lu\n",
	         ds->shm_perm.__key, id, ds->shm_perm.mode, (unsigned long)ds->shm_segsz,
	         ds->shm_cpid, ds->shm_lpid, (unsigned long)ds->shm_nattch, ds->shm_perm.uid,
	         ds->shm_perm.gid, ds->shm_perm.cuid, ds->shm_perm.cgid,
	         (unsigned long long)ds->shm_atime, (unsigned long long)ds->shm_dtime,
	         (unsigned long long)ds->shm_ctime, rss, 0UL);
}

/* Copy the line of /proc/sysvipc/shm whose shmid column is id into buf; 0 if found. */
static int find_line(int id, char *buf, size_t size)
{
	if (read_text("/proc/sysvipc/shm", text, sizeof(text)) < 0)
		return -1;
	for (char *line = strchr(text, '\n'); line && line[1]; line = strchr(line + 1, '\n')) {
		int key, shmid;
		if (sscanf(line + 1, "%d %d", &key, &shmid) == 2 && shmid == id) {
			size_t len = strcspn(line + 1, "\n") + 1;
			snprintf(buf, size, "%.*s", (int)len, line + 1);
			return 0;
		}
	}
	return -1;
}

/* The segment's line must be exactly what Linux prints. */
static void line_matches(const char *name, int id, unsigned long rss)
{
	struct shmid_ds ds = {0};
	char want[512], got[512] = "";
	seg_stat(id, &ds);
	expected_line(want, sizeof(want), id, &ds, rss);
	int found = find_line(id, got, sizeof(got));
	check(found == 0 && strcmp(got, want) == 0, name, "line for id %d:\n%s expected:\n%s", id,
	      found == 0 ? got : "(none)\n", want);
}

static void sysvipc_shm(void)
{
	long n = read_text("/proc/sysvipc/shm", text, sizeof(text));
	if (!check(n > 0, "sysvipc_exists", "read /proc/sysvipc/shm: %s",
	           n < 0 ? ename(errno) : "empty"))
		return;
	check(strncmp(text, HEADER, strlen(HEADER)) == 0, "sysvipc_header",
	      "the header line is\n%.200s", text);

	remove_key(KEY);
	int id = new_key_seg("sysvipc_line", KEY, 12345, 0640);
	if (id < 0)
		return;
	line_matches("sysvipc_line", id, 0);
	char got[512] = "";
	find_line(id, got, sizeof(got));
	check(strncmp(got, "-2147462328 ", 12) == 0, "sysvipc_key_signed",
	      "key 0x80005348 printed as \"%.11s\", expected -2147462328", got);

	/* Attached, two pages touched, locked, removed: nattch, rss and perms 03640. */
	char *p = shmat(id, NULL, 0);
	if (p == (char *)-1) {
		fail("sysvipc_line_attached", "shmat: %s", ename(errno));
		return;
	}
	p[0] = p[PAGE] = 1;
	line_matches("sysvipc_line_attached", id, 2 * PAGE);
	shmctl(id, SHM_LOCK, NULL);
	shmctl(id, IPC_RMID, NULL);
	line_matches("sysvipc_line_locked_dest", id, 2 * PAGE);
	find_line(id, got, sizeof(got));
	check(strncmp(got, "         0 ", 11) == 0 && strstr(got, " 3640 "),
	      "sysvipc_dest_key_perms",
	      "a locked, removed segment: \"%.40s\" (expected key 0, perms 3640)", got);

	/* One line per segment (SHM_INFO's used_ids), and a removed segment is gone. */
	struct shm_info si;
	shmctl(0, SHM_INFO, (struct shmid_ds *)(void *)&si);
	read_text("/proc/sysvipc/shm", text, sizeof(text));
	int lines = 0;
	for (char *c = text; *c; c++)
		lines += *c == '\n';
	check(lines == si.used_ids + 1, "sysvipc_one_line_each",
	      "%d lines, SHM_INFO counts %d segments (+1 header)", lines, si.used_ids);
	shmdt(p);
	check(find_line(id, got, sizeof(got)) != 0, "sysvipc_removed_gone",
	      "a destroyed segment is still listed: %s", got);
}

/* ------------------------------------------------------- /proc/sys ---- */

static const char *const limit_files[3] = {"/proc/sys/kernel/shmmax", "/proc/sys/kernel/shmall",
                                           "/proc/sys/kernel/shmmni"};

static void sysctl_files(void)
{
	struct shminfo si;
	unsigned long v[3] = {0, 0, 0};
	const char *names[3] = {"sysctl_shmmax", "sysctl_shmall", "sysctl_shmmni"};
	memset(&si, 0, sizeof(si));
	shmctl(0, IPC_INFO, (struct shmid_ds *)(void *)&si);
	unsigned long want[3] = {si.shmmax, si.shmall, si.shmmni};
	for (int i = 0; i < 3; i++) {
		int r = read_number(limit_files[i], &v[i]);
		check(r == 0 && v[i] == want[i], names[i], "%s: %s %lu, IPC_INFO says %lu",
		      limit_files[i], r == 0 ? "reads" : "cannot be read as a number,", v[i],
		      want[i]);
	}
}

/* Run by with_sysctl while shmmax is 123456789 and by another while shmall is 1234567. */
static void shmmax_written(void)
{
	struct shminfo si;
	unsigned long v = 0;
	shmctl(0, IPC_INFO, (struct shmid_ds *)(void *)&si);
	int r = read_number(limit_files[0], &v);
	check(r == 0 && v == 123456789 && si.shmmax == 123456789, "sysctl_shmmax_written",
	      "after writing 123456789: the file says %lu, IPC_INFO %lu", v, si.shmmax);
}

static void shmall_written(void)
{
	struct shminfo si;
	unsigned long v = 0;
	shmctl(0, IPC_INFO, (struct shmid_ds *)(void *)&si);
	int r = read_number(limit_files[1], &v);
	check(r == 0 && v == 1234567 && si.shmall == 1234567, "sysctl_shmall_written",
	      "after writing 1234567: the file says %lu, IPC_INFO %lu", v, si.shmall);
}

static void nobody_cannot_write(void)
{
	for (int i = 0; i < 3; i++) {
		char name[40];
		snprintf(name, sizeof(name), "nobody_write_%s", strrchr(limit_files[i], '/') + 1);
		int fd = open(limit_files[i], O_WRONLY);
		want_err(name, fd, EACCES, "nobody: open(O_WRONLY)");
		if (fd >= 0)
			close(fd);
	}
}

int main(void)
{
	check_init("shm_proc");
	if (!shm_require())
		return summary();
	sysvipc_shm();
	sysctl_files();
	with_sysctl("sysctl_write_shmmax", limit_files[0], "123456789", shmmax_written);
	with_sysctl("sysctl_write_shmall", limit_files[1], "1234567", shmall_written);
	as_nobody("nobody_cannot_write", nobody_cannot_write);
	return shm_summary();
}
