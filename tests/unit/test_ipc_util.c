/* Host tests of the System V ids layer and its permission rules (ipc/util.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "include/uapi/errno.h"
#include "ipc/util.h"

static struct ipc_ids ids;
static struct kern_ipc_perm objs[8];
static const struct cred root = {0};
static const struct cred alice = {
    .uid = 1000, .euid = 1000, .suid = 1000, .gid = 100, .egid = 100, .sgid = 100};

static int setup(void **state)
{
	(void)state;
	ipc_ids_init(&ids, "test");
	memset(objs, 0, sizeof(objs));
	return 0;
}

static void ids_start_at_zero_and_encode_seq(void **state)
{
	(void)state;
	assert_int_equal(ipc_addid(&ids, &objs[0], 16, &root), 0); /* id 0 is valid */
	assert_int_equal(ipc_addid(&ids, &objs[1], 16, &root), 1);
	assert_int_equal(ids.in_use, 2);
	assert_int_equal(ids.max_idx, 1);
	assert_ptr_equal(ipc_find_id(&ids, 1), &objs[1]);
}

static void removed_slots_are_not_reused_at_once(void **state)
{
	(void)state;
	ipc_addid(&ids, &objs[0], 4, &root);
	ipc_rmid(&ids, &objs[0]);
	/* The next object takes the next slot (cyclic), not the freed one. */
	assert_int_equal(ipc_addid(&ids, &objs[1], 4, &root), 1);
	assert_int_equal(ids.max_idx, 1);
	assert_true(objs[0].deleted);
}

static void wrapping_around_changes_the_sequence(void **state)
{
	(void)state;
	for (int i = 0; i < 4; i++)
		ipc_addid(&ids, &objs[i], 4, &root);
	int old_id = objs[0].id;
	ipc_rmid(&ids, &objs[0]);
	int new_id = ipc_addid(&ids, &objs[4], 4, &root); /* only slot 0 is free: wrap */
	assert_int_equal(ipc_slot_of(new_id), 0);
	assert_int_equal(new_id, (1 << IPCMNI_SHIFT) | 0);
	/* The stale id names the same slot but another object: not found. */
	assert_null(ipc_find_id(&ids, old_id));
	assert_ptr_equal(ipc_find_slot(&ids, old_id), &objs[4]);
	assert_ptr_equal(ipc_find_id(&ids, new_id), &objs[4]);
}

static void the_limit_gives_enospc(void **state)
{
	(void)state;
	assert_true(ipc_addid(&ids, &objs[0], 2, &root) >= 0);
	assert_true(ipc_addid(&ids, &objs[1], 2, &root) >= 0);
	assert_int_equal(ipc_addid(&ids, &objs[2], 2, &root), -ENOSPC);
	assert_int_equal(ipc_addid(&ids, &objs[2], 0, &root), -ENOSPC);
}

static void keys_find_objects_but_private_never(void **state)
{
	(void)state;
	objs[0].key = 0x1234;
	objs[1].key = IPC_PRIVATE;
	ipc_addid(&ids, &objs[0], 16, &root);
	ipc_addid(&ids, &objs[1], 16, &root);
	assert_ptr_equal(ipc_find_key(&ids, 0x1234), &objs[0]);
	assert_null(ipc_find_key(&ids, IPC_PRIVATE));
	assert_null(ipc_find_key(&ids, 0x4321));
	ipc_rmid(&ids, &objs[0]);
	assert_null(ipc_find_key(&ids, 0x1234));
	assert_int_equal(objs[0].key, IPC_PRIVATE);
}

static void lookups_reject_bad_ids(void **state)
{
	(void)state;
	ipc_addid(&ids, &objs[0], 16, &root);
	assert_null(ipc_find_id(&ids, -1));
	assert_null(ipc_find_id(&ids, 5));                   /* empty slot */
	assert_null(ipc_find_id(&ids, (3 << IPCMNI_SHIFT))); /* right slot, wrong seq */
	assert_null(ipc_find_slot(&ids, -5));
}

static void creator_and_owner_come_from_the_effective_ids(void **state)
{
	(void)state;
	struct cred c = alice;
	c.uid = 7; /* real ids do not count */
	ipc_addid(&ids, &objs[0], 16, &c);
	assert_int_equal(objs[0].uid, 1000);
	assert_int_equal(objs[0].cuid, 1000);
	assert_int_equal(objs[0].gid, 100);
	assert_int_equal(objs[0].cgid, 100);
}

