/*
 * sleeplock.c: sleeping locks (xv6's design).
 */
#include "kernel/panic.h"
#include "kernel/proc.h"
#include "kernel/sleeplock.h"

void sleeplock_init(struct sleeplock *sl, const char *name)
{
	spin_init(&sl->lk, "sleeplock");
	sl->locked = false;
	sl->pid = 0;
	sl->name = name;
}

void sleeplock_acquire(struct sleeplock *sl)
{
	spin_lock(&sl->lk);
	while (sl->locked)
		sleep_on(sl, &sl->lk);
	sl->locked = true;
	sl->pid = myproc() ? myproc()->pid : 0;
	spin_unlock(&sl->lk);
}

void sleeplock_release(struct sleeplock *sl)
{
	spin_lock(&sl->lk);
	if (!sl->locked)
		panic("sleeplock_release: %s not held", sl->name);
	sl->locked = false;
	sl->pid = 0;
	wakeup(sl);
	spin_unlock(&sl->lk);
}

bool sleeplock_held(struct sleeplock *sl)
{
	spin_lock(&sl->lk);
	bool held = sl->locked && sl->pid == (myproc() ? myproc()->pid : 0);
	spin_unlock(&sl->lk);
	return held;
}
