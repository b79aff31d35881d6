/*
 * tty.h: the console as a terminal (kernel/tty.c, docs/tty.md).
 */
#ifndef KERNEL_TTY_H
#define KERNEL_TTY_H

/* Register the console's character devices (/dev/tty 5:0, /dev/console 5:1). */
void tty_init(void);

/* A byte received by the UART (from its interrupt handler). */
void tty_input(char c);

/* Job control.  The terminal belongs to session sid; pgrp is its foreground
 * process group.  Called when init starts: the console becomes the
 * controlling terminal of init's session.  May be called with proc_lock held. */
void tty_set_session(int sid, int pgrp);
int tty_session(void);         /* 0: none */
int tty_foreground_pgrp(void); /* 0: none */
/* A session leader exits: if the terminal was its session's, the
 * foreground group gets SIGHUP and SIGCONT and the terminal is free again.
 * Call without proc_lock held. */
void tty_session_leader_exit(int sid);

#endif
