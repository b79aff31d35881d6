#ifndef FS_PIPE_H
#define FS_PIPE_H

struct file;

/* A new pipe: two open files, its read end and its write end (O_NONBLOCK in flags). */
int pipe_create(struct file **reader, struct file **writer, int flags);

#endif
