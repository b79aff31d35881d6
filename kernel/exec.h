/*
 * exec.h: loading a program into a process.
 */
#ifndef KERNEL_EXEC_H
#define KERNEL_EXEC_H

#include <stddef.h>

#define EXEC_ARGS_MAX (128 * 1024) /* argument + environment bytes (Linux: ARG_MAX) */
#define EXEC_FILE_MAX (64UL << 20) /* the largest program file exec reads */

/* Argument and environment strings, packed NUL-separated: argv first, then envp. */
struct exec_args {
	char *buf;
	size_t used;
	int argc, envc;
};

int exec_args_init(struct exec_args *a);
void exec_args_free(struct exec_args *a);
int exec_args_push(struct exec_args *a, const char *s, int is_env);
char *exec_args_room(struct exec_args *a, size_t len);
void exec_args_commit(struct exec_args *a, size_t len, int is_env);

struct proc;
int exec_program(struct proc *p, const char *path, const struct exec_args *args);
/* exec with arguments from the kernel (starting init). */
int exec_into(struct proc *p, const char *path, char *const argv[], char *const envp[]);

#endif
