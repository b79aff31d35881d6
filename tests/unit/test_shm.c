/*
 * Host tests of System V shared memory's rules (ipc/shm.c), with the memory
 * manager and the current process faked: what is checked is the order of
 * errors, ids, ownership and the life cycle, not the page tables (the
 * user tests in tests/user/shm_*.c check those, in the real kernel).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "fs/procfs.h"
#include "include/uapi/errno.h"
#include "ipc/shm.h"
#include "ipc/util.h"
#include "kernel/spinlock.h"
#include "mm/kmalloc.h"
#include "mm/memobj.h"
#include "mm/uvm.h"

/* ------------------------------------------------------------- the fakes */

uintptr_t host_direct_map_base;
uint64_t kernel_phys_base;
static struct cred current = {0};
static int objects_alive;
#define MAX_FAKE_REGIONS 16
static struct region fake_regions[MAX_FAKE_REGIONS];

void spin_init(struct spinlock *lk, const char *name)
{
	lk->locked = 0, lk->name = name;
}
void spin_lock(struct spinlock *lk)
{
	assert_false(lk->locked); /* shm must never take its lock twice */
	lk->locked = 1;
}
void spin_unlock(struct spinlock *lk)
{
	lk->locked = 0;
}
void *kmalloc(size_t n)
{
	return malloc(n);
}
void *kzalloc(size_t n)
{
	return calloc(1, n);
}
void kfree(void *p)
{
	free(p);
}
struct memobj *memobj_create(size_t npages)
{
	struct memobj *o = calloc(1, sizeof(*o));
	o->refs = 1, o->npages = npages;
	objects_alive++;
	return o;
}
void memobj_get(struct memobj *o)
{
	o->refs++;
}
void memobj_put(struct memobj *o)
{
	if (--o->refs == 0) {
		objects_alive--;
		free(o);
	}
}
size_t memobj_resident(struct memobj *o)
{
	(void)o;
	return 0;
}
const struct cred *ipc_current_cred(void)
{
	return &current;
}
int ipc_current_pid(void)
{
	return 42;
}
int64_t ipc_now(void)
{
	return 1000;
}
uint64_t ipc_current_memlock(void)
{
	return 8UL << 20;
}
struct mm *ipc_current_mm(void)
{
	return (struct mm *)fake_regions;
}
uintptr_t mm_find_free(struct mm *mm, size_t len)
{
	(void)mm, (void)len;
	return 0x7f0000000000;
}
int user_range_ok(uintptr_t va, size_t len)
{
	return va < USER_TOP && len <= USER_TOP - va;
}
bool mm_range_free(struct mm *mm, uintptr_t start, uintptr_t end)
{
	(void)mm;
	for (int i = 0; i < MAX_FAKE_REGIONS; i++)
		if (fake_regions[i].obj && fake_regions[i].start < end &&
		    start < fake_regions[i].end)
			return false;
	return true;
}
int mm_unmap(struct mm *mm, uintptr_t start, size_t len)
{
	(void)mm, (void)start, (void)len;
	return 0;
}
int mm_map_object(struct mm *mm, uintptr_t start, size_t len, int prot, int max_prot,
                  struct memobj *obj, size_t pgoff, const struct region_ops *ops, void *owner)
{
	(void)mm;
	for (int i = 0; i < MAX_FAKE_REGIONS; i++) {
		struct region *r = &fake_regions[i];
		if (r->obj)
			continue;
		*r = (struct region){.start = start,
		                     .end = start + len,
		                     .prot = prot,
		                     .max_prot = max_prot,
		                     .obj = obj,
		                     .obj_pgoff = pgoff,
		                     .ops = ops,
		                     .owner = owner};
		memobj_get(obj);
		ops->open(r);
		return 0;
	}
	return -ENOMEM;
}
int mm_unmap_object_at(struct mm *mm, uintptr_t addr, const struct region_ops *ops)
{
	(void)mm;
	for (int i = 0; i < MAX_FAKE_REGIONS; i++) {
		struct region *r = &fake_regions[i];
		if (r->obj && r->start == addr && r->ops == ops) {
			ops->close(r);
			memobj_put(r->obj);
			r->obj = 0;
			return 0;
		}
	}
	return -EINVAL;
}
void procfs_printf(struct procfs_text *t, const char *fmt, ...)
{
	(void)t, (void)fmt;
}

