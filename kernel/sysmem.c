/*
 * sysmem.c: brk, mmap, munmap, mprotect: checks in Linux's order, then mm/uvm.c.
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

/* Advice is only advice: accepted and ignored (MADV_DONTNEED would free pages; later). */
long sys_madvise(uintptr_t addr, size_t len, int advice)
{
	(void)len, (void)advice;
	return (addr & (PAGE_SIZE - 1)) ? -EINVAL : 0;
}
