/*
 * shm.c: System V shared memory, with Linux's semantics to the errno
 * (../shared/docs/shm-semantics.md is the specification; its section
 * numbers are cited as "spec 4.2").
 *
 * The life of a segment:
 *
 *   shmget --> [segment: id, key, perms, memobj] --shmat--> region in a process
 *                    |                                   (nattch++ per region:
 *                    |                                    attach, fork, a split)
 *                  IPC_RMID: gone at once if nattch == 0, else SHM_DEST and
 *                  key 0, and gone when the last region closes (shmdt, munmap,
 *                  exit, exec).
 *
 * One spinlock guards every segment.  It is never held across a call into
 * mm/ that maps or unmaps: those call back into the region hooks below,
 * which take it.
 */
#include "fs/procfs.h"
#include "include/uapi/errno.h"
#include "ipc/shm.h"
#include "ipc/util.h"
#include "kernel/spinlock.h"
#include "lib/string.h"
#include "mm/kmalloc.h"
#include "mm/memlayout.h"
#include "mm/memobj.h"
#include "mm/uvm.h"

#define SHMMIN 1
#define SHMLBA PAGE_SIZE

struct shm_segment {
	struct kern_ipc_perm perm; /* first: the ids layer's part */
	uint64_t segsz;            /* the size asked for; the mapping is rounded up to pages */
	uint64_t npages;
	struct memobj *obj;
	int64_t atime, dtime, ctime;
	int cpid, lpid;
	uint64_t nattch; /* regions mapping it, in every process */
};

struct shm_limits shm_limits = {
    .shmmax = UINT64_MAX - (1UL << 24), /* Linux's defaults since 3.16 */
    .shmall = UINT64_MAX - (1UL << 24),
    .shmmni = 4096,
};

static struct spinlock shm_table_lock = SPINLOCK_INIT("shm");
static struct ipc_ids shm_ids;
static uint64_t shm_tot; /* pages in all segments */

static const struct region_ops shm_region_ops;

void shm_init(void)
{
	ipc_ids_init(&shm_ids, "shm");
}

static struct shm_segment *segment_of(struct kern_ipc_perm *perm)
{
	return (struct shm_segment *)perm; /* perm is the first member */
}

/* The end of a segment: out of the table, its pages released. Caller holds shm_table_lock. */
static void destroy(struct shm_segment *seg)
{
	ipc_rmid(&shm_ids, &seg->perm);
	shm_tot -= seg->npages;
	memobj_put(seg->obj); /* frames still mapped somewhere stay until unmapped */
	kfree(seg);
}

/* Destroyed once removed (SHM_DEST) and no longer attached anywhere. Caller holds shm_table_lock.
 */
static void destroy_if_unused(struct shm_segment *seg)
{
	if (seg->nattch == 0 && (seg->perm.mode & SHM_DEST))
		destroy(seg);
}

/* ------------------------------------------------------------------ shmget */

static long new_segment(int32_t key, uint64_t size, int shmflg)
{
	if (shmflg & SHM_HUGETLB)
		return -EINVAL; /* no huge pages here (as Linux without CONFIG_HUGETLBFS) */
	if (size < SHMMIN || size > shm_limits.shmmax)
		return -EINVAL;
	uint64_t npages = (size + PAGE_SIZE - 1) / PAGE_SIZE;
	if (npages == 0 || npages > UINT64_MAX / PAGE_SIZE) /* size + PAGE_SIZE - 1 wrapped */
		return -ENOSPC;
	if (shm_tot + npages < shm_tot || shm_tot + npages > shm_limits.shmall)
		return -ENOSPC;
	if (size > INT64_MAX) /* Linux's largest file (MAX_LFS_FILESIZE), checked after ENOSPC */
		return -EINVAL;
	struct shm_segment *seg = kzalloc(sizeof(*seg));
	if (!seg)
		return -ENOMEM;
	seg->obj = memobj_create(npages); /* zero-filled pages, each made on first touch */
	if (!seg->obj) {
		kfree(seg);
		return -ENOMEM;
	}
	seg->perm.key = key;
	seg->perm.mode = shmflg & 0777;
	seg->segsz = size;
	seg->npages = npages;
	seg->cpid = ipc_current_pid();
	seg->ctime = ipc_now();
	/* Every field is set before ipc_addid makes the segment visible (CVE-2015-7613). */
	int id = ipc_addid(&shm_ids, &seg->perm, shm_limits.shmmni, ipc_current_cred());
	if (id < 0) {
		memobj_put(seg->obj);
		kfree(seg);
		return id;
	}
	shm_tot += npages;
	return id;
}

