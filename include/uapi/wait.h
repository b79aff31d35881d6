/*
 * wait(2) status words, in the encoding Linux (and so every libc) uses:
 *   exited with code c:      (c & 0xff) << 8
 *   killed by signal s:      s (& 0x7f), 0x80 added if a core was dumped
 * Option bits (WNOHANG, ...) come from Linux's <linux/wait.h>.
 */
#ifndef UAPI_WAIT_H
#define UAPI_WAIT_H

#include <linux/wait.h>

#define W_EXITCODE(code) (((code)&0xff) << 8)
#define W_SIGNALED(sig)  ((sig)&0x7f)
#define WIFEXITED(s)     (((s)&0x7f) == 0)
#define WEXITSTATUS(s)   (((s) >> 8) & 0xff)
#define WIFSIGNALED(s)   (((s)&0x7f) != 0 && ((s)&0x7f) != 0x7f)
#define WTERMSIG(s)      ((s)&0x7f)

#endif
