/*
 * creds: user and group ids.
 *
 * A process has three user ids: the real uid (who it is), the effective
 * uid (what permission checks use), and the saved uid (an effective uid it
 * may switch back to).  Likewise three group ids, plus a list of
 * supplementary groups.  The rules:
 *
 *   root (euid 0)   may set any id to anything; setuid(x) sets all three
 *   anyone else     may only set each id to one of its current real,
 *                   effective or saved values; setuid(x) then sets only
 *                   the effective uid
 *
 * So a root program that drops privileges with seteuid(1000) can come back
 * (seteuid(0): 0 is still its real and saved uid), one that dropped them
 * with setresuid(1000, 1000, 1000) cannot.  Every check changes ids for
 * good, so each runs in its own forked child.  They need root: run as
 * another user, they are skipped.
 */
#include "check.h"
#include <grp.h>

/* Fail the check unless getresuid()/getresgid() give the expected triple. */
static void want_uids(const char *when, uid_t r, uid_t e, uid_t s)
{
	uid_t a, b, c;
	if (getresuid(&a, &b, &c) != 0 || a != r || b != e || c != s)
		child_fail(
		    "%s: uids (real, effective, saved) are (%d, %d, %d), expected (%d, %d, %d)",
		    when, a, b, c, r, e, s);
}

static void want_gids(const char *when, gid_t r, gid_t e, gid_t s)
{
	gid_t a, b, c;
	if (getresgid(&a, &b, &c) != 0 || a != r || b != e || c != s)
		child_fail(
		    "%s: gids (real, effective, saved) are (%d, %d, %d), expected (%d, %d, %d)",
		    when, a, b, c, r, e, s);
}

/* Fail the check unless the call (a return value) failed with EPERM. */
static void want_eperm(const char *what, int r)
{
	if (r != -1 || errno != EPERM)
		child_fail("%s = %d/%s, expected -1/EPERM", what, r, errname(errno));
}

static void want_ok(const char *what, int r)
{
	if (r != 0)
		child_fail("%s failed: %s", what, errname(errno));
}

static void groups_roundtrip(void)
{
	gid_t set[3] = {10, 20, 30}, got[3] = {0, 0, 0};
	want_ok("setgroups(3, {10, 20, 30})", setgroups(3, set));
	int n = getgroups(0, NULL); /* size 0: just count them */
	if (n != 3)
		child_fail("getgroups(0, NULL) = %d, expected 3", n);
	n = getgroups(3, got);
	if (n != 3 || got[0] != 10 || got[1] != 20 || got[2] != 30)
		child_fail("getgroups = %d: %d %d %d", n, got[0], got[1], got[2]);
	n = getgroups(2, got);
	if (n != -1 || errno != EINVAL)
		child_fail("getgroups(2, ...) with 3 groups = %d/%s, expected -1/EINVAL", n,
		           errname(errno));
	want_ok("setgroups(0, NULL)", setgroups(0, NULL));
	if (getgroups(0, NULL) != 0)
		child_fail("after setgroups(0, NULL), getgroups counts %d", getgroups(0, NULL));
}

static void setresuid_for_good(void)
{
	want_ok("setresuid(1000, 1000, 1000)", setresuid(1000, 1000, 1000));
	want_uids("after setresuid(1000, 1000, 1000)", 1000, 1000, 1000);
	want_eperm("setuid(0)", setuid(0));
	want_eperm("seteuid(0)", seteuid(0));
	want_eperm("setresuid(0, 0, 0)", setresuid(0, 0, 0));
	want_eperm("setgroups(0, NULL) by a non-root process", setgroups(0, NULL));
	want_uids("after the refused calls", 1000, 1000, 1000);
}

static void seteuid_and_back(void)
{
	want_ok("seteuid(1000)", seteuid(1000));
	want_uids("after seteuid(1000)", 0, 1000, 0);
	want_ok("seteuid(0) (0 is still the real and saved uid)", seteuid(0));
	want_uids("after seteuid(0)", 0, 0, 0);
}

static void setuid_by_root(void)
{
	want_ok("setuid(1000) as root", setuid(1000));
	want_uids("after setuid(1000) as root", 1000, 1000, 1000);
	want_eperm("setuid(0) afterwards", setuid(0));
}

static void setuid_unprivileged(void)
{
	/* Not root, but 0 is our saved uid: setuid(0) sets the effective uid only. */
	want_ok("setresuid(1000, 1000, 0)", setresuid(1000, 1000, 0));
	want_ok("setuid(0) with saved uid 0", setuid(0));
	want_uids("after setuid(0) with saved uid 0", 1000, 0, 0);
}

