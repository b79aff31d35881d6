/*
 * shmread: print the message shmwrite left in a shared memory segment.
 *
 *   shmread [-f FILE]
 *
 * The segment is found by its key, as shmwrite made it: 0x5348 ("SH"), or
 * ftok(FILE, 'S') with -f FILE (give shmwrite the same FILE).  shmget with
 * flags 0 only looks the key up: without shmwrite it fails with ENOENT.
 * shmread prints the text, then sets `state` to 2 to tell shmwrite, which
 * is waiting for that, and detaches.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/shm.h>
#include <time.h>

#define DEFAULT_KEY 0x5348

struct board {
	volatile int state; /* 0 empty, 1 message written, 2 message read */
	char text[1020];
};

int main(int argc, char **argv)
{
	key_t key = DEFAULT_KEY;
	if (argc == 3 && strcmp(argv[1], "-f") == 0) {
		key = ftok(argv[2], 'S');
		if (key == -1) {
			perror(argv[2]);
			return 1;
		}
	} else if (argc != 1) {
		fprintf(stderr, "usage: shmread [-f FILE]\n");
		return 2;
	}

	int id = shmget(key, 0, 0); /* size 0, no IPC_CREAT: find, never create */
	if (id < 0) {
		if (errno == ENOENT)
			fprintf(stderr, "shmread: no segment with key 0x%x: start shmwrite first\n",
			        (unsigned)key);
		else
			perror("shmread: shmget");
		return 1;
	}
	struct board *b = shmat(id, NULL, 0);
	if (b == (struct board *)-1) {
		perror("shmread: shmat");
		return 1;
	}

	/* shmwrite may have made the segment but not written yet: wait up to 5 s. */
	struct timespec pause = {0, 50 * 1000 * 1000};
	for (int i = 0; b->state != 1 && i < 100; i++)
		nanosleep(&pause, NULL);
	int ok = b->state == 1;
	if (ok) {
		printf("%s\n", b->text);
		b->state = 2; /* tell shmwrite */
	} else {
		fprintf(stderr, "shmread: segment %d holds no message\n", id);
	}
	shmdt(b);
	return ok ? 0 : 1;
}