/* A region the fake mm made, e.g. to run its hooks as fork would. */
static struct region *region_at(uintptr_t addr)
{
	for (int i = 0; i < MAX_FAKE_REGIONS; i++)
		if (fake_regions[i].obj && fake_regions[i].start == addr)
			return &fake_regions[i];
	return 0;
}

static int setup(void **state)
{
	(void)state;
	shm_init();
	memset(fake_regions, 0, sizeof(fake_regions));
	current = (struct cred){0};
	shm_limits = (struct shm_limits){UINT64_MAX - (1UL << 24), UINT64_MAX - (1UL << 24), 4096};
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	assert_int_equal(objects_alive, 0); /* every test removes what it made */
	return 0;
}

static struct cred user(uint32_t uid)
{
	return (struct cred){.uid = uid, .euid = uid, .suid = uid, .gid = uid, .egid = uid};
}

static long stat_of(int id, struct shmid64_ds *ds)
{
	return shm_stat(id, IPC_STAT, ds);
}

/* ----------------------------------------------------------------- shmget */

static void private_always_creates(void **state)
{
	(void)state;
	long a = shm_get(IPC_PRIVATE, 100, 0600),
	     b = shm_get(IPC_PRIVATE, 100, IPC_CREAT | IPC_EXCL);
	assert_true(a >= 0 && b >= 0 && a != b);
	struct shmid64_ds ds;
	assert_int_equal(stat_of(a, &ds), 0);
	assert_int_equal(ds.shm_segsz, 100); /* the size asked for, not rounded */
	assert_int_equal(ds.shm_perm.mode, 0600);
	assert_int_equal(ds.shm_cpid, 42);
	assert_int_equal(ds.shm_ctime, 1000);
	assert_int_equal(ds.shm_nattch, 0);
	assert_int_equal(ds.shm_atime, 0);
	shm_remove(a);
	shm_remove(b);
}

static void existing_key_checks_eexist_then_size_then_access(void **state)
{
	(void)state;
	long id = shm_get(0x1234, 4096, IPC_CREAT | 0600);
	assert_true(id >= 0);
	assert_int_equal(shm_get(0x1234, 8192, IPC_CREAT | IPC_EXCL | 0600), -EEXIST);
	current = user(65534);
	assert_int_equal(shm_get(0x1234, 8192, 0600), -EINVAL); /* size before access */
	assert_int_equal(shm_get(0x1234, 0, 0400), -EACCES);
	assert_int_equal(shm_get(0x1234, 0, 0), id); /* flag 0: no access check at all */
	current = user(0);
	assert_int_equal(shm_get(0x1234, 0, IPC_EXCL), id); /* IPC_EXCL alone: no effect */
	assert_int_equal(shm_get(0x4321, 4096, 0600), -ENOENT);
	shm_remove(id);
}

static void bad_sizes_and_limits(void **state)
{
	(void)state;
	assert_int_equal(shm_get(IPC_PRIVATE, 0, 0600), -EINVAL);
	assert_int_equal(shm_get(IPC_PRIVATE, UINT64_MAX, 0600), -EINVAL);
	shm_limits.shmmax = 8192;
	assert_int_equal(shm_get(IPC_PRIVATE, 8193, 0600), -EINVAL);
	shm_limits.shmmax = UINT64_MAX;
	assert_int_equal(shm_get(IPC_PRIVATE, UINT64_MAX, 0600), -ENOSPC); /* pages overflow */
	shm_limits.shmall = 2;
	long a = shm_get(IPC_PRIVATE, 8192, 0600);
	assert_true(a >= 0);
	assert_int_equal(shm_get(IPC_PRIVATE, 1, 0600), -ENOSPC); /* shmall, in pages */
	shm_remove(a);
	shm_limits.shmall = 100, shm_limits.shmmni = 1;
	a = shm_get(IPC_PRIVATE, 1, 0600);
	assert_int_equal(shm_get(IPC_PRIVATE, 1, 0600), -ENOSPC); /* shmmni */
	shm_remove(a);
	assert_int_equal(shm_get(IPC_PRIVATE, 1, SHM_HUGETLB | 0600), -EINVAL);
}

