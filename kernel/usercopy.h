/*
 * usercopy.h: moving data between the kernel and the current process.
 * Every system call that takes a pointer goes through these; each returns
 * -EFAULT for an address outside user space or one that faults.
 */
#ifndef KERNEL_USERCOPY_H
#define KERNEL_USERCOPY_H

#include <stddef.h>
#include <stdint.h>

int copy_from_user(void *dst, uintptr_t usrc, size_t n);
int copy_to_user(uintptr_t udst, const void *src, size_t n);
int clear_user(uintptr_t udst, size_t n);
/* Copy a NUL-terminated string of at most max-1 characters: its length,
 * -ENAMETOOLONG if longer (errno chosen by the caller), or -EFAULT. */
long strncpy_from_user(char *dst, uintptr_t usrc, size_t max);

/*
 * For the IPC_STAT-like commands: run `call`, which fills a local `out` of
 * `type` and returns a result; return an error as it is, else copy `out` to
 * ubuf and return the result.  EFAULT comes last, as on Linux.
 */
#define RETURN_COPIED_OUT(ubuf, type, call)                                                        \
	do {                                                                                       \
		type out;                                                                          \
		long r_ = (call);                                                                  \
		if (r_ < 0)                                                                        \
			return r_;                                                                 \
		return copy_to_user((ubuf), &out, sizeof(out)) ? -EFAULT : r_;                     \
	} while (0)

#endif
