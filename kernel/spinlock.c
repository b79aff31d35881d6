/*
 * spinlock.c: test-and-set spinlocks with nested interrupt disabling.
 */
#include "kernel/spinlock.h"
#include "kernel/cpu.h"
#include "kernel/panic.h"

void spin_init(struct spinlock *lk, const char *name)
{
	lk->locked = 0;
	lk->name = name;
	lk->cpu = -1;
}

void spin_lock(struct spinlock *lk)
{
	push_irq_off();
	if (spin_held(lk))
		panic("spin_lock: %s already held by this cpu", lk->name);
	while (__atomic_exchange_n(&lk->locked, 1, __ATOMIC_ACQUIRE))
		__asm__ volatile("pause");
	lk->cpu = this_cpu()->id;
}

void spin_unlock(struct spinlock *lk)
{
	if (!spin_held(lk))
		panic("spin_unlock: %s not held", lk->name);
	lk->cpu = -1;
	__atomic_store_n(&lk->locked, 0, __ATOMIC_RELEASE);
	pop_irq_off();
}

/* Call with interrupts off. */
bool spin_held(struct spinlock *lk)
{
	return lk->locked && lk->cpu == this_cpu()->id;
}