/* ------------------------------------------------------------------ shmat */

static void attach_address_rules(void **state)
{
	(void)state;
	long id = shm_get(IPC_PRIVATE, 4096, 0600);
	uintptr_t addr = 0x100001;
	assert_int_equal(shm_attach(id, &addr, 0), -EINVAL); /* misaligned */
	addr = 0x100;
	assert_int_equal(shm_attach(id, &addr, SHM_RND | SHM_REMAP), -EINVAL); /* CVE-2017-5669 */
	addr = 0;
	assert_int_equal(shm_attach(id, &addr, SHM_REMAP), -EINVAL); /* NULL + SHM_REMAP */
	addr = 0x100;
	assert_int_equal(shm_attach(id, &addr, SHM_RND), -EPERM); /* page zero: never */
	addr = 0x400000 + 123;
	assert_int_equal(shm_attach(id, &addr, SHM_RND), 0);
	assert_int_equal(addr, 0x400000);
	uintptr_t again = 0x400000;
	assert_int_equal(shm_attach(id, &again, 0), -EINVAL); /* overlap */
	assert_int_equal(shm_attach(-1, &again, 0), -EINVAL);
	assert_int_equal(shm_detach(0x400000), 0);
	assert_int_equal(shm_detach(0x400000), -EINVAL); /* a second shmdt */
	assert_int_equal(shm_detach(0x400001), -EINVAL);
	shm_remove(id);
}

static void attach_needs_read_and_write_unless_readonly(void **state)
{
	(void)state;
	long id = shm_get(IPC_PRIVATE, 4096, 0644);
	current = user(65534);
	uintptr_t addr = 0;
	assert_int_equal(shm_attach(id, &addr, 0), -EACCES);
	assert_int_equal(shm_attach(id, &addr, SHM_EXEC | SHM_RDONLY), -EACCES); /* no x bit */
	addr = 0;
	assert_int_equal(shm_attach(id, &addr, SHM_RDONLY), 0);
	struct region *r = region_at(addr);
	assert_non_null(r);
	assert_false(r->prot & PROT_WRITE);
	assert_false(r->max_prot & PROT_WRITE); /* mprotect cannot make it writable */
	shm_detach(addr);
	current = user(0);
	shm_remove(id);
}

/* ---------------------------------------------------------- the life cycle */

static void nattch_counts_regions_and_rmid_waits_for_zero(void **state)
{
	(void)state;
	long id = shm_get(0x77, 4096, IPC_CREAT | 0600);
	uintptr_t addr = 0;
	assert_int_equal(shm_attach(id, &addr, 0), 0);
	struct region *r = region_at(addr);
	r->ops->open(r); /* what fork does: a second region mapping the segment */
	struct shmid64_ds ds;
	stat_of(id, &ds);
	assert_int_equal(ds.shm_nattch, 2);
	assert_int_equal(ds.shm_atime, 1000);
	assert_int_equal(ds.shm_lpid, 42);

	assert_int_equal(shm_remove(id), 0);
	stat_of(id, &ds);
	assert_int_equal(ds.shm_perm.mode, SHM_DEST | 0600); /* 01600 */
	assert_int_equal(ds.shm_perm.key, IPC_PRIVATE);
	assert_int_equal(shm_get(0x77, 4096, 0600), -ENOENT); /* the key is gone */
	uintptr_t more = 0x500000;
	assert_int_equal(shm_attach(id, &more, 0), 0); /* the id still works */
	shm_detach(more);
	assert_int_equal(shm_remove(id), 0); /* a second IPC_RMID is fine */

	r->ops->close(r); /* the "child" exits */
	assert_int_equal(objects_alive, 1);
	assert_int_equal(shm_detach(addr), 0); /* the last detach destroys it */
	assert_int_equal(objects_alive, 0);
	assert_int_equal(stat_of(id, &ds), -EINVAL);
}

