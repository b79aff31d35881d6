/*
 * cred.h: who a process is, for permission checks (files, signals, IPC).
 */
#ifndef KERNEL_CRED_H
#define KERNEL_CRED_H

#include <stdint.h>

#define PROC_NGROUPS 32

struct cred {
	uint32_t uid, euid, suid;
	uint32_t gid, egid, sgid;
	int ngroups;
	uint32_t groups[PROC_NGROUPS];
};

#endif