static void setreuid_rules(void)
{
	/* As root: any values; the saved uid follows the new effective uid. */
	want_ok("setreuid(1000, 2000) as root", setreuid(1000, 2000));
	want_uids("after setreuid(1000, 2000)", 1000, 2000, 2000);
	/* Unprivileged: swapping real and effective is allowed. */
	want_ok("setreuid(2000, 1000) (a swap)", setreuid(2000, 1000));
	want_uids("after the swap", 2000, 1000, 1000);
	/* -1 leaves an id alone. */
	want_ok("setreuid(-1, 2000)", setreuid(-1, 2000));
	want_uids("after setreuid(-1, 2000)", 2000, 2000, 1000);
	want_eperm("setreuid(0, -1) (0 is none of our ids)", setreuid(0, -1));
	want_eperm("setreuid(-1, 3000)", setreuid(-1, 3000));
}

static void gid_rules(void)
{
	/* As root, anything goes, and setgid sets all three. */
	want_ok("setresgid(100, 200, 300)", setresgid(100, 200, 300));
	want_gids("after setresgid(100, 200, 300)", 100, 200, 300);
	want_ok("setegid(400)", setegid(400));
	want_gids("after setegid(400)", 100, 400, 300);
	want_ok("setgid(0) as root", setgid(0));
	want_gids("after setgid(0) as root", 0, 0, 0);

	/* Without root: only to the real or saved gid, and setgid sets the effective one. */
	want_ok("setresgid(100, 200, 300)", setresgid(100, 200, 300));
	want_ok("setresuid(1000, 1000, 1000)", setresuid(1000, 1000, 1000));
	want_ok("setgid(300) (our saved gid)", setgid(300));
	want_gids("after setgid(300) as non-root", 100, 300, 300);
	want_ok("setegid(100) (our real gid)", setegid(100));
	want_gids("after setegid(100)", 100, 100, 300);
	want_eperm("setgid(5)", setgid(5));
	want_eperm("setresgid(-1, 0, -1)", setresgid(-1, 0, -1));
}

static void inherited(void)
{
	gid_t g = 7, got = 0;
	int status;
	want_ok("setgroups(1, {7})", setgroups(1, &g));
	want_ok("setresgid(2000, 2001, 2002)", setresgid(2000, 2001, 2002));
	want_ok("setresuid(1000, 1001, 1002)", setresuid(1000, 1001, 1002));
	pid_t pid = fork();
	if (pid == 0) {
		want_uids("in the grandchild", 1000, 1001, 1002);
		want_gids("in the grandchild", 2000, 2001, 2002);
		if (getgroups(1, &got) != 1 || got != 7)
			child_fail("the grandchild's groups are not {7}");
		_exit(0);
	}
	if (pid < 0 || wait_child(pid, &status) < 0)
		child_fail("fork or wait4 failed");
	if (WIFEXITED(status) && WEXITSTATUS(status) == 1)
		_exit(1); /* the grandchild printed the FAIL line: pass the verdict up */
	if (status != 0)
		child_fail("grandchild %s", describe_status(status));
}

static pid_t root_parent;
static void kill_permission(void)
{
	want_ok("setresuid(1000, 1000, 1000)", setresuid(1000, 1000, 1000));
	want_eperm("kill(root process, 0) as uid 1000", kill(root_parent, 0));
	want_ok("kill(ourselves, 0)", kill(getpid(), 0));
}

static const struct {
	const char *name;
	void (*fn)(void);
} checks[] = {
    {"groups_roundtrip", groups_roundtrip},
    {"setresuid_for_good", setresuid_for_good},
    {"seteuid_and_back", seteuid_and_back},
    {"setuid_by_root_sets_all", setuid_by_root},
    {"setuid_unprivileged_sets_euid", setuid_unprivileged},
    {"setreuid_rules", setreuid_rules},
    {"gid_rules", gid_rules},
    {"creds_inherited_by_fork", inherited},
    {"kill_needs_permission", kill_permission},
};
#define NCHECKS (sizeof(checks) / sizeof(checks[0]))

int main(void)
{
	uid_t r, e, s;
	check_init("creds");
	root_parent = getpid();

	if (getuid() != 0 || geteuid() != 0) {
		skip("root_initially", "not running as root (uid %d, euid %d)", getuid(),
		     geteuid());
		for (size_t i = 0; i < NCHECKS; i++)
			skip(checks[i].name, "needs root");
		return summary();
	}
	check(getuid() == 0 && geteuid() == 0 && getgid() == 0 && getegid() == 0, "root_initially",
	      "uid %d euid %d gid %d egid %d", getuid(), geteuid(), getgid(), getegid());
	int ok = getresuid(&r, &e, &s) == 0 && r == 0 && e == 0 && s == 0;
	ok = ok && getresgid(&r, &e, &s) == 0 && r == 0 && e == 0 && s == 0;
	check(ok, "getresuid_getresgid", "not all six ids are 0");

	for (size_t i = 0; i < NCHECKS; i++)
		run_child(checks[i].name, checks[i].fn);

	check(getuid() == 0 && geteuid() == 0, "parent_unchanged",
	      "the children's changes leaked into the parent");
	return summary();
}