static void stale_ids_are_rejected(void **state)
{
	(void)state;
	shm_limits.shmmni = 1; /* one slot: the next segment must reuse it */
	long old = shm_get(IPC_PRIVATE, 1, 0600);
	shm_remove(old);
	long fresh = shm_get(IPC_PRIVATE, 1, 0600);
	assert_true(fresh != old);
	struct shmid64_ds ds;
	assert_int_equal(stat_of(old, &ds), -EINVAL);
	assert_int_equal(shm_remove(old), -EINVAL);
	assert_int_equal(shm_stat(old, SHM_STAT, &ds), fresh); /* by slot: the new one */
	shm_remove(fresh);
}

/* ----------------------------------------------------------------- shmctl */

static void ipc_set_changes_owner_group_and_mode_only(void **state)
{
	(void)state;
	long id = shm_get(IPC_PRIVATE, 4096, 0600);
	struct shmid64_ds in = {0};
	in.shm_perm.uid = 1000, in.shm_perm.gid = 100, in.shm_perm.mode = 07777;
	in.shm_perm.cuid = 5, in.shm_segsz = 1;
	assert_int_equal(shm_set(id, &in), 0);
	struct shmid64_ds ds;
	stat_of(id, &ds);
	assert_int_equal(ds.shm_perm.uid, 1000);
	assert_int_equal(ds.shm_perm.mode, 0777);
	assert_int_equal(ds.shm_perm.cuid, 0); /* ignored */
	assert_int_equal(ds.shm_segsz, 4096);

	current = user(2000); /* neither owner nor creator */
	assert_int_equal(shm_set(id, &in), -EPERM);
	assert_int_equal(shm_remove(id), -EPERM);
	assert_int_equal(shm_lock(id, true), -EPERM);
	current = user(1000); /* the new owner */
	in.shm_perm.uid = (uint32_t)-1;
	assert_int_equal(shm_set(id, &in), -EINVAL);
	assert_int_equal(shm_lock(id, true), 0);
	stat_of(id, &ds);
	assert_int_equal(ds.shm_perm.mode, SHM_LOCKED | 0777);
	assert_int_equal(shm_lock(id, false), 0);
	assert_int_equal(shm_lock(id, false), 0); /* unlocking twice is fine */
	assert_int_equal(shm_remove(id), 0);
}

static void stat_needs_read_but_stat_any_does_not(void **state)
{
	(void)state;
	long id = shm_get(IPC_PRIVATE, 4096, 0600);
	struct shmid64_ds ds;
	current = user(65534);
	assert_int_equal(shm_stat(id, IPC_STAT, &ds), -EACCES);
	assert_int_equal(shm_stat(ipc_slot_of(id), SHM_STAT, &ds), -EACCES);
	assert_int_equal(shm_stat(ipc_slot_of(id), SHM_STAT_ANY, &ds), id);
	current = user(0);
	assert_int_equal(shm_stat(ipc_slot_of(id) + 1, SHM_STAT, &ds), -EINVAL);
	shm_remove(id);
}

static void info_returns_the_highest_slot(void **state)
{
	(void)state;
	struct shminfo64 info;
	struct shm_info si;
	assert_int_equal(shm_ipc_info(&info), 0); /* none in use: 0 */
	long a = shm_get(IPC_PRIVATE, 1, 0600), b = shm_get(IPC_PRIVATE, 5000, 0600);
	assert_int_equal(shm_ipc_info(&info), ipc_slot_of(b));
	assert_int_equal(info.shmmni, 4096);
	assert_int_equal(info.shmseg, 4096);
	assert_int_equal(info.shmmin, 1);
	assert_int_equal(shm_shm_info(&si), ipc_slot_of(b));
	assert_int_equal(si.used_ids, 2);
	assert_int_equal(si.shm_tot, 3); /* pages: 1 + 2 */
	shm_remove(a);
	shm_remove(b);
}

#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
int main(void)
{
	const struct CMUnitTest tests[] = {
	    T(private_always_creates),
	    T(existing_key_checks_eexist_then_size_then_access),
	    T(bad_sizes_and_limits),
	    T(attach_address_rules),
	    T(attach_needs_read_and_write_unless_readonly),
	    T(nattch_counts_regions_and_rmid_waits_for_zero),
	    T(stale_ids_are_rejected),
	    T(ipc_set_changes_owner_group_and_mode_only),
	    T(stat_needs_read_but_stat_any_does_not),
	    T(info_returns_the_highest_slot),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
