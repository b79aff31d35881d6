/*
 * pipe.c: pipes, a ring buffer between a reading and a writing file.
 *
 *  - A read waits while the pipe is empty and a writer exists; with no
 *    writer left it returns 0 (end of file).
 *  - A write of at most PIPE_BUF bytes is atomic: it waits until it fits
 *    whole, so writes from several processes never interleave.  Larger
 *    writes go in pieces.  With no reader left a write gets EPIPE and the
 *    writer SIGPIPE.
 *  - O_NONBLOCK turns every wait into EAGAIN.
 */
#include <asm/poll.h>
#include <linux/fcntl.h>
#include <linux/limits.h>

#include "fs/pipe.h"
#include "fs/vfs.h"
#include "include/uapi/errno.h"
#include "kernel/proc.h"
#include "kernel/signal.h"
#include "mm/kmalloc.h"

#define PIPE_SIZE 65536 /* Linux's default capacity */

struct pipe {
	struct spinlock lock;
	char *buf;
	size_t head;          /* where the next read starts */
	size_t count;         /* bytes in the buffer */
	int readers, writers; /* open files at each end */
};

static bool is_reader(struct file *f)
{
	return (f->flags & O_ACCMODE) == O_RDONLY;
}

/* Copy up to n bytes out of the ring; caller holds the lock. */
static long take(struct pipe *p, struct iobuf buf, size_t n)
{
	if (n > p->count)
		n = p->count;
	size_t done = 0;
	while (done < n) {
		size_t chunk = PIPE_SIZE - p->head;
		if (chunk > n - done)
			chunk = n - done;
		if (iobuf_write(buf, done, p->buf + p->head, chunk))
			return done ? (long)done : -EFAULT;
		p->head = (p->head + chunk) % PIPE_SIZE;
		p->count -= chunk;
		done += chunk;
	}
	return done;
}

/* Copy n bytes (known to fit) into the ring; caller holds the lock. */
static long put(struct pipe *p, struct iobuf buf, size_t offset, size_t n)
{
	size_t done = 0;
	while (done < n) {
		size_t tail = (p->head + p->count) % PIPE_SIZE;
		size_t chunk = PIPE_SIZE - tail;
		if (chunk > n - done)
			chunk = n - done;
		if (iobuf_read(p->buf + tail, buf, offset + done, chunk))
			return done ? (long)done : -EFAULT;
		p->count += chunk;
		done += chunk;
	}
	return done;
}

static long pipe_read(struct file *f, struct iobuf buf, size_t n)
{
	struct pipe *p = f->priv;
	if (n == 0)
		return 0;
	spin_lock(&p->lock);
	while (p->count == 0) {
		long wait = p->writers == 0            ? 0
		            : (f->flags & O_NONBLOCK)  ? -EAGAIN
		            : signal_pending(myproc()) ? -ERESTARTSYS
		                                       : 1;
		if (wait != 1) {
			spin_unlock(&p->lock);
			return wait;
		}
		sleep_on(&p->readers, &p->lock);
	}
	long r = take(p, buf, n);
	wakeup(&p->writers);
	spin_unlock(&p->lock);
	vfs_poll_wakeup();
	return r;
}

static long broken_pipe(void)
{
	struct proc *self = myproc();
	struct sig_sender why = {.code = SI_USER, .pid = self->pid, .uid = self->cred.uid};
	signal_send(self, SIGPIPE, &why);
	return -EPIPE;
}

static long pipe_write(struct file *f, struct iobuf buf, size_t n)
{
	struct pipe *p = f->priv;
	size_t done = 0;
	spin_lock(&p->lock);
	while (done < n) {
		if (p->readers == 0) {
			spin_unlock(&p->lock);
			return done ? (long)done : broken_pipe();
		}
		size_t room = PIPE_SIZE - p->count, left = n - done;
		/* Small writes wait for room for all of it; big ones take what there is. */
		size_t need = left <= PIPE_BUF ? left : 1;
		if (room < need) {
			long stop = (f->flags & O_NONBLOCK)    ? -EAGAIN
			            : signal_pending(myproc()) ? -ERESTARTSYS
			                                       : 0;
			if (stop) {
				spin_unlock(&p->lock);
				return done ? (long)done : stop;
			}
			sleep_on(&p->writers, &p->lock);
			continue;
		}
		long r = put(p, buf, done, left < room ? left : room);
		if (r < 0) {
			spin_unlock(&p->lock);
			return done ? (long)done : r;
		}
		done += r;
		wakeup(&p->readers);
	}
	spin_unlock(&p->lock);
	vfs_poll_wakeup();
	return done;
}

static unsigned pipe_poll(struct file *f)
{
	struct pipe *p = f->priv;
	unsigned mask = 0;
	spin_lock(&p->lock);
	if (is_reader(f)) {
		if (p->count > 0)
			mask |= POLLIN | POLLRDNORM;
		if (p->writers == 0)
			mask |= POLLHUP;
	} else {
		if (PIPE_SIZE - p->count >= PIPE_BUF)
			mask |= POLLOUT | POLLWRNORM;
		if (p->readers == 0)
			mask |= POLLERR;
	}
	spin_unlock(&p->lock);
	return mask;
}

static void pipe_release(struct file *f)
{
	struct pipe *p = f->priv;
	spin_lock(&p->lock);
	if (is_reader(f))
		p->readers--;
	else
		p->writers--;
	bool last = p->readers == 0 && p->writers == 0;
	wakeup(&p->readers);
	wakeup(&p->writers);
	spin_unlock(&p->lock);
	vfs_poll_wakeup();
	if (last) {
		kfree(p->buf);
		kfree(p);
	}
}

static const struct file_ops pipe_ops = {
    .read = pipe_read,
    .write = pipe_write,
    .poll = pipe_poll,
    .release = pipe_release,
};

int pipe_create(struct file **reader, struct file **writer, int flags)
{
	struct pipe *p = kzalloc(sizeof(*p));
	char *buf = kmalloc(PIPE_SIZE);
	struct file *r = file_alloc(), *w = file_alloc();
	if (!p || !buf || !r || !w) {
		kfree(p);
		kfree(buf);
		kfree(r);
		kfree(w);
		return -ENFILE;
	}
	spin_init(&p->lock, "pipe");
	p->buf = buf;
	p->readers = p->writers = 1;
	r->ops = w->ops = &pipe_ops;
	r->priv = w->priv = p;
	r->flags = O_RDONLY | (flags & O_NONBLOCK);
	w->flags = O_WRONLY | (flags & O_NONBLOCK);
	*reader = r;
	*writer = w;
	return 0;
}
