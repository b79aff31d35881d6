/*
 * errno values as the kernel returns them (negated, in rax).
 *
 * The kernel speaks Linux's x86-64 ABI, so the numbers come straight from
 * Linux's own user-space API headers (Debian's linux-libc-dev), never from a
 * copy of our own.  Every ABI definition the kernel needs lives in
 * include/uapi/, each header a thin door onto the Linux one.
 */
#ifndef UAPI_ERRNO_H
#define UAPI_ERRNO_H

#include <asm-generic/errno.h>

#endif
