/*
 * struct linux_dirent64, what getdents64(2) writes.  Linux's uapi headers
 * do not export it (glibc and musl each declare it), so it is spelled out
 * here from the man page and include/linux/dirent.h.
 */
#ifndef UAPI_DIRENT_H
#define UAPI_DIRENT_H

#include <stdint.h>

struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off; /* where the next entry starts: a value for lseek/getdents */
	uint16_t d_reclen;
	uint8_t d_type; /* DT_*: the S_IF* type bits shifted right by 12 */
	char d_name[];
};

#endif
