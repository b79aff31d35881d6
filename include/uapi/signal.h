/*
 * Signals as the x86-64 Linux kernel ABI defines them.
 *
 * Numbers, SA_* flags and the sigcontext/ucontext layouts come from
 * Linux's own headers.  struct kernel_sigaction is spelled out here because
 * the uapi header's `struct sigaction` is the old user-space layout, not
 * what rt_sigaction(2) takes on x86-64 (handler, flags, restorer, mask).
 */
#ifndef UAPI_SIGNAL_H
#define UAPI_SIGNAL_H

#include <stdint.h>

#include <linux/signal.h>
#include <asm/siginfo.h>
#include <asm/sigcontext.h>
#include <asm/ucontext.h>

#define KERNEL_NSIG 64

struct kernel_sigaction {
	uint64_t handler;  /* SIG_DFL (0), SIG_IGN (1), or a function */
	uint64_t flags;    /* SA_* */
	uint64_t restorer; /* returns to the kernel through rt_sigreturn (SA_RESTORER) */
	uint64_t mask;     /* blocked while the handler runs */
};

#endif