/* An existing segment is found only for a size it can hold (EINVAL before EACCES). */
static long check_size(struct kern_ipc_perm *perm, uint64_t size)
{
	return size > segment_of(perm)->segsz ? -EINVAL : 0;
}

static const struct ipc_get_ops shm_get_ops = {new_segment, check_size};

/* spec 4.1, through the ids layer's ipc_get. */
long shm_get(int32_t key, uint64_t size, int shmflg)
{
	spin_lock(&shm_table_lock);
	long r = ipc_get(&shm_ids, key, size, shmflg, &shm_get_ops, ipc_current_cred());
	spin_unlock(&shm_table_lock);
	return r;
}

/* ----------------------------------------------------------- the regions */

/*
 * A region maps the segment: nattch counts regions, as Linux counts VMAs
 * (spec 4.3, 4.5).  open runs for shmat and for every copy (fork) or split
 * (munmap, mprotect); close for every region that goes away.
 */
static void region_open(struct region *r)
{
	struct shm_segment *seg = r->owner;
	spin_lock(&shm_table_lock);
	seg->nattch++;
	seg->atime = ipc_now();
	seg->lpid = ipc_current_pid();
	spin_unlock(&shm_table_lock);
}

static void region_close(struct region *r)
{
	struct shm_segment *seg = r->owner;
	spin_lock(&shm_table_lock);
	seg->nattch--;
	seg->dtime = ipc_now();
	seg->lpid = ipc_current_pid();
	destroy_if_unused(seg);
	spin_unlock(&shm_table_lock);
}

static const struct region_ops shm_region_ops = {
    .open = region_open,
    .close = region_close,
};

/* ------------------------------------------------------------------ shmat */

/* spec 4.2 step 2: the address the caller asked for, checked and rounded. */
static long check_address(uintptr_t *addr, int shmflg)
{
	if (*addr == 0)
		return (shmflg & SHM_REMAP) ? -EINVAL : 0;
	if (*addr & (SHMLBA - 1)) {
		if (!(shmflg & SHM_RND))
			return -EINVAL;
		*addr &= ~(SHMLBA - 1);
		/* Rounded down to page zero: refused with SHM_REMAP (CVE-2017-5669). */
		if (*addr == 0 && (shmflg & SHM_REMAP))
			return -EINVAL;
	}
	return 1; /* a fixed address */
}

/* Where to put a fixed attach: free, or made free with SHM_REMAP. */
static long place_fixed(struct mm *mm, uintptr_t addr, uint64_t len, int shmflg)
{
	/* Unlike Linux, page zero is never mapped, not even for root: a NULL
	 * pointer must always fault.  Below USER_MIN_ADDR (Linux's mmap_min_addr)
	 * an attach is refused as Linux refuses an unprivileged one. */
	if (addr < USER_MIN_ADDR)
		return -EPERM;
	if (!(shmflg & SHM_REMAP) && addr + len < addr)
		return -EINVAL; /* the range wraps around */
	if (addr > USER_MAP_END || len > USER_MAP_END - addr)
		return -ENOMEM; /* beyond user space: as mmap, ENOMEM */
	if (shmflg & SHM_REMAP)
		return mm_unmap(mm, addr, len);
	return mm_range_free(mm, addr, addr + len) ? 0 : -EINVAL;
}

long shm_attach(int shmid, uintptr_t *addr, int shmflg)
{
	if (shmid < 0)
		return -EINVAL;
	long fixed = check_address(addr, shmflg);
	if (fixed < 0)
		return fixed;
	/* SHM_RDONLY: read access and a read-only mapping; otherwise read and write. */
	int prot = PROT_READ, access = 0444;
	if (!(shmflg & SHM_RDONLY))
		prot |= PROT_WRITE, access |= 0222;
	if (shmflg & SHM_EXEC)
		prot |= PROT_EXEC, access |= 0111;
	int max_prot = prot | PROT_EXEC | PROT_READ;

	spin_lock(&shm_table_lock);
	struct kern_ipc_perm *perm = ipc_find_id(&shm_ids, shmid);
	long err = !perm ? -EINVAL : ipc_perms(perm, access, ipc_current_cred());
	if (err) {
		spin_unlock(&shm_table_lock);
		return err;
	}
	/* Hold the segment while mapping (the lock cannot be held across mm/):
	 * a temporary attach, as Linux does, so IPC_RMID cannot free it under us. */
	struct shm_segment *seg = segment_of(perm);
	seg->nattch++;
	uint64_t len = seg->npages * PAGE_SIZE;
	spin_unlock(&shm_table_lock);

	struct mm *mm = ipc_current_mm();
	if (fixed)
		err = place_fixed(mm, *addr, len, shmflg);
	else if (!(*addr = mm_find_free(mm, len)))
		err = -ENOMEM;
	if (!err)
		err = mm_map_object(mm, *addr, len, prot, max_prot, seg->obj, 0, &shm_region_ops,
		                    seg);

	spin_lock(&shm_table_lock);
	seg->nattch--; /* the temporary attach; the region's own was counted by region_open */
	destroy_if_unused(seg);
	spin_unlock(&shm_table_lock);
	return err;
}

