/*
 * usercopy.c: range checks in front of the assembly copy loops.
 */
#include "include/uapi/errno.h"
#include "kernel/usercopy.h"
#include "mm/uvm.h"

long __copy_user(void *dst, const void *src, size_t n);
long __strncpy_user(char *dst, const char *src, size_t max);
long __clear_user(void *dst, size_t n);

int copy_from_user(void *dst, uintptr_t usrc, size_t n)
{
	if (!user_range_ok(usrc, n))
		return -EFAULT;
	return (int)__copy_user(dst, (const void *)usrc, n);
}

int copy_to_user(uintptr_t udst, const void *src, size_t n)
{
	if (!user_range_ok(udst, n))
		return -EFAULT;
	return (int)__copy_user((void *)udst, src, n);
}

int clear_user(uintptr_t udst, size_t n)
{
	if (!user_range_ok(udst, n))
		return -EFAULT;
	return (int)__clear_user((void *)udst, n);
}

long strncpy_from_user(char *dst, uintptr_t usrc, size_t max)
{
	if (usrc >= USER_TOP)
		return -EFAULT;
	/* Never read past the end of user space, even when max would. */
	size_t room = USER_TOP - usrc;
	long n = __strncpy_user(dst, (const char *)usrc, max < room ? max : room);
	if (n < 0)
		return n;
	if ((size_t)n == max) {
		dst[max - 1] = '\0';
		return -ENAMETOOLONG;
	}
	if ((size_t)n == room)
		return -EFAULT; /* ran into the end of user space */
	return n;
}
