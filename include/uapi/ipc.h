/*
 * System V IPC as the x86-64 Linux ABI defines it: flags, commands and the
 * 64-bit structures (struct ipc64_perm, shmid64_ds, shminfo64, shm_info),
 * all from Linux's own headers.  x86-64 has no IPC_64 bit in cmd.
 */
#ifndef UAPI_IPC_H
#define UAPI_IPC_H

#include <stdint.h>

#include <asm/ipcbuf.h>
#include <asm/shmbuf.h>
#include <linux/ipc.h>

/* Linux's <linux/shm.h> includes the C library's <unistd.h> for user space,
 * though it uses nothing from it; a freestanding kernel must not get glibc's
 * headers, so its include guard is set for the duration. */
#ifndef _UNISTD_H
#define _UNISTD_H 1
#define SHMOS_FAKE_UNISTD_GUARD
#endif
#include <linux/shm.h>
#ifdef SHMOS_FAKE_UNISTD_GUARD
#undef _UNISTD_H
#undef SHMOS_FAKE_UNISTD_GUARD
#endif

/* Mode bits of a segment that Linux keeps out of its uapi headers, though
 * IPC_STAT shows them in shm_perm.mode. */
#define SHM_DEST   01000 /* IPC_RMID while attached: destroyed at the last detach */
#define SHM_LOCKED 02000 /* SHM_LOCK */

#define IPCMNI       32768 /* ids are (seq << 15) | index */
#define IPCMNI_SHIFT 15

_Static_assert(sizeof(struct ipc64_perm) == 48, "struct ipc64_perm is 48 bytes");
_Static_assert(sizeof(struct shmid64_ds) == 112, "struct shmid64_ds is 112 bytes");
_Static_assert(sizeof(struct shminfo64) == 72, "struct shminfo64 is 72 bytes");
_Static_assert(sizeof(struct shm_info) == 48, "struct shm_info is 48 bytes");

#endif
