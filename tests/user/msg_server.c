/*
 * msg_server: the classic message-queue exercise as a test.  One queue, a
 * server and 8 clients, all separate processes.  A client sends requests
 * of type 1 carrying its pid and a number; the server answers each with a
 * message whose type is the client's pid, carrying the number squared.
 * Every client sleeps in msgrcv for its own type only, while the others'
 * replies and the requests pass through the same queue.
 *
 * Checks: every reply reaches the right client, in order, with the right
 * value; the server handles every request exactly once; the queue is
 * empty at the end; the kernel heap (on shmos) comes back to where it was.
 */
#include "check.h"
#include "msg_common.h"

#define CLIENTS   8
#define REQUESTS  50
#define T_REQUEST 1
#define QUIT      0x7fffffff /* a request number that stops the server */

struct request {
	long mtype; /* T_REQUEST */
	int pid;    /* the reply's type */
	int n;
};

struct reply {
	long mtype; /* the client's pid */
	long square;
	int n;
};

#define REQ_SIZE   (sizeof(struct request) - sizeof(long))
#define REPLY_SIZE (sizeof(struct reply) - sizeof(long))

/* The server: answer until QUIT; exit with the number of requests served (mod 256). */
static void server(int id)
{
	int served = 0;
	for (;;) {
		struct request rq;
		if (msgrcv(id, &rq, REQ_SIZE, T_REQUEST, 0) != (ssize_t)REQ_SIZE)
			_exit(255);
		if (rq.n == QUIT)
			break;
		struct reply rp = {.mtype = rq.pid, .square = (long)rq.n * rq.n, .n = rq.n};
		if (msgsnd(id, &rp, REPLY_SIZE, 0) != 0)
			_exit(254);
		served++;
	}
	_exit(served == CLIENTS * REQUESTS ? 0 : 1);
}

/* A client: REQUESTS requests, one at a time; exit 0 if every reply was right. */
static void client(int id, int k)
{
	int me = getpid();
	for (int i = 0; i < REQUESTS; i++) {
		int n = k * 1000 + i;
		struct request rq = {.mtype = T_REQUEST, .pid = me, .n = n};
		if (msgsnd(id, &rq, REQ_SIZE, 0) != 0)
			_exit(2);
		struct reply rp;
		if (msgrcv(id, &rp, REPLY_SIZE, me, 0) != (ssize_t)REPLY_SIZE)
			_exit(3);
		if (rp.mtype != me || rp.n != n || rp.square != (long)n * n)
			_exit(4);
	}
	_exit(0);
}

int main(void)
{
	check_init("msg_server");
	if (!msg_require())
		return msg_summary();
	long heap0 = kernel_heap();
	int id = new_queue("queue", 0600);
	if (id < 0)
		return msg_summary();
	check_current = "server_start";
	pid_t srv = check_fork();
	if (srv == 0)
		server(id);
	pid_t clients[CLIENTS];
	for (int k = 0; k < CLIENTS; k++) {
		check_current = "client_start";
		clients[k] = check_fork();
		if (clients[k] == 0)
			client(id, k);
	}
	int bad = 0, last = 0;
	for (int k = 0; k < CLIENTS; k++) {
		int code = clients[k] > 0 ? exit_code_of(clients[k]) : -1;
		if (code != 0)
			bad++, last = code;
	}
	check(bad == 0, "clients_served", "%d of %d clients failed (last exit code %d)", bad,
	      CLIENTS, last);
	struct request quit = {.mtype = T_REQUEST, .pid = getpid(), .n = QUIT};
	msgsnd(id, &quit, REQ_SIZE, 0);
	int code = srv > 0 ? exit_code_of(srv) : -1;
	check(code == 0, "server_served_each_once", "the server exited with %d", code);
	want_val("queue_empty", qnum_of(id), 0, "qnum at the end");
	msgctl(id, IPC_RMID, NULL);
	ipc_nids = 0;
	long heap1 = kernel_heap();
	if (heap0 < 0)
		skip("heap_back", "KernelHeapBytes is shmos's own line");
	else
		check(heap1 == heap0, "heap_back", "the kernel heap went from %ld to %ld bytes",
		      heap0, heap1);
	return msg_summary();
}
