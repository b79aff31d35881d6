/*
 * msgdemo: the classic message-queue exercise, a server and its clients on
 * one System V message queue.
 *
 *   msgdemo server &          start the server (it makes the queue)
 *   msgdemo client hello      send "hello", print the server's answer
 *   msgdemo client bye        ... and so on, from any number of shells
 *   msgdemo stop              ask the server to remove the queue and exit
 *   msgdemo test N            fork a server and N clients; exit 0 if every
 *                             answer came back to the client that asked
 *
 * One queue carries both directions, told apart by mtype:
 *   requests  have mtype 1 and carry the client's pid in the text;
 *   answers   have mtype = the client's pid, so each client receives
 *             (msgrcv with msgtyp = its pid) only the answer meant for it.
 * The server answers with the request text in upper case.
 *
 * Compare with shared memory: every message here is copied twice by the
 * kernel (into the queue at msgsnd, out of it at msgrcv); a shared segment
 * copies nothing, but the processes must then synchronise themselves.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/msg.h>
#include <sys/wait.h>
#include <unistd.h>

#define KEY      0x4d534744 /* "MSGD" */
#define REQUEST  1
#define STOP     2
#define TEXT_MAX 128

struct message {
	long mtype;
	int pid; /* requests: who asks */
	char text[TEXT_MAX];
};

#define BODY_SIZE (sizeof(struct message) - sizeof(long))

/*
 * The server's queue (create = 1: make it).  A client started on the same
 * line as its server (`msgdemo server & msgdemo client hi`) may run before
 * the server has made the queue: it looks again every 10 ms, for 2 seconds.
 */
static int queue(int create)
{
	int id = msgget(KEY, create ? IPC_CREAT | 0666 : 0);
	for (int tries = 0; id < 0 && !create && errno == ENOENT && tries < 200; tries++) {
		usleep(10000);
		id = msgget(KEY, 0);
	}
	if (id < 0)
		perror(create ? "msgdemo: msgget" : "msgdemo: no server (msgget)");
	return id;
}

static int serve(void)
{
	int id = queue(1);
	if (id < 0)
		return 1;
	printf("msgdemo: server ready on queue %d\n", id);
	fflush(stdout);
	for (;;) {
		struct message m;
		/* msgtyp -2: the lowest type first, so requests (1) before a stop (2). */
		if (msgrcv(id, &m, BODY_SIZE, -STOP, 0) < 0) {
			if (errno == EINTR)
				continue;
			perror("msgdemo: msgrcv");
			return 1;
		}
		if (m.mtype == STOP)
			break;
		for (char *c = m.text; *c; c++)
			*c = toupper((unsigned char)*c);
		m.mtype = m.pid; /* the answer goes to the client that asked */
		if (msgsnd(id, &m, BODY_SIZE, 0) < 0)
			perror("msgdemo: msgsnd");
	}
	msgctl(id, IPC_RMID, NULL);
	printf("msgdemo: server stopped, queue removed\n");
	return 0;
}

/* Send one request and wait for its answer; 0 if the answer is the text in upper case. */
static int ask(int id, const char *text, int quiet)
{
	struct message m = {REQUEST, getpid(), ""};
	snprintf(m.text, sizeof(m.text), "%s", text);
	if (msgsnd(id, &m, BODY_SIZE, 0) < 0) {
		perror("msgdemo: msgsnd");
		return 1;
	}
	struct message answer;
	if (msgrcv(id, &answer, BODY_SIZE, getpid(), 0) < 0) {
		perror("msgdemo: msgrcv");
		return 1;
	}
	if (!quiet)
		printf("msgdemo: sent '%s', got '%s'\n", text, answer.text);
	for (size_t i = 0; text[i]; i++)
		if (answer.text[i] != toupper((unsigned char)text[i]))
			return 1;
	return answer.text[strlen(text)] != '\0';
}

static int stop(void)
{
	int id = queue(0);
	struct message m = {STOP, getpid(), ""};
	return id < 0 || msgsnd(id, &m, BODY_SIZE, 0) < 0;
}

/* A server and n clients, each asking several questions; exit 0 if all answers were right. */
static int self_test(int n)
{
	msgctl(msgget(KEY, 0), IPC_RMID, NULL); /* a queue left over from before */
	int id = queue(1);                      /* made before anyone uses it */
	if (id < 0)
		return 1;
	pid_t server = fork();
	if (server == 0)
		exit(serve());
	int failed = 0;
	for (int c = 0; c < n; c++) {
		if (fork() == 0) {
			int bad = 0;
			for (int q = 0; q < 20; q++) {
				char text[32];
				snprintf(text, sizeof(text), "client%d-question%d", c, q);
				bad |= ask(id, text, 1);
			}
			_exit(bad);
		}
	}
	for (int c = 0; c < n; c++) {
		int status;
		wait(&status);
		failed |= !WIFEXITED(status) || WEXITSTATUS(status) != 0;
	}
	stop();
	int status;
	waitpid(server, &status, 0);
	printf("msgdemo: %d clients, %s\n", n, failed ? "WRONG answers" : "every answer right");
	return failed || !WIFEXITED(status) || WEXITSTATUS(status) != 0;
}

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "server") == 0)
		return serve();
	if (argc >= 3 && strcmp(argv[1], "client") == 0) {
		int id = queue(0);
		return id < 0 ? 1 : ask(id, argv[2], 0);
	}
	if (argc >= 2 && strcmp(argv[1], "stop") == 0)
		return stop();
	if (argc >= 3 && strcmp(argv[1], "test") == 0)
		return self_test(atoi(argv[2]));
	fprintf(stderr, "usage: msgdemo server | client TEXT | stop | test N\n");
	return 2;
}
