/*
 * spinlock.h: the kernel's only mutual-exclusion primitive so far.
 *
 * Interrupts stay off while a spinlock is held, so an interrupt handler on
 * the same CPU can never spin on a lock its own CPU holds.
 */
#ifndef KERNEL_SPINLOCK_H
#define KERNEL_SPINLOCK_H

#include <stdbool.h>

struct spinlock {
	volatile int locked;
	const char *name; /* for panic messages */
	int cpu;          /* holder's cpu id, valid while locked */
};

#define SPINLOCK_INIT(n)                                                                           \
	{                                                                                          \
		0, (n), -1                                                                         \
	}

void spin_init(struct spinlock *lk, const char *name);
void spin_lock(struct spinlock *lk);
void spin_unlock(struct spinlock *lk);
bool spin_held(struct spinlock *lk);

#endif