/* ------------------------------------------------------------------ shmdt */

/* spec 4.3: only the start address of an attach; every piece of it goes. */
long shm_detach(uintptr_t addr)
{
	if (addr & (PAGE_SIZE - 1))
		return -EINVAL;
	return mm_unmap_object_at(ipc_current_mm(), addr, &shm_region_ops);
}

/* ----------------------------------------------------------------- shmctl */

static void fill_shmid64(const struct shm_segment *seg, struct shmid64_ds *out)
{
	memset(out, 0, sizeof(*out));
	ipc_fill_perm64(&seg->perm, &out->shm_perm);
	out->shm_segsz = seg->segsz;
	out->shm_atime = seg->atime;
	out->shm_dtime = seg->dtime;
	out->shm_ctime = seg->ctime;
	out->shm_cpid = seg->cpid;
	out->shm_lpid = seg->lpid;
	out->shm_nattch = seg->nattch;
}

long shm_stat(int shmid, int cmd, struct shmid64_ds *out)
{
	enum ipc_stat_by by = ipc_stat_by_cmd(cmd, SHM_STAT);
	spin_lock(&shm_table_lock);
	struct kern_ipc_perm *perm;
	long r = ipc_find_for_stat(&shm_ids, shmid, by, ipc_current_cred(), &perm);
	if (r == 0) {
		fill_shmid64(segment_of(perm), out);
		r = cmd == IPC_STAT ? 0 : perm->id;
	}
	spin_unlock(&shm_table_lock);
	return r;
}

/* A segment the caller may change (IPC_SET, IPC_RMID): owner, creator or root. */
static long find_for_change(int shmid, struct shm_segment **out)
{
	struct kern_ipc_perm *perm;
	long r = ipc_find_for_change(&shm_ids, shmid, ipc_current_cred(), &perm);
	if (!r)
		*out = segment_of(perm);
	return r;
}

long shm_set(int shmid, const struct shmid64_ds *in)
{
	spin_lock(&shm_table_lock);
	struct shm_segment *seg;
	long r = find_for_change(shmid, &seg);
	if (!r)
		r = ipc_set_perm(&seg->perm, &in->shm_perm);
	if (!r)
		seg->ctime = ipc_now();
	spin_unlock(&shm_table_lock);
	return r;
}

long shm_remove(int shmid)
{
	spin_lock(&shm_table_lock);
	struct shm_segment *seg;
	long r = find_for_change(shmid, &seg);
	if (!r) {
		/* Still attached: destroyed at the last detach; meanwhile the key finds
		 * nothing (a new shmget with it creates a new segment) but the id works. */
		seg->perm.mode |= SHM_DEST;
		seg->perm.key = IPC_PRIVATE;
		destroy_if_unused(seg);
	}
	spin_unlock(&shm_table_lock);
	return r;
}

/* SHM_LOCK, SHM_UNLOCK: nothing is ever swapped here, so only the flag changes. */
long shm_lock(int shmid, bool lock)
{
	spin_lock(&shm_table_lock);
	struct kern_ipc_perm *perm = ipc_find_id(&shm_ids, shmid);
	const struct cred *cred = ipc_current_cred();
	/* Without root: only the owner or creator may, and locking needs a
	 * RLIMIT_MEMLOCK (unlocking does not), as Linux. */
	long r = 0;
	if (!perm)
		r = -EINVAL;
	else if (cred->euid != 0 && cred->euid != perm->uid && cred->euid != perm->cuid)
		r = -EPERM;
	else if (lock && cred->euid != 0 && ipc_current_memlock() == 0)
		r = -EPERM;
	if (!r) {
		if (lock)
			perm->mode |= SHM_LOCKED;
		else
			perm->mode &= ~SHM_LOCKED;
	}
	spin_unlock(&shm_table_lock);
	return r;
}