static void permissions_follow_owner_group_other(void **state)
{
	(void)state;
	struct kern_ipc_perm p = {.uid = 1000, .gid = 100, .cuid = 2000, .cgid = 200, .mode = 0640};
	struct cred owner = alice, creator = {.euid = 2000, .egid = 999};
	struct cred group = {.euid = 5, .egid = 100}, other = {.euid = 5, .egid = 5};
	struct cred supplementary = {.euid = 5, .egid = 5, .ngroups = 1, .groups = {200}};
	assert_int_equal(ipc_perms(&p, 0600, &owner), 0);
	assert_int_equal(ipc_perms(&p, 0600, &creator), 0); /* owner class: uid or cuid */
	assert_int_equal(ipc_perms(&p, 0400, &group), 0);
	assert_int_equal(ipc_perms(&p, 0600, &group), -EACCES);
	assert_int_equal(ipc_perms(&p, 0400, &supplementary), 0); /* in cgid */
	assert_int_equal(ipc_perms(&p, 0400, &other), -EACCES);
	assert_int_equal(ipc_perms(&p, 0, &other), 0);   /* asking for nothing */
	assert_int_equal(ipc_perms(&p, 0777, &root), 0); /* root may do anything */
	p.mode = 0;
	assert_int_equal(ipc_perms(&p, 0400, &owner), -EACCES); /* even the owner of mode 0 */
	/* S_IRUGO-style requests (0444) ask for r in any class. */
	p.mode = 0004;
	assert_int_equal(ipc_perms(&p, 0444, &other), 0);
	assert_int_equal(ipc_perms(&p, 0666, &other), -EACCES);
}

static void owner_creator_or_root_may_change(void **state)
{
	(void)state;
	struct kern_ipc_perm p = {.uid = 1000, .cuid = 2000};
	struct cred creator = {.euid = 2000}, stranger = {.euid = 3000};
	assert_true(ipc_owner_or_admin(&p, &alice));
	assert_true(ipc_owner_or_admin(&p, &creator));
	assert_true(ipc_owner_or_admin(&p, &root));
	assert_false(ipc_owner_or_admin(&p, &stranger));
}

static void perm64_zeroes_what_musl_reads(void **state)
{
	(void)state;
	struct kern_ipc_perm p = {
	    .key = -5, .uid = 1, .gid = 2, .cuid = 3, .cgid = 4, .mode = 01600, .seq = 7};
	struct ipc64_perm out;
	memset(&out, 0xff, sizeof(out));
	ipc_fill_perm64(&p, &out);
	assert_int_equal(out.key, -5);
	assert_int_equal(out.mode, 01600);
	assert_int_equal(out.seq, 7);
	assert_int_equal(out.__pad2, 0); /* musl reads seq as an int */
	assert_int_equal(out.__unused1, 0);
	assert_int_equal(out.__unused2, 0);
}

/* The /proc/sys/kernel limits files: exactly n numbers in 0..max, else EINVAL. */
static void limits_files_parse_exactly_n_numbers(void **state)
{
	(void)state;
	uint64_t v[4] = {0};
	assert_int_equal(ipc_parse_limits("4096\n", 1, 1 << 20, v), 0);
	assert_int_equal(v[0], 4096);
	assert_int_equal(ipc_parse_limits(" \t 0 \n", 1, 10, v), 0);
	assert_int_equal(v[0], 0);
	assert_int_equal(ipc_parse_limits("32000\t1024000000\t500\t32000\n", 4, INT32_MAX, v), 0);
	assert_int_equal(v[1], 1024000000);
	assert_int_equal(v[3], 32000);
	assert_int_equal(ipc_parse_limits("18446744073709551615", 1, UINT64_MAX, v), 0);
	assert_true(v[0] == UINT64_MAX);

	assert_int_equal(ipc_parse_limits("18446744073709551616", 1, UINT64_MAX, v), -EINVAL);
	assert_int_equal(ipc_parse_limits("2147483648", 1, INT32_MAX, v), -EINVAL);
	assert_int_equal(ipc_parse_limits("32769", 1, 32768, v), -EINVAL);
	assert_int_equal(ipc_parse_limits("-1", 1, 100, v), -EINVAL);
	assert_int_equal(ipc_parse_limits("", 1, 100, v), -EINVAL);
	assert_int_equal(ipc_parse_limits("12abc", 1, 100, v), -EINVAL);
	assert_int_equal(ipc_parse_limits("1 2 3", 4, 100, v), -EINVAL); /* too few */
	assert_int_equal(ipc_parse_limits("1 2", 1, 100, v), -EINVAL);   /* too many */
	assert_int_equal(ipc_parse_limits("5", 1, 0, v), -EINVAL);       /* digit above max */
}

#define T(f) cmocka_unit_test_setup(f, setup)
int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(ids_start_at_zero_and_encode_seq),
	    T(removed_slots_are_not_reused_at_once),
	    T(wrapping_around_changes_the_sequence),
	    T(the_limit_gives_enospc),
	    T(keys_find_objects_but_private_never),
	    T(lookups_reject_bad_ids),
	    T(creator_and_owner_come_from_the_effective_ids),
	    T(permissions_follow_owner_group_other),
	    T(owner_creator_or_root_may_change),
	    T(perm64_zeroes_what_musl_reads),
	    T(limits_files_parse_exactly_n_numbers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
