/*
 * shmwrite: leave a message in a shared memory segment for shmread.
 *
 *   shmwrite [-f FILE] MESSAGE...      e.g.   shmwrite hello &
 *                                              shmread
 *
 * Two programs started separately find the same segment through a KEY:
 * 0x5348 ("SH") unless -f FILE is given, and then ftok(FILE, 'S'), a key
 * made from the file's inode (any file both can see: shmread -f FILE too).
 *
 * shmwrite creates the segment (IPC_CREAT), writes the message and sets
 * `state` to 1; then it waits, checking every 50 ms for up to a minute,
 * until shmread sets `state` to 2.  Then it detaches and removes the
 * segment.  Both programs declare the same struct board: the segment is
 * just bytes, its layout is whatever the programs agree on.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/shm.h>
#include <time.h>
#include <unistd.h>

#define DEFAULT_KEY 0x5348

struct board {
	volatile int state; /* 0 empty, 1 message written, 2 message read */
	char text[1020];
};

int main(int argc, char **argv)
{
	key_t key = DEFAULT_KEY;
	int first = 1;
	if (argc > 2 && strcmp(argv[1], "-f") == 0) {
		key = ftok(argv[2], 'S');
		if (key == -1) {
			perror(argv[2]);
			return 1;
		}
		first = 3;
	}
	if (first >= argc) {
		fprintf(stderr, "usage: shmwrite [-f FILE] MESSAGE...\n");
		return 2;
	}

	/* Find or create the segment with our key; everyone may read and write it. */
	int id = shmget(key, sizeof(struct board), IPC_CREAT | 0666);
	if (id < 0) {
		perror("shmwrite: shmget");
		return 1;
	}
	struct board *b = shmat(id, NULL, 0);
	if (b == (struct board *)-1) {
		perror("shmwrite: shmat");
		return 1;
	}

	/* The message: the arguments joined by spaces. */
	b->state = 0;
	b->text[0] = '\0';
	for (int i = first; i < argc; i++) {
		if (i > first)
			strncat(b->text, " ", sizeof(b->text) - strlen(b->text) - 1);
		strncat(b->text, argv[i], sizeof(b->text) - strlen(b->text) - 1);
	}
	b->state = 1; /* last: shmread must not see a half-written text */
	printf("shmwrite: wrote \"%s\" into segment %d (key 0x%x); waiting for shmread\n", b->text,
	       id, (unsigned)key);
	fflush(stdout);

	/* Wait for the reader: poll every 50 ms, give up after a minute. */
	struct timespec pause = {0, 50 * 1000 * 1000};
	int waited;
	for (waited = 0; b->state != 2 && waited < 60 * 20; waited++)
		nanosleep(&pause, NULL);
	if (b->state == 2)
		printf("shmwrite: shmread got it; removing the segment\n");
	else
		printf("shmwrite: nobody read it within a minute; removing the segment\n");

	shmdt(b);
	shmctl(id, IPC_RMID, NULL);
	return 0;
}