long shm_ipc_info(struct shminfo64 *out)
{
	memset(out, 0, sizeof(*out));
	spin_lock(&shm_table_lock);
	out->shmmax = shm_limits.shmmax;
	out->shmmin = SHMMIN;
	out->shmmni = shm_limits.shmmni;
	out->shmseg = shm_limits.shmmni; /* Linux reports SHMSEG = SHMMNI and enforces neither */
	out->shmall = shm_limits.shmall;
	long r = ipc_highest_slot(&shm_ids);
	spin_unlock(&shm_table_lock);
	return r;
}

long shm_shm_info(struct shm_info *out)
{
	memset(out, 0, sizeof(*out));
	spin_lock(&shm_table_lock);
	out->used_ids = shm_ids.in_use;
	out->shm_tot = shm_tot;
	for (int i = 0; i <= shm_ids.max_idx; i++)
		if (shm_ids.slots[i])
			out->shm_rss += memobj_resident(segment_of(shm_ids.slots[i])->obj);
	long r = ipc_highest_slot(&shm_ids);
	spin_unlock(&shm_table_lock);
	return r;
}

/* ---------------------------------------------------------------- /proc */

/* /proc/sysvipc/shm: Linux's format (spec 4.6), which util-linux's ipcs reads. */
int shm_show_segments(struct procfs_text *out, int pid)
{
	(void)pid;
	procfs_printf(out, "       key      shmid perms                  size  cpid  lpid nattch   "
	                   "uid   gid  cuid  cgid      atime      dtime      ctime                "
	                   "   rss                  swap\n");
	spin_lock(&shm_table_lock);
	for (int i = 0; i <= shm_ids.max_idx; i++) {
		struct shm_segment *s = shm_ids.slots[i] ? segment_of(shm_ids.slots[i]) : 0;
		if (!s)
			continue;
		procfs_printf(
		    out,
		    "%10d %10d  %4o %21lu %5u %5u  %5lu %5u %5u %5u %5u %10ld %10ld %10ld "
		    "%21lu %21lu\n",
		    s->perm.key, s->perm.id, s->perm.mode, s->segsz, s->cpid, s->lpid, s->nattch,
		    s->perm.uid, s->perm.gid, s->perm.cuid, s->perm.cgid, s->atime, s->dtime,
		    s->ctime, memobj_resident(s->obj) * PAGE_SIZE, 0UL);
	}
	spin_unlock(&shm_table_lock);
	return 0;
}

/* /proc/sys/kernel/shm{max,all,mni}: read and (root only, by the file mode) write. */
static int show_limit(struct procfs_text *out, const uint64_t *limit)
{
	spin_lock(&shm_table_lock);
	uint64_t v = *limit;
	spin_unlock(&shm_table_lock);
	procfs_printf(out, "%lu\n", v);
	return 0;
}

static int store_limit(const char *text, uint64_t *limit, uint64_t max)
{
	uint64_t v;
	int err = ipc_parse_limits(text, 1, max, &v);
	if (err)
		return err;
	spin_lock(&shm_table_lock);
	*limit = v;
	spin_unlock(&shm_table_lock);
	return 0;
}

int shm_show_shmmax(struct procfs_text *out, int pid)
{
	(void)pid;
	return show_limit(out, &shm_limits.shmmax);
}

int shm_show_shmall(struct procfs_text *out, int pid)
{
	(void)pid;
	return show_limit(out, &shm_limits.shmall);
}

int shm_show_shmmni(struct procfs_text *out, int pid)
{
	(void)pid;
	return show_limit(out, &shm_limits.shmmni);
}

int shm_store_shmmax(const char *text, size_t len)
{
	(void)len;
	return store_limit(text, &shm_limits.shmmax, UINT64_MAX);
}

int shm_store_shmall(const char *text, size_t len)
{
	(void)len;
	return store_limit(text, &shm_limits.shmall, UINT64_MAX);
}

int shm_store_shmmni(const char *text, size_t len)
{
	(void)len;
	return store_limit(text, &shm_limits.shmmni, IPCMNI); /* as Linux: 0 .. IPCMNI */
}

/* For the leak check at the end of a run: segments that still exist. */
int shm_count(void)
{
	spin_lock(&shm_table_lock);
	int n = shm_ids.in_use;
	spin_unlock(&shm_table_lock);
	return n;
}
