/*
 * sysmem.c: brk, mmap, munmap, mprotect, mremap: checks in Linux's order, then mm/uvm.c.
 */
#include <stdbool.h>

#include <linux/mman.h>

#include "include/uapi/errno.h"
#include "kernel/proc.h"
#include "kernel/syscalls.h"
#include "mm/memlayout.h"
#include "mm/uvm.h"

#define PROT_ALL (PROT_READ | PROT_WRITE | PROT_EXEC)

long sys_brk(uintptr_t addr)
{
	return mm_brk(myproc()->mm, addr);
}

long sys_mmap(uintptr_t addr, size_t len, int prot, int flags, int fd, int64_t offset)
{
	struct mm *mm = myproc()->mm;
	int type = flags & MAP_TYPE;
	if (len == 0 || (type != MAP_PRIVATE && type != MAP_SHARED && type != MAP_SHARED_VALIDATE))
		return -EINVAL;
	if (offset & (PAGE_SIZE - 1))
		return -EINVAL;
	if (prot & ~PROT_ALL)
		return -EINVAL;
	if (len > USER_TOP)
		return -ENOMEM;
	len = PAGE_ROUND_UP(len);
	if (!(flags & MAP_ANONYMOUS))
		return fd < 0 ? -EBADF : -ENODEV; /* file mappings arrive with the VFS */
	if (type != MAP_PRIVATE)
		return -EINVAL; /* shared anonymous memory arrives with the shared-memory object */
	(void)fd;

	bool fixed = flags & (MAP_FIXED | MAP_FIXED_NOREPLACE);
	if (fixed) {
		if (addr & (PAGE_SIZE - 1))
			return -EINVAL;
		if (addr < USER_MIN_ADDR)
			return -EPERM;
		if (addr > USER_MAP_END || len > USER_MAP_END - addr)
			return -ENOMEM;
		if (flags & MAP_FIXED_NOREPLACE) {
			for (uintptr_t va = addr; va < addr + len; va += PAGE_SIZE)
				if (mm_find_region(mm, va))
					return -EEXIST;
		} else {
			int err = mm_unmap(mm, addr, len); /* MAP_FIXED replaces what was there */
			if (err)
				return err;
		}
	} else {
		/* A hint is used if the range is free; otherwise the kernel chooses. */
		addr = PAGE_ROUND_DOWN(addr);
		bool hint_ok = addr >= USER_MIN_ADDR && user_range_ok(addr, len);
		for (uintptr_t va = addr; hint_ok && va < addr + len; va += PAGE_SIZE)
			if (mm_find_region(mm, va))
				hint_ok = false;
		if (!hint_ok)
			addr = mm_find_free(mm, len);
		if (!addr)
			return -ENOMEM;
	}
	int err = mm_map_anon(mm, addr, len, prot, REGION_ANON);
	return err ? err : (long)addr;
}

long sys_munmap(uintptr_t addr, size_t len)
{
	if ((addr & (PAGE_SIZE - 1)) || len == 0 || !user_range_ok(addr, PAGE_ROUND_UP(len)))
		return -EINVAL;
	return mm_unmap(myproc()->mm, addr, PAGE_ROUND_UP(len));
}

long sys_mprotect(uintptr_t addr, size_t len, int prot)
{
	if ((addr & (PAGE_SIZE - 1)) || (prot & ~PROT_ALL))
		return -EINVAL;
	if (len == 0)
		return 0;
	if (!user_range_ok(addr, PAGE_ROUND_UP(len)))
		return -ENOMEM;
	return mm_protect(myproc()->mm, addr, PAGE_ROUND_UP(len), prot);
}

/*
 * mremap: shrink, grow in place, or (MREMAP_MAYMOVE) move a mapping without
 * copying it; MREMAP_FIXED names where.  A shrink is an munmap of the tail.
 * shmos resizes only
 * anonymous mmap memory (EINVAL for an attach, the stack, the heap) and has
 * no MREMAP_DONTUNMAP (EINVAL).
 */
long sys_mremap(uintptr_t addr, size_t old_len, size_t new_len, int flags, uintptr_t new_addr)
{
	struct mm *mm = myproc()->mm;
	if (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP))
		return -EINVAL;
	if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))
		return -EINVAL;
	if ((flags & MREMAP_DONTUNMAP) || (addr & (PAGE_SIZE - 1)))
		return -EINVAL;
	old_len = PAGE_ROUND_UP(old_len);
	new_len = PAGE_ROUND_UP(new_len);
	if (new_len == 0 || new_len > USER_MAP_END)
		return -EINVAL; /* also a length so large that rounding it up wrapped */
	if (!mm_find_region(mm, addr))
		return -EFAULT; /* looked up before anything else, as Linux 6 */
	if (flags & MREMAP_FIXED) {
		if ((new_addr & (PAGE_SIZE - 1)) || new_len > USER_MAP_END ||
		    new_addr > USER_MAP_END - new_len)
			return -EINVAL;
		if (new_addr < addr + old_len && addr < new_addr + new_len)
			return -EINVAL; /* the two ranges overlap */
		if (new_addr < USER_MIN_ADDR)
			return -EPERM;
		int err = mm_unmap(mm, new_addr, new_len);
		if (!err && old_len > new_len)
			err = mm_unmap(mm, addr + new_len, old_len - new_len);
		if (err)
			return err;
		return mm_remap(mm, addr, old_len < new_len ? old_len : new_len, new_len, true,
		                new_addr);
	}
	if (old_len >= new_len) {
		int err = old_len > new_len ? mm_unmap(mm, addr + new_len, old_len - new_len) : 0;
		return err ? err : (long)addr;
	}
	return mm_remap(mm, addr, old_len, new_len, flags & MREMAP_MAYMOVE, 0);
}

/* Advice is only advice: accepted and ignored (MADV_DONTNEED would free pages; later). */
long sys_madvise(uintptr_t addr, size_t len, int advice)
{
	(void)len, (void)advice;
	return (addr & (PAGE_SIZE - 1)) ? -EINVAL : 0;
}
