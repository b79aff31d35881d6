/*
 * sleeplock.h: a lock whose waiters sleep instead of spinning, for long
 * critical sections that may block or fault (file systems copying to user
 * memory).  Interrupts stay on while it is held.  Never take one while
 * holding a spinlock.
 */
#ifndef KERNEL_SLEEPLOCK_H
#define KERNEL_SLEEPLOCK_H

#include <stdbool.h>

#include "kernel/spinlock.h"

struct sleeplock {
	struct spinlock lk; /* protects the fields below */
	bool locked;
	int pid; /* holder, for debugging */
	const char *name;
};

void sleeplock_init(struct sleeplock *sl, const char *name);
void sleeplock_acquire(struct sleeplock *sl);
void sleeplock_release(struct sleeplock *sl);
bool sleeplock_held(struct sleeplock *sl);

#endif
